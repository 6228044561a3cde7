// The parameter readers of the action node (actions/parameters.ts), each run inside n8n-core's real
// ExecuteContext by a probe node whose fields are drawn by actions/descriptions.ts: defaults,
// expressions and resource locator values arrive as they do in the Salespanel node.
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import {
	additionalFieldsCollection,
	optionalTextField,
	optionsCollection,
	requiredTextField,
	resultLimitFields,
	visitorLocatorField,
	type TextField,
} from '../../../../nodes/Salespanel/actions/descriptions';
import {
	readAdditionalText,
	readClientSettings,
	readRequiredText,
	readResultLimit,
	readSimplify,
	readVisitor,
} from '../../../../nodes/Salespanel/actions/parameters';
import type { VisitorField } from '../../../../nodes/Salespanel/actions/types';
import { simplifyField } from '../../../../nodes/Salespanel/shared/fields';
import { createEngine, TestItems, withItems, type RunResult } from '../../../tools/harness';

const labelField: TextField = {
	displayName: 'Label',
	name: 'label',
	example: 'demo_viewed',
	description: 'The action',
};
const noteField: TextField = {
	displayName: 'Note',
	name: 'note',
	example: 'call back',
	description: 'A note',
};
const anyVisitor: VisitorField = {
	name: 'visitorIdentifier',
	byEmail: true,
	description: 'Any visitor',
};
const idOnly: VisitorField = { name: 'visitorId', byEmail: false, description: 'By ID only' };
const ID = 'be8364a3-59b2-d17e-988f-27fb997df240';
const PROBE = 'Parameters Probe';

type Reader = (this: IExecuteFunctions, itemIndex: number) => unknown;

/** The reader `read` of the given field, as the probe calls it. */
const reading = <Field>(
	read: (this: IExecuteFunctions, itemIndex: number, field: Field) => unknown,
	field: Field,
): Reader =>
	function (itemIndex) {
		return read.call(this, itemIndex, field);
	};

/** Runs `reader` for every input item in a probe node with these fields and parameters; each result is one output item's `value`. */
async function runReader(
	properties: INodeProperties[],
	parameters: INodeParameters,
	reader: Reader,
	input: IDataObject[] = [{}],
): Promise<RunResult> {
	class ParametersProbe implements INodeType {
		// A transform node with one input and one output, as the harness's Items node, with the fields under test.
		description: INodeTypeDescription = {
			...new TestItems().description,
			displayName: PROBE,
			name: 'parametersProbe',
			defaults: { name: PROBE },
			usableAsTool: true,
			properties,
		};

		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [
				this.getInputData().map((_, item) => ({
					json: { value: reader.call(this, item) as IDataObject },
					pairedItem: { item },
				})),
			];
		}
	}
	const engine = createEngine({ nodeTypes: [ParametersProbe], credentialTypes: [] });
	return await engine.run(withItems(input, { name: PROBE, type: 'parametersProbe', parameters }));
}

const values = async (
	properties: INodeProperties[],
	parameters: INodeParameters,
	reader: Reader,
	input?: IDataObject[],
) => {
	const run = await runReader(properties, parameters, reader, input);
	expect(run.error).toBeUndefined();
	return run.json(PROBE).map((item) => item.value);
};

describe('readResultLimit', () => {
	const fields = resultLimitFields;
	const maxResults: Reader = function (itemIndex) {
		return readResultLimit.call(this, itemIndex).maxResults ?? 'all';
	};

	test('Return All: no limit; otherwise the Limit, 50 when left as it is', async () => {
		expect(await values(fields, { returnAll: true, limit: 5 }, maxResults)).toEqual(['all']);
		expect(await values(fields, {}, maxResults)).toEqual([50]);
		expect(await values(fields, { limit: 7 }, maxResults)).toEqual([7]);
	});

	test('a Limit from an expression is read per item', async () => {
		expect(
			await values(fields, { limit: '={{ $json.n }}' }, maxResults, [{ n: 7 }, { n: 3 }]),
		).toEqual([7, 3]);
	});

	test.each([['={{ 2.5 }}'], ['={{ 0 }}'], ['={{ "ten" }}']])(
		'Limit %s fails, naming the field and the item',
		async (limit) => {
			const run = await runReader(fields, { limit }, maxResults, [{}, {}]);
			expect(run.error?.message).toMatch(/^'Limit' must be a whole number/);
		},
	);
});

