import type { Handle, ServerInit } from '@sveltejs/kit';
import { databasePathFromEnv, openMigratedDatabase, type Db } from '$lib/server/db/database';
import { seedIfEmpty } from '$lib/server/seed';

let db: Db;

/** Runs once when the server starts: open the database, bring its schema up to date, seed a new one. */
export const init: ServerInit = async () => {
	const file = databasePathFromEnv();
	db = await openMigratedDatabase(file);
	console.log(`Database: ${file} (${seedIfEmpty(db)})`);
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.db = db;
	const response = await resolve(event);
	// Pages show text from CSV files: a strict policy makes sure none of it can ever run as script.
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};
