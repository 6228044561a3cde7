// Error texts and token redaction (pure helpers; the client's use of them is in client.test.ts).
import {
	describeErrorBody,
	forPicker,
	httpError,
	redactSecret,
} from '../../../../../nodes/Salespanel/shared/transport/errors';
import { toNode } from '../../../../tools/harness';

describe('redactSecret', () => {
	const secret = ['abcd', '1234', 'redactme'].join('-');
	it('replaces the secret in strings, nested objects and error fields, in place', () => {
		const body = { detail: `bad ${secret}`, fields: { email: [`${secret}!`] } };
		expect(redactSecret(body, secret)).toEqual({
			detail: 'bad [redacted]',
			fields: { email: ['[redacted]!'] },
		});
		const error = Object.assign(new Error(`x ${secret}`), {
			description: secret,
			context: { data: secret },
			node: { parameters: { value: secret } },
		});
		redactSecret(error, secret);
		expect([
			error.message,
			error.description,
			error.context.data,
			error.stack?.includes(secret),
		]).toEqual(['x [redacted]', '[redacted]', '[redacted]', false]);
		// The workflow's own node is not the server's text: left alone.
		expect(error.node.parameters.value).toBe(secret);
	});
	it('leaves values alone when the secret is too short to redact safely', () => {
		expect(redactSecret('a b c', 'a')).toBe('a b c');
		expect(redactSecret('anything', '')).toBe('anything');
	});
});

describe('describeErrorBody', () => {
	it('reads DRF detail and field errors', () => {
		expect(describeErrorBody({ detail: 'Invalid token.' })).toBe('Invalid token.');
		expect(
			describeErrorBody({ email: ['Enter a valid email address.'], non_field_errors: ['Bad.'] }),
		).toBe('email: Enter a valid email address.; Bad.');
		expect(describeErrorBody('<html>oops</html>')).toBeUndefined();
		expect(describeErrorBody(null)).toBeUndefined();
	});
});

describe('forPicker', () => {
	const node = toNode({ name: 'Salespanel', type: 'n8n-nodes-salespanel.salespanel' });

	// The editor shows a picker's error as "<httpCode> - <message>": the message must not say it again.
	it.each([400, 401, 403, 404, 418, 429, 500, 101])(
		'HTTP %i: the status is said once, by the editor',
		(status) => {
			const error = httpError(node, { status, body: { detail: 'Nope.' } });
			expect(error.message).toContain(`(${status})`);
			const picked = forPicker(error) as typeof error;
			expect(picked.httpCode).toBe(String(status));
			expect(picked.message).not.toContain(String(status));
			expect(picked.message).toMatch(/^Salespanel .*: Nope\.$/);
		},
	);
});
