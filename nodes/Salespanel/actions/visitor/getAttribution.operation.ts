import { simplifyAttribution } from '../../shared/helpers/simplify';
import { simplifyField } from '../../shared/fields';
import { attributionPath, visitorReadOperation } from '../visitorRead';

export const getVisitorAttribution = visitorReadOperation({
	visitorField: {
		name: 'visitorIdentifier',
		byEmail: true,
		description: 'The visitor whose attribution to get; by email only once identified',
	},
	simplifyField: {
		...simplifyField,
		description:
			'Whether to return a flat version: visitor fields, time spent (seconds), landing page, and source, medium and every UTM parameter of the first and last touch (e.g. first_touch_utm_source)',
	},
	path: attributionPath,
	output: (answer, { simplify }) => (simplify ? simplifyAttribution(answer) : answer),
});
