// Error texts and token redaction (pure helpers; the client's use of them is in client.test.ts).
import {
	describeErrorBody,
	redactSecret,
} from '../../../../../nodes/Salespanel/shared/transport/errors';

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
