import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.ts';

const withCode = (code: string, extra: object = {}) => Object.assign(new Error(`failed: ${code}`), { code, ...extra });

describe('isDatabaseUnavailable', () => {
	it('knows a refused, reset or timed-out connection', () => {
		for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'])
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
	});

	it('knows a Unix socket that is gone, but not any missing file', () => {
		expect(isDatabaseUnavailable(withCode('ENOENT', { syscall: 'connect' }))).toBe(true);
		expect(isDatabaseUnavailable(withCode('ENOENT', { syscall: 'open' }))).toBe(false);
	});

	it('knows PostgreSQL shutting down, starting, or a connection exception', () => {
		for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '08003'])
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(true);
	});

	it('knows pg’s own words when the server goes away', () => {
		expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(isDatabaseUnavailable(new Error('Connection terminated'))).toBe(true);
		expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
	});

	it('looks through causes and aggregated errors (Node tries every address of a host)', () => {
		expect(isDatabaseUnavailable(new Error('Migration failed', { cause: withCode('57P03') }))).toBe(true);
		expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
	});

	it('is not a query’s own error, a busy SQLite file, or anything else', () => {
		for (const code of ['23505', '42P01', '40001', '57014', 'SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE'])
			expect(isDatabaseUnavailable(withCode(code)), code).toBe(false);
		expect(isDatabaseUnavailable(new Error('database is locked'))).toBe(false);
		expect(isDatabaseUnavailable(new Error('Some connection terminated by the user'))).toBe(false);
		for (const value of [null, undefined, 'ECONNREFUSED', 42, {}]) expect(isDatabaseUnavailable(value)).toBe(false);
	});

	it('stops on an error that is its own cause', () => {
		const looping = new Error('loop') as Error & { cause?: unknown };
		looping.cause = looping;
		expect(isDatabaseUnavailable(looping)).toBe(false);
	});
});
