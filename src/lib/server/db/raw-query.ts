import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { recordQuery } from './query-counter';

const statements = new WeakMap<Db['sqlite'], Map<string, Statement>>();

/**
 * Runs a read query through a prepared statement kept for the connection, with rows as arrays: for the
 * queries whose rows number in the tens of thousands (a whole plan), building an object per row with
 * named keys costs more than SQLite's work. Counted like kysely's queries (Server-Timing).
 * Only for a fixed set of query texts (the cache is never trimmed): values go in `params`.
 */
export function runRaw<Row extends unknown[]>(db: Db, query: string, params: unknown[]): Row[] {
	let cache = statements.get(db.sqlite);
	if (!cache) statements.set(db.sqlite, (cache = new Map()));
	let statement = cache.get(query);
	if (!statement) cache.set(query, (statement = db.sqlite.prepare(query).raw(true)));
	const started = performance.now();
	const rows = statement.all(...params) as Row[];
	recordQuery(performance.now() - started, query);
	return rows;
}
