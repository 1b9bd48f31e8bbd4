import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Counts the SQL queries kysely runs on behalf of one request, so every response can say how many it
 * took (Server-Timing header) and tests can check that a page's count does not grow with the data.
 */
export interface QueryTally {
	queries: number;
	millis: number;
}

const storage = new AsyncLocalStorage<QueryTally>();

export function withQueryTally<T>(fn: (tally: QueryTally) => Promise<T>): Promise<T> {
	const tally: QueryTally = { queries: 0, millis: 0 };
	return storage.run(tally, () => fn(tally));
}

export function recordQuery(millis: number): void {
	const tally = storage.getStore();
	if (tally) {
		tally.queries++;
		tally.millis += millis;
	}
}

export function serverTimingHeader(tally: QueryTally): string {
	return `db;desc="${tally.queries} query";dur=${tally.millis.toFixed(2)}`;
}
