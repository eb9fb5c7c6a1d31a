import type { Db } from '#lib/server/db/index.ts';
import type { SessionUser } from '#lib/server/auth/session.ts';
import type { Session } from '#lib/server/db/schema.ts';

declare global {
	namespace App {
		interface Locals {
			db: Db;
			user: SessionUser | null;
			session: Session | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
