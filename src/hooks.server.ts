import type { Handle, ServerInit } from '@sveltejs/kit';
import { databasePathFromEnv, openMigratedDatabase, type Db } from '$lib/server/db/database';
import { seedIfEmpty } from '$lib/server/seed';
import { serverTimingHeader, withQueryTally } from '$lib/server/db/query-counter';

let db: Db;

/** Runs once when the server starts: open the database, bring its schema up to date, seed a new one. */
export const init: ServerInit = async () => {
	const file = databasePathFromEnv();
	db = await openMigratedDatabase(file);
	console.log(`Database: ${file} (${seedIfEmpty(db)})`);
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.db = db;
	return withQueryTally(async (tally) => {
		const response = await resolve(event);
		// How many SQL queries this response took: a page's count must not grow with the data.
		response.headers.set('Server-Timing', serverTimingHeader(tally));
		return secure(response);
	});
};

function secure(response: Response): Response {
	// Pages show text from CSV files: a strict policy makes sure none of it can ever run as script.
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
}
