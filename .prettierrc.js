// Formatting of nodes/, credentials/ and test/ (`npm run format`, checked by `npm run lint`): the settings of
// n8n's node starter (the .prettierrc.js that `@n8n/node-cli` scaffolds), so the code reads like other n8n nodes.
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
};
