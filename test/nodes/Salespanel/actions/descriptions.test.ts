// The field definitions of the action node (actions/descriptions.ts), a pure helper: what each builder
// draws, which the readers in parameters.ts and the editor rely on.
import type { INodeProperties } from 'n8n-workflow';

import {
	additionalFieldsCollection,
	optionalTextField,
	optionsCollection,
	rateLimitOptions,
	requiredTextField,
	resultLimitFields,
	VISITOR_FIELD,
	visitorLocatorField,
	type TextField,
} from '../../../../nodes/Salespanel/actions/descriptions';

const labelField: TextField = {
	displayName: 'Label',
	name: 'label',
	example: 'demo_viewed',
	description: 'The action',
};
const ID = 'be8364a3-59b2-d17e-988f-27fb997df240';

test('Return All and Limit: Limit is shown only without Return All, at least 1, 50 by default', () => {
	const [returnAll, limit] = resultLimitFields;
	expect([returnAll.name, returnAll.type, returnAll.default]).toEqual([
		'returnAll',
		'boolean',
		false,
	]);
	expect([limit.name, limit.default, limit.typeOptions?.minValue]).toEqual(['limit', 50, 1]);
	expect(limit.displayOptions).toEqual({ show: { returnAll: [false] } });
});

test("Options: the operation's own options first, then the rate limit pair; empty by default", () => {
	const own: INodeProperties = { displayName: 'Own', name: 'own', type: 'boolean', default: false };
	const options = optionsCollection([own]);
	expect([options.name, options.type, options.default]).toEqual(['options', 'collection', {}]);
	expect(options.options).toEqual([own, ...rateLimitOptions]);
	expect(rateLimitOptions.map((o) => [o.name, o.default])).toEqual([
		['rateLimitRequests', 60],
		['rateLimitWindowSeconds', 60],
	]);
	expect(optionsCollection().options).toEqual(rateLimitOptions);
});

test('Additional Fields: a collection of the given fields, empty by default', () => {
	const field = optionalTextField(labelField);
	expect(additionalFieldsCollection([field])).toMatchObject({
		name: 'additionalFields',
		type: 'collection',
		default: {},
		options: [field],
	});
});

test('text fields: one definition gives the name, label, placeholder and description; only the required one is required', () => {
	const drawn = {
		displayName: 'Label',
		name: 'label',
		type: 'string',
		default: '',
		placeholder: 'e.g. demo_viewed',
		description: 'The action',
	};
	expect(requiredTextField(labelField)).toEqual({ ...drawn, required: true });
	expect(optionalTextField(labelField)).toEqual(drawn);
});

describe('the visitor picker', () => {
	const modes = (property: INodeProperties) => property.modes?.map((mode) => mode.name);
	const regexOf = (property: INodeProperties, mode: string) => {
		const rule = property.modes?.find((m) => m.name === mode)?.validation?.[0] as unknown as {
			properties: { regex: string };
		};
		return new RegExp(`^${rule.properties.regex}$`);
	};

	test('From List, By Email and By ID, named as saved workflows have it, labelled Visitor, required', () => {
		const field = visitorLocatorField({
			name: 'visitorIdentifier',
			byEmail: true,
			description: 'Whose',
		});
		expect([field.name, field.displayName, field.type, field.required, field.default]).toEqual([
			'visitorIdentifier',
			VISITOR_FIELD,
			'resourceLocator',
			true,
			{ mode: 'list', value: '' },
		]);
		expect(modes(field)).toEqual(['list', 'email', 'id']);
		expect(field.modes?.[0].typeOptions).toEqual({
			searchListMethod: 'searchVisitors',
			searchable: true,
		});
	});

	test('an endpoint that takes only the ID has no By Email; Identify lists anonymous visitors first', () => {
		const field = visitorLocatorField({
			name: 'visitorId',
			byEmail: false,
			anonymousFirst: true,
			description: 'Who',
		});
		expect(modes(field)).toEqual(['list', 'id']);
		expect(field.modes?.[0].typeOptions?.searchListMethod).toBe('searchVisitorsAnonymousFirst');
	});

	test('By ID takes a contact_id in any case and no email; By Email takes an email and no ID', () => {
		const field = visitorLocatorField({ name: 'visitorId', byEmail: true, description: 'Who' });
		expect(regexOf(field, 'id').test(ID.toUpperCase())).toBe(true);
		expect(regexOf(field, 'id').test('jane@acme.com')).toBe(false);
		expect(regexOf(field, 'email').test('Jane.Doe+x@Acme.CO')).toBe(true);
		expect(regexOf(field, 'email').test(ID)).toBe(false);
	});
});
