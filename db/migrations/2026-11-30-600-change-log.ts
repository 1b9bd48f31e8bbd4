import { sql, type Kysely } from 'kysely';

/**
 * A change log written by triggers, so that whoever writes (the server, the CLI's import, a second
 * process on the same file) tells the server's memos what moved: src/lib/server/cache/value-journal.ts.
 *
 * One row per objective whose values changed (measurement, phase_progress), keyed by the objective: a
 * later change moves its row to a new, higher `seq` (max(seq) + 1), so the log
 * never holds more rows than there are objectives, even after an import of a million values, and
 * «everything after seq N» is one range read. Objective 0 (no objective has id 0: ids start at 1) is the
 * «structural» row: moved by any change to what the evaluations, trends, searches and reports read
 * besides values (plans, objectives, indicators, targets, dates, rules...), which recomputes everything.
 *
 * Tables left out, on purpose, are listed with their reason in src/lib/server/cache/change-log.ts; a
 * test fails on any table that is neither logged nor listed there.
 * Frozen in time: never import application code from here.
 */
const STRUCTURAL = [
	'plan',
	'public_value',
	'responsibility_centre',
	'director',
	'objective',
	'objective_assignment',
	'phase',
	'indicator',
	'monitoring_period',
	'plan_rules',
	'setting'
];

/** Value tables, with the statement that finds the objectives of rows (`$` stands for the rows' NEW or OLD). */
const VALUES: Array<[table: string, objectiveOf: (rows: string[]) => string]> = [
	['measurement', (rows) => `SELECT objective_id FROM indicator WHERE id IN (${rows.map((r) => `${r}.indicator_id`).join(', ')})`],
	['phase_progress', (rows) => `SELECT objective_id FROM phase WHERE id IN (${rows.map((r) => `${r}.phase_id`).join(', ')})`]
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql.raw('CREATE TABLE change_log (seq INTEGER PRIMARY KEY, objective_id INTEGER NOT NULL UNIQUE)').execute(db);
	// The log starts after every memo any process may hold: a row that says «structural».
	await sql.raw('INSERT INTO change_log (objective_id) VALUES (0)').execute(db);
	// An upsert, not INSERT OR REPLACE: a trigger's OR clause gives way to the outer statement's (an
	// INSERT OR IGNORE would then ignore the log row), an upsert does not. (Each SELECT
	// below has a WHERE clause, which SQLite's grammar needs before ON CONFLICT.)
	const log = (select: string) =>
		`INSERT INTO change_log (objective_id) ${select} ON CONFLICT (objective_id) DO UPDATE SET seq = (SELECT max(seq) FROM change_log) + 1;`;
	for (const table of STRUCTURAL) {
		for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
			await sql.raw(`CREATE TRIGGER ${table}_logged_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN ${log('VALUES (0)')} END`).execute(db);
		}
	}
	// A bulk import of values (a million rows) logs its objectives once, at its end, instead of row by
	// row (3 µs a row): inside its own transaction it puts a row in change_log_pause, which pauses these
	// triggers, and deletes it before committing, so no other connection ever sees it. A table of its
	// own: a WHEN that reads change_log, which the trigger writes, cost the sqlite3 shell 3.40 40 µs a row.
	await sql.raw('CREATE TABLE change_log_pause (since TEXT NOT NULL)').execute(db);
	const unlessPaused = 'WHEN NOT EXISTS (SELECT 1 FROM change_log_pause)';
	for (const [table, objectiveOf] of VALUES) {
		await sql.raw(`CREATE TRIGGER ${table}_logged_insert AFTER INSERT ON ${table} ${unlessPaused} BEGIN ${log(objectiveOf(['NEW']))} END`).execute(db);
		// Both rows: a value moved to another indicator (nothing does it today) changes two objectives.
		await sql.raw(`CREATE TRIGGER ${table}_logged_update AFTER UPDATE ON ${table} ${unlessPaused} BEGIN ${log(objectiveOf(['OLD', 'NEW']))} END`).execute(db);
		await sql.raw(`CREATE TRIGGER ${table}_logged_delete AFTER DELETE ON ${table} ${unlessPaused} BEGIN ${log(objectiveOf(['OLD']))} END`).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [...STRUCTURAL, ...VALUES.map(([t]) => t)]) {
		for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER ${table}_logged_${event}`).execute(db);
	}
	await sql.raw('DROP TABLE change_log_pause').execute(db);
	await sql.raw('DROP TABLE change_log').execute(db);
}
