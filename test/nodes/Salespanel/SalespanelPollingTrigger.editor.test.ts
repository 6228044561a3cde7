/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties } from 'n8n-workflow';

import { SalespanelPollingTrigger } from '../../../nodes/Salespanel/SalespanelPollingTrigger.node';
import { EVENT_SPECS } from '../../../nodes/Salespanel/polling/events';

// What the n8n editor makes of the polling trigger's description (n8n 1.123 and 2.41 alike).
const description = new SalespanelPollingTrigger().description;
const root = join(__dirname, '..', '..', '..');

/** Every property and option at any depth, with the texts the editor shows as descriptions or hints. */
function texts(properties: INodeProperties[]): Array<[string, string]> {
	const found: Array<[string, string]> = [];
	for (const property of properties) {
		if (property.type === 'notice') found.push([property.name, property.displayName]);
		if (property.description) found.push([property.name, property.description]);
		if (property.hint) found.push([`${property.name} (hint)`, property.hint]);
		for (const option of property.options ?? []) {
			if ('description' in option && typeof option.description === 'string')
				found.push([`${property.name} → ${String(option.name)}`, option.description]);
		}
	}
	return found;
}

describe('Salespanel Polling Trigger in the editor', () => {
	test('one setup notice', () => {
		expect(description.properties.filter((property) => property.type === 'notice')).toHaveLength(1);
	});

	test('the node creator lists it as a trigger, not as an app of actions: no property named Event, Events or Trigger On', () => {
		// The editor turns the options of such a property into actions (research: useActionsGeneration.ts).
		const eventLike = description.properties.filter((property) =>
			['event', 'events', 'trigger on'].includes(property.displayName.toLowerCase()),
		);
		expect(eventLike).toEqual([]);
		const event = description.properties.find((property) => property.name === 'event');
		expect(event?.displayName).toBe('Watch For');
		expect(
			(event?.options ?? []).map((option) => ('value' in option ? option.value : undefined)).sort(),
		).toEqual(Object.keys(EVENT_SPECS).sort());
	});

	test('no description, hint or notice is longer than 300 characters', () => {
		const long = texts(description.properties).filter(([, text]) => text.length > 300);
		expect(long).toEqual([]);
		expect(description.description.length).toBeLessThanOrEqual(300);
	});

	test("the Docs link opens the polling trigger section of this package's README", () => {
		const url = description.documentationUrl ?? '';
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
			homepage: string;
		};
		expect(url.split('#')[0]).toBe(pkg.homepage.split('#')[0]);
		const anchor = url.split('#')[1];
		const headings = readFileSync(join(root, 'README.md'), 'utf8')
			.split('\n')
			.filter((line) => line.startsWith('#'))
			.map((line) =>
				line
					.replace(/^#+\s*/, '')
					.toLowerCase()
					.replace(/[^a-z0-9 -]/g, '')
					.replace(/ /g, '-'),
			);
		expect(headings).toContain(anchor);
	});

	test("the Segments picker loads the account's segments and shows only for Person Segment Qualified", () => {
		const segments = description.properties.find((property) => property.name === 'segments');
		expect(segments).toMatchObject({
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getSegments' },
			allowArbitraryValues: true,
			default: [],
			displayOptions: { show: { event: ['personSegmentQualified'] } },
		});
	});
});

describe('the daily API budget in the editor', () => {
	test('the notice states the cost in one short line without markup (n8n 2.x drops <br> and <b>)', () => {
		const [notice] = description.properties.filter((property) => property.type === 'notice');
		expect(notice.displayName.length).toBeLessThanOrEqual(200);
		expect(notice.displayName).not.toMatch(/[<>\n]/);
		expect(notice.displayName).toContain('every minute ≈ 1,440 a day');
		expect(notice.displayName).toContain('Max Requests per Day');
	});

	test('Options: Max Requests per Day (default 1,000, 0 = no cap) for every event; the re-read period (60) for the Person events only', () => {
		const options = description.properties.find((property) => property.name === 'options');
		expect(options?.type).toBe('collection');
		const byName = new Map(
			(options?.options ?? []).map((option) => [String(option.name), option as INodeProperties]),
		);
		expect(byName.get('maxRequestsPerDay')).toMatchObject({
			displayName: 'Max Requests per Day',
			type: 'number',
			default: 1000,
			typeOptions: { minValue: 0 },
		});
		expect(byName.get('maxRequestsPerDay')?.displayOptions).toBeUndefined();
		expect(byName.get('fullReadMinutes')).toMatchObject({
			type: 'number',
			default: 60,
			displayOptions: { show: { '/event': ['personIdentified', 'personSegmentQualified'] } },
		});
	});
});
