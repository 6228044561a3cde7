/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// The README's heading anchors, for the editor tests that check where the nodes' Docs links point.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** GitHub's heading anchors of the README: lower case, punctuation dropped, spaces to hyphens. */
export function readmeAnchors(): string[] {
	return readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.trim()
				.toLowerCase()
				.replace(/[^\p{L}\p{N} _-]/gu, '')
				.replace(/ /g, '-'),
		);
}
