/**
 * Longest label a picker shows. Names come from form submissions: a spam entry can be a
 * megabyte long, and n8n sends every label to the editor.
 */
export const MAX_LABEL_LENGTH = 120;

/** The text cut to `max` characters, the last one an ellipsis; a surrogate pair is never split. */
export function shortened(text: string, max = MAX_LABEL_LENGTH): string {
	if (text.length <= max) return text;
	let cut = text.slice(0, max - 1);
	const last = cut.charCodeAt(cut.length - 1);
	if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
	return `${cut}…`;
}
