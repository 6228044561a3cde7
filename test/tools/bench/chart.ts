// bench/chart.svg: Return All wall time against N for each set-up, with the throttle floor.
// Plain SVG written by hand (no dependencies).
import { contenderLabel, floorMinutes, requestsFor } from './report';
import type { BenchConfig, RunRecord } from './scenarios';
import { RETURN_ALL_CONTENDERS } from './scenarios';
import { spread, thousands } from './stats';

const COLORS: Record<string, string> = {
	ours: '#1f77b4',
	http: '#d62728',
	'http-interval': '#ff7f0e',
	floor: '#555555',
};

const esc = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceStep(max: number): number {
	const raw = max / 6;
	const power = 10 ** Math.floor(Math.log10(raw || 1));
	return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? power * 10;
}

export function renderChart(config: BenchConfig, records: RunRecord[]): string {
	const ns = [...config.ns].sort((a, b) => a - b);
	const width = 760;
	const height = 440;
	const m = { left: 64, right: 24, top: 48, bottom: 128 };
	const plotW = width - m.left - m.right;
	const plotH = height - m.top - m.bottom;

	const series = RETURN_ALL_CONTENDERS.map((contender) => ({
		contender,
		points: ns.map((n) => {
			const rs = records.filter(
				(r) => r.scenario === 'returnAll' && r.contender === contender && r.n === n,
			);
			const s = spread(rs.map((r) => r.result.wallMs / 1000));
			const failed = rs.filter((r) => !r.ok);
			return {
				n,
				s,
				failed: failed.length,
				runs: rs.length,
				items: spread(failed.map((r) => r.unique ?? 0)).median,
			};
		}),
	}));
	const floors = ns.map((n) => ({
		n,
		seconds: (floorMinutes(requestsFor(n)) * config.minuteMs) / 1000,
	}));
	const yMax =
		Math.max(
			1,
			...floors.map((f) => f.seconds),
			...series.flatMap((s) => s.points.map((p) => (Number.isFinite(p.s.max) ? p.s.max : 0))),
		) * 1.08;
	const step = niceStep(yMax);
	const top = Math.ceil(yMax / step) * step;

	const logMin = Math.log10(ns[0]);
	const logMax = Math.log10(ns[ns.length - 1]);
	const x = (n: number) =>
		logMax === logMin
			? m.left + plotW / 2
			: m.left + ((Math.log10(n) - logMin) / (logMax - logMin)) * plotW * 0.9 + plotW * 0.05;
	const y = (s: number) => m.top + plotH - (s / top) * plotH;

	const out: string[] = [];
	out.push(
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
	);
	out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
	out.push(
		`<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Return All: wall time vs visitors (median of ${config.runs} runs, min–max bars)</text>`,
	);
	out.push(
		`<text x="${width / 2}" y="38" text-anchor="middle" fill="#555">throttle 60 per minute, one throttle-minute = ${config.minuteMs / 1000} s on the sandbox's time scale</text>`,
	);
	for (let v = 0; v <= top + 1e-9; v += step) {
		out.push(
			`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`,
		);
		out.push(`<text x="${m.left - 8}" y="${y(v) + 4}" text-anchor="end">${+v.toFixed(3)}</text>`);
	}
	out.push(
		`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#333"/>`,
	);
	out.push(
		`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#333"/>`,
	);
	for (const n of ns) {
		out.push(
			`<line x1="${x(n)}" x2="${x(n)}" y1="${m.top + plotH}" y2="${m.top + plotH + 5}" stroke="#333"/>`,
		);
		out.push(
			`<text x="${x(n)}" y="${m.top + plotH + 19}" text-anchor="middle">${thousands(n)}</text>`,
		);
	}
	out.push(
		`<text x="${m.left + plotW / 2}" y="${m.top + plotH + 38}" text-anchor="middle">visitors N (log scale), R = ⌈N/100⌉ requests</text>`,
	);
	out.push(
		`<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle">wall time, s</text>`,
	);

	// Floor: ⌊(R−1)/60⌋ throttle minutes, a step function of N (sampled along the axis).
	const floorAt = (n: number) => (floorMinutes(requestsFor(n)) * config.minuteMs) / 1000;
	const floorPoints: string[] = [];
	const samples = 600;
	for (let i = 0; i <= samples; i++) {
		const n =
			logMax === logMin ? ns[0] : Math.round(10 ** (logMin + ((logMax - logMin) * i) / samples));
		const previous =
			i > 0
				? floorAt(
						logMax === logMin
							? ns[0]
							: Math.round(10 ** (logMin + ((logMax - logMin) * (i - 1)) / samples)),
					)
				: undefined;
		if (previous !== undefined && previous !== floorAt(n))
			floorPoints.push(`${x(n)},${y(previous)}`);
		floorPoints.push(`${x(n)},${y(floorAt(n))}`);
	}
	out.push(
		`<polyline fill="none" stroke="${COLORS.floor}" stroke-width="2" stroke-dasharray="6 4" points="${floorPoints.join(' ')}"/>`,
	);

	for (const { contender, points } of series) {
		const color = COLORS[contender];
		const drawn = points.filter((p) => p.runs > 0);
		const ok = drawn.filter((p) => p.failed === 0);
		// Faint connectors only: between the measured N the throttle floor is a step, not a line.
		if (ok.length > 1)
			out.push(
				`<polyline fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.45" stroke-dasharray="2 3" points="${ok.map((p) => `${x(p.n)},${y(p.s.median)}`).join(' ')}"/>`,
			);
		for (const p of drawn) {
			const px = x(p.n);
			out.push(
				`<line x1="${px}" x2="${px}" y1="${y(p.s.min)}" y2="${y(p.s.max)}" stroke="${color}" stroke-width="1.5"/>`,
			);
			if (p.failed === 0) {
				out.push(`<circle cx="${px}" cy="${y(p.s.median)}" r="4.5" fill="${color}"/>`);
			} else {
				const py = y(p.s.median);
				out.push(
					`<path d="M${px - 5},${py - 5} L${px + 5},${py + 5} M${px - 5},${py + 5} L${px + 5},${py - 5}" stroke="${color}" stroke-width="2.5"/>`,
				);
				const right = px > m.left + plotW / 2;
				out.push(
					`<text x="${right ? px - 9 : px + 9}" y="${py - 7}" text-anchor="${right ? 'end' : 'start'}" fill="${color}" font-size="11">failed: ${thousands(p.items)} of ${thousands(p.n)} items</text>`,
				);
			}
		}
	}

	const legend: Array<[string, string, boolean]> = [
		...RETURN_ALL_CONTENDERS.map((c): [string, string, boolean] => [
			COLORS[c],
			contenderLabel(config, 'returnAll', c),
			false,
		]),
		[COLORS.floor, 'throttle floor ⌊(R−1)/60⌋ minutes', true],
	];
	legend.forEach(([color, label, dashed], i) => {
		const ly = m.top + plotH + 58 + i * 16;
		out.push(
			`<line x1="${m.left}" x2="${m.left + 28}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
		);
		out.push(`<text x="${m.left + 36}" y="${ly}">${esc(label)}</text>`);
	});
	out.push(
		`<text x="${m.left + plotW}" y="${m.top + plotH + 58}" text-anchor="end" fill="#555">● median of the runs, bar = min–max; dotted = measured N joined</text>`,
	);
	out.push(
		`<text x="${m.left + plotW}" y="${m.top + plotH + 74}" text-anchor="end" fill="#555">× = runs reported "success" but returned too few items</text>`,
	);
	out.push('</svg>');
	return out.join('\n') + '\n';
}
