// Network failures: which may be re-sent, and finding their code (pure).
import {
	isRetryableNetworkFailure,
	networkErrorCode,
} from '../../../../../nodes/Salespanel/shared/transport/network';

describe('network failures', () => {
	it('retries GETs after resets and time-outs but POSTs only when the connection was refused', () => {
		expect(isRetryableNetworkFailure('GET', 'ECONNRESET')).toBe(true);
		expect(isRetryableNetworkFailure('GET', 'ETIMEDOUT')).toBe(true);
		expect(isRetryableNetworkFailure('POST', 'ECONNRESET')).toBe(false);
		expect(isRetryableNetworkFailure('POST', 'ETIMEDOUT')).toBe(false);
		expect(isRetryableNetworkFailure('POST', 'ECONNREFUSED')).toBe(true);
		expect(isRetryableNetworkFailure('GET', 'ENOTFOUND')).toBe(false);
	});
	it('finds network codes through wrappers and messages', () => {
		expect(networkErrorCode({ message: 'x', cause: { code: 'ECONNRESET' } })).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toBe('ECONNREFUSED');
		expect(networkErrorCode(new Error('socket hang up'))).toBe('ECONNRESET');
		expect(networkErrorCode(new Error('Bad request'))).toBeUndefined();
	});
});
