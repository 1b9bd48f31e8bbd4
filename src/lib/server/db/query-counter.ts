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

/**
 * LOG_SLOW_QUERIES_MS=n prints every query slower than n ms to the server's error output, with its
 * text: the way to find which statement a slow page or save waits on (a CPU profile cannot say, the
 * query runs behind an await).
 */
const slowQueryMillis = Number(process.env.LOG_SLOW_QUERIES_MS) || 0;

export function recordQuery(millis: number, sql?: string): void {
	if (slowQueryMillis > 0 && millis >= slowQueryMillis) console.error(`query lenta (${millis.toFixed(1)} ms): ${sql?.replace(/\s+/g, ' ').slice(0, 400) ?? '(senza testo)'}`);
	const tally = storage.getStore();
	if (tally) {
		tally.queries++;
		tally.millis += millis;
	}
}

export function serverTimingHeader(tally: QueryTally): string {
	return `db;desc="${tally.queries} query";dur=${tally.millis.toFixed(2)}`;
}
