import type { Db } from '$lib/server/db/database';

declare global {
	namespace App {
		interface Locals {
			db: Db;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
