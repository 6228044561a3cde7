import { simplifyVisitor, standardVisitor } from '../../shared/helpers/simplify';
import { simplifyField } from '../../shared/fields';
import { attributionPath, visitorReadOperation } from '../visitorRead';

/**
 * The visitor endpoint takes only the contact_id; the attribution endpoint also takes an email and
 * answers with the standard visitor plus attribution extras, which are dropped so that both ways
 * give the same item.
 */
export const getVisitor = visitorReadOperation({
	visitorField: {
		name: 'visitorId',
		byEmail: true,
		description: 'The visitor to get; by email only once identified',
	},
	simplifyField,
	path: (visitor) =>
		visitor.kind === 'email' ? attributionPath(visitor) : `visitors/${visitor.encoded}/`,
	output(answer, { visitor, simplify }) {
		const standard = visitor.kind === 'email' ? standardVisitor(answer) : answer;
		return simplify ? simplifyVisitor(standard) : standard;
	},
});
