/**
 * The database cannot be reached right now (issue 17: PostgreSQL restarted): the connection was refused or
 * cut, or the server is shutting down or starting. Such a request gets a 503 with "try again in a moment",
 * never a 500. Errors of the query itself (a constraint, SQLite's SQLITE_BUSY) are not this.
 */

/** Node's codes for a connection that could not be made or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * PostgreSQL's SQLSTATEs: class 08 (connection exception) and the operator's interventions that end sessions
 * or refuse them (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now).
 */
const PG_STATES = /^(08...|57P0[123])$/;

/** pg's own words when the server goes away under it (it gives no code for these). */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/i;

const MAX_DEPTH = 5;

/** Whether `error` (or what caused it, or any error it aggregates) says the database is out of reach. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > MAX_DEPTH) return false;
	const e = error as { code?: unknown; syscall?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
	const code = typeof e.code === 'string' ? e.code : '';
	if (NETWORK_CODES.has(code)) return true;
	// A Unix socket that is gone (the server stopped and removed it) reads as "no such file" on connect.
	if (code === 'ENOENT' && e.syscall === 'connect') return true;
	if (PG_STATES.test(code)) return true;
	if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
	if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
	return isDatabaseUnavailable(e.cause, depth + 1);
}

/** Seconds a client should wait before it asks again (Retry-After). */
export const RETRY_AFTER_SECONDS = 10;
