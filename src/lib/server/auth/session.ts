import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64url, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '#lib/server/db/index.ts';
import type { Session, User } from '#lib/server/db/schema.ts';
import { clock } from '#lib/server/clock.ts';

// Sessions as Lucia's guide describes: the cookie holds a random token, the database only its hash.
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL = 30 * DAY;
const RENEW_WHEN_UNDER = 15 * DAY;
export const SESSION_COOKIE = 'tablee_session';

export type SessionUser = Pick<User, 'id' | 'organisation_id' | 'role' | 'first_name' | 'last_name' | 'email'>;
export interface SessionValidation {
	session: Session;
	user: SessionUser;
}

export function generateSessionToken(): string {
	const bytes = new Uint8Array(18);
	crypto.getRandomValues(bytes);
	return encodeBase64url(bytes);
}

export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, token: string, userId: string, now = clock.now()): Promise<Session> {
	const session: Session = {
		id: sessionIdFromToken(token),
		user_id: userId,
		expires_at: now + SESSION_TTL,
		created_at: now
	};
	await db.insertInto('session').values(session).execute();
	return session;
}

export async function validateSessionToken(
	db: Db,
	token: string,
	now = clock.now()
): Promise<SessionValidation | null> {
	const id = sessionIdFromToken(token);
	const row = await db
		.selectFrom('session')
		.innerJoin('user', 'user.id', 'session.user_id')
		.select([
			'session.id',
			'session.user_id',
			'session.expires_at',
			'session.created_at',
			'user.organisation_id',
			'user.role',
			'user.first_name',
			'user.last_name',
			'user.email',
			'user.disabled_at'
		])
		.where('session.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	if (now >= row.expires_at || row.disabled_at !== null) {
		await db.deleteFrom('session').where('id', '=', id).execute();
		return null;
	}
	const session: Session = { id, user_id: row.user_id, expires_at: row.expires_at, created_at: row.created_at };
	if (row.expires_at - now < RENEW_WHEN_UNDER) {
		session.expires_at = now + SESSION_TTL;
		await db.updateTable('session').set({ expires_at: session.expires_at }).where('id', '=', id).execute();
	}
	return {
		session,
		user: {
			id: row.user_id,
			organisation_id: row.organisation_id,
			role: row.role,
			first_name: row.first_name,
			last_name: row.last_name,
			email: row.email
		}
	};
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('session').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
	await db.deleteFrom('session').where('user_id', '=', userId).execute();
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: number, secure: boolean): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		path: '/',
		expires: new Date(expiresAt)
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean): void {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