describe('readClientSettings', () => {
	const fields = [optionsCollection()];
	const settings: Reader = function () {
		return readClientSettings.call(this).pacing as unknown as IDataObject;
	};

	test("left as they are: Salespanel's 60 requests a minute", async () => {
		expect(await values(fields, {}, settings)).toEqual([
			{ requestsPerWindow: 60, windowMs: 60_000 },
		]);
	});

	test('whole requests, the window in milliseconds; 0 requests means no pacing', async () => {
		expect(
			await values(
				fields,
				{ options: { rateLimitRequests: 12.7, rateLimitWindowSeconds: 0.5 } },
				settings,
			),
		).toEqual([{ requestsPerWindow: 12, windowMs: 500 }]);
		expect(await values(fields, { options: { rateLimitRequests: 0 } }, settings)).toEqual([
			{ requestsPerWindow: 0, windowMs: 60_000 },
		]);
	});

	test('nonsense from an expression: no pacing rather than a made-up rate, the default window', async () => {
		const nonsense = {
			options: { rateLimitRequests: '={{ "many" }}', rateLimitWindowSeconds: '={{ -5 }}' },
		};
		expect(await values(fields, nonsense, settings)).toEqual([
			{ requestsPerWindow: 0, windowMs: 60_000 },
		]);
	});

	test("one pacer per execution: the first item's options serve every item", async () => {
		const perItem = { options: { rateLimitRequests: '={{ $json.r }}' } };
		expect(await values(fields, perItem, settings, [{ r: 5 }, { r: 99 }])).toEqual([
			{ requestsPerWindow: 5, windowMs: 60_000 },
			{ requestsPerWindow: 5, windowMs: 60_000 },
		]);
	});
});

describe('readVisitor', () => {
	/** The probe with only `field`, set to `value`; each item's identifier as read. */
	const readAs = async (field: VisitorField, value: unknown, input?: IDataObject[]) =>
		await runReader(
			[visitorLocatorField(field)],
			{ [field.name]: value } as INodeParameters,
			function (itemIndex) {
				const { kind, value: read, encoded } = readVisitor.call(this, itemIndex, field);
				return { kind, value: read, encoded };
			},
			input,
		);
	const identifiers = async (field: VisitorField, value: unknown, input?: IDataObject[]) => {
		const run = await readAs(field, value, input);
		expect(run.error).toBeUndefined();
		return run.json(PROBE).map((item) => item.value);
	};

	test('a saved locator (By ID, By Email) and a plain string from an expression', async () => {
		const byId = { kind: 'id', value: ID, encoded: ID };
		expect(await identifiers(anyVisitor, { __rl: true, mode: 'id', value: ID })).toEqual([byId]);
		expect(
			await identifiers(anyVisitor, { __rl: true, mode: 'email', value: 'jane+x@acme.com' }),
		).toEqual([{ kind: 'email', value: 'jane+x@acme.com', encoded: 'jane%2Bx%40acme.com' }]);
		expect(await identifiers(anyVisitor, '={{ $json.who }}', [{ who: ` ${ID} ` }])).toEqual([byId]);
	});

	test('a field that takes only the ID refuses an email, naming the field Visitor', async () => {
		const run = await readAs(idOnly, { __rl: true, mode: 'email', value: 'jane@acme.com' });
		expect(run.error?.message).toBe("'Visitor' must be a visitor ID here, not an email address");
	});

	test('nothing picked From List: empty, with the ways to enter one', async () => {
		const run = await readAs(anyVisitor, { __rl: true, mode: 'list', value: '={{ "" }}' });
		expect(run.error?.message).toBe("'Visitor' is empty");
		expect((run.error as { description?: string }).description).toBe(
			'Select a visitor from the list, or choose By ID or By Email and enter one.',
		);
	});
});

describe('text and switches', () => {
	test('readRequiredText trims; empty after trimming fails with the label and the example', async () => {
		const label = reading(readRequiredText, labelField);
		expect(
			await values([requiredTextField(labelField)], { label: '  demo_viewed ' }, label),
		).toEqual(['demo_viewed']);
		const run = await runReader([requiredTextField(labelField)], { label: '={{ "  " }}' }, label);
		expect(run.error?.message).toBe("'Label' is empty");
		expect((run.error as { description?: string }).description).toBe(
			'Enter a label, e.g. demo_viewed.',
		);
	});

	test("readAdditionalText: the trimmed text of Additional Fields, '' when left out", async () => {
		const note = reading(readAdditionalText, noteField);
		expect(
			await values(
				[additionalFieldsCollection([optionalTextField(noteField)])],
				{ additionalFields: { note: ' call back ' } },
				note,
			),
		).toEqual(['call back']);
		expect(
			await values([additionalFieldsCollection([optionalTextField(noteField)])], {}, note),
		).toEqual(['']);
	});

	test('readSimplify: on unless turned off', async () => {
		const simplify = reading(readSimplify, undefined);
		expect(await values([simplifyField], {}, simplify)).toEqual([true]);
		expect(await values([simplifyField], { simplify: false }, simplify)).toEqual([false]);
	});
});
