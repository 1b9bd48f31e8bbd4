import { sql, type Kysely } from 'kysely';

/**
 * Phases are monitored too: a phase's progress at a monitoring date (its state, the percentage done,
 * the actual start and end, a note), with the same review cycle, version and locks as a measured value.
 * `phase.planned_source` says where the planned dates came from when they are not the plan's own
 * ('esempio': the shipped example, taken out with the example values).
 * Frozen in time: never import application code from here.
 */
const LOCKED_DATE = (phase: string, date: string) =>
	`EXISTS (SELECT 1 FROM phase f JOIN objective o ON o.id = f.objective_id JOIN monitoring_period mp ON mp.plan_id = o.plan_id
	         WHERE f.id = ${phase} AND mp.date = ${date} AND mp.state = 'validato')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE phase ADD COLUMN planned_source TEXT`.execute(db);
	await db.schema
		.createTable('phase_progress')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('phase_id', 'integer', (c) => c.notNull().references('phase.id').onDelete('cascade'))
		.addColumn('date', 'text', (c) => c.notNull())
		// The phase's own state, as the director reports it.
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('non_avviata', 'in_corso', 'completata', 'sospesa')`))
		.addColumn('percent', 'real', (c) => c.check(sql`percent IS NULL OR (percent >= 0 AND percent <= 100)`))
		.addColumn('actual_start', 'text', (c) => c.check(sql`actual_start IS NULL OR date(actual_start) IS actual_start`))
		.addColumn('actual_end', 'text', (c) => c.check(sql`actual_end IS NULL OR date(actual_end) IS actual_end`))
		.addColumn('note', 'text')
		.addColumn('source', 'text')
		.addColumn('entered_by', 'text', (c) => c.notNull())
		.addColumn('entered_at', 'text', (c) => c.notNull())
		// The review cycle of the report, as for a value: imported reports are taken as accepted.
		.addColumn('state', 'text', (c) => c.notNull().defaultTo('accettato').check(sql`state IN ('bozza', 'inviato', 'restituito', 'accettato', 'validato')`))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('review_comment', 'text')
		.addUniqueConstraint('phase_progress_phase_date', ['phase_id', 'date'])
		.addCheckConstraint('phase_progress_real_date', sql`date(date) IS date`)
		.execute();
	await sql`CREATE INDEX phase_progress_state ON phase_progress (state) WHERE state IN ('inviato', 'restituito')`.execute(db);
	const statements = [
		// A validated monitoring date locks the phases' reports as it locks the values, whoever writes.
		`CREATE TRIGGER phase_progress_locked_insert BEFORE INSERT ON phase_progress WHEN ${LOCKED_DATE('NEW.phase_id', 'NEW.date')}
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: avanzamento delle fasi bloccato'); END`,
		`CREATE TRIGGER phase_progress_locked_update BEFORE UPDATE ON phase_progress
		 WHEN ${LOCKED_DATE('OLD.phase_id', 'OLD.date')} OR ${LOCKED_DATE('NEW.phase_id', 'NEW.date')}
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: avanzamento delle fasi bloccato'); END`,
		`CREATE TRIGGER phase_progress_locked_delete BEFORE DELETE ON phase_progress WHEN ${LOCKED_DATE('OLD.phase_id', 'OLD.date')}
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: avanzamento delle fasi bloccato'); END`
	];
	for (const s of statements) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['phase_progress_locked_insert', 'phase_progress_locked_update', 'phase_progress_locked_delete']) await sql.raw(`DROP TRIGGER ${t}`).execute(db);
	await db.schema.dropTable('phase_progress').execute();
	await sql`ALTER TABLE phase DROP COLUMN planned_source`.execute(db);
}
