import type { Db } from '$lib/server/db/database';
import type { SignedInUser } from '$lib/server/auth/users.repository';

declare global {
	namespace App {
		interface Locals {
			db: Db;
			user: SignedInUser | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
