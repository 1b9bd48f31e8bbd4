import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { recordQuery } from './query-counter';

const statements = new WeakMap<Db['sqlite'], Map<string, Statement>>();

/**
 * Runs a read query through a prepared statement kept for the connection, with rows as arrays: for the
 * queries whose rows number in the tens of thousands (a whole plan), building an object per row with
 * named keys costs more than SQLite's work. Counted like kysely's queries (Server-Timing).
 * Only for a fixed set of query texts (the cache is never trimmed): values go in `params`.
 *
 * `repeated`: the columns whose texts repeat from row to row (a parent's fields on each child row of a
 * join, states, types, dates). SQLite gives every cell a new string; for results the server keeps (a
 * plan's evaluation, its phases, its trends) the copies were about 13 MiB of the ~80 MiB it keeps alive at
 * 100 times the plan, and V8 lets its heap grow to twice what is alive (scripts/heap-growth.js). Equal
 * texts of those columns then share one string, found in a map that lives for this call only.
 */
export function runRaw<Row extends unknown[]>(db: Db, query: string, params: unknown[], repeated?: readonly number[]): Row[] {
	let cache = statements.get(db.sqlite);
	if (!cache) statements.set(db.sqlite, (cache = new Map()));
	let statement = cache.get(query);
	if (!statement) cache.set(query, (statement = db.sqlite.prepare(query).raw(true)));
	const started = performance.now();
	const rows = statement.all(...params) as Row[];
	// Timed before the sharing: Server-Timing's «db» is SQLite's time, not this process's own work.
	recordQuery(performance.now() - started, query);
	if (repeated && repeated.length > 0 && rows.length > 1) shareRepeatedTexts(rows, repeated);
	return rows;
}

/** Makes equal strings of the given columns one string (the first seen), in place. */
export function shareRepeatedTexts(rows: unknown[][], columns: readonly number[]): void {
	const seen = new Map<string, string>();
	for (const row of rows) {
		for (const c of columns) {
			const value = row[c];
			if (typeof value !== 'string') continue;
			const first = seen.get(value);
			if (first === undefined) seen.set(value, value);
			else row[c] = first;
		}
	}
}

/**
 * SQL_CONSTANTS_NOT_BOUND. A constant of the code (never a user's value) written into a query's text
 * as an SQL string literal. Why not bind it: SQLite keeps per-value statistics of indexed columns
 * (ANALYZE with STAT4, as better-sqlite3 builds it), and a statement whose plan may depend on the value
 * bound to such a column, or on a bound LIMIT, is prepared again at each run with a new binding.
 * Measured on the layout's header query (`source = ?`, the examples' source): 13 µs a run instead of
 * 3,4 with the value written in, 60–80 µs in the loaded server, on every page.
 */
export function sqlText(constant: string): string {
	return `'${constant.replace(/'/g, "''")}'`;
}
