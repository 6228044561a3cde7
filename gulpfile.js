/**
 * Build step after `tsc`: copies what TypeScript does not emit — node and credential icons and
 * the codex files (`*.node.json`) — into dist/, next to the compiled classes that reference them.
 */
const { src, dest, parallel } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json'], { base: 'nodes', encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialAssets() {
	return src('credentials/**/*.{png,svg}', { base: 'credentials', encoding: false }).pipe(dest('dist/credentials'));
}

exports.build = parallel(copyNodeAssets, copyCredentialAssets);
exports.default = exports.build;
