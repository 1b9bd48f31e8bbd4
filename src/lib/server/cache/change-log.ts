/**
 * The change log (migration 2026-11-30-600-change-log): triggers on every table a carried result reads
 * record, for each committed change by any connection, either the objective whose values moved
 * (measurement, phase_progress) or objective 0, «structural», which makes every memo start again.
 *
 * Tables without triggers, and why. A write to one of them still moves the data revision (so the page
 * cache, which is dropped on any move, never serves an old page), but carries everything kept: nothing
 * carried over a revision change reads them. change-log.test.ts fails on any table in a migrated
 * database that is neither logged nor listed here, so a new table cannot silently make results stale.
 */
import type { Db } from '../db/database';

export const TABLES_OUTSIDE_THE_PLAN: Readonly<Record<string, string>> = {
	session: 'who is signed in: read per request, never by a kept result',
	login_failure: 'failed sign-ins counted against guessing: read only at sign-in',
	user: 'accounts and roles: read per request to decide what a user sees; kept results are per plan, not per user',
	audit_log: 'the history shown on objective, review and rules pages, read per request; appended with every write it describes',
	evidence_file: 'attached files, downloaded one at a time; a value pointing to one is a measurement row, which is logged',
	reminder: 'e-mails sent, read by the campaign page per request',
	change_log: 'the log itself',
	change_log_pause: 'the log’s pause: holds a row only inside a bulk import’s own transaction (withValueTriggersPaused)',
	kysely_migration: 'which migrations ran',
	kysely_migration_lock: 'the migrator’s lock',
	sqlite_stat1: 'planner statistics (ANALYZE): they change how SQLite reads, never what it reads',
	sqlite_stat4: 'planner statistics (ANALYZE)',
	search_index: 'FTS5 table written only by the triggers of objective, phase and indicator, which are logged as structural',
	search_index_config: 'FTS5 shadow table of search_index',
	search_index_content: 'FTS5 shadow table of search_index',
	search_index_data: 'FTS5 shadow table of search_index',
	search_index_docsize: 'FTS5 shadow table of search_index',
	search_index_idx: 'FTS5 shadow table of search_index'
};

/** The objective id the log uses for «anything but values changed»: ids start at 1. */
export const STRUCTURAL_CHANGE = 0;

/**
 * Runs a bulk write of values (the importer: a million rows) inside the caller's transaction without
 * the value tables' per-row triggers, which would cost it a fifth of its time, and logs instead, once,
 * the objectives `touched` names: a superset is fine (they are only evaluated again), null logs a
 * structural change. Every value the write changes must belong to one of them.
 *
 * The pause is a row of change_log_pause, inserted here and deleted before the caller commits: no other
 * connection ever sees it, so every other writer is logged row by row all the while; and if the write
 * throws, the caller's transaction takes it back with everything else.
 */
export function withValueTriggersPaused<T>(db: Db, write: () => T, touched: (result: T) => number[] | null): T {
	if (!db.sqlite.inTransaction) throw new Error('withValueTriggersPaused: solo dentro una transazione');
	db.sqlite.prepare("INSERT INTO change_log_pause (since) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ'))").run();
	const result = write();
	const ids = touched(result) ?? [STRUCTURAL_CHANGE];
	// The same upsert as the triggers' (migration 2026-11-30-600-change-log), one row at a time: in one
	// statement over many rows SQLite would read max(seq) once and give every row the same position.
	const log = db.sqlite.prepare('INSERT INTO change_log (objective_id) VALUES (?) ON CONFLICT (objective_id) DO UPDATE SET seq = (SELECT max(seq) FROM change_log) + 1');
	for (const id of new Set(ids)) log.run(id);
	db.sqlite.prepare('DELETE FROM change_log_pause').run();
	return result;
}
