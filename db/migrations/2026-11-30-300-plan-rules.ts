import { sql, type Kysely } from 'kysely';

/**
 * The scoring rules belong to a plan year (a body's SMVP is updated every year): one row per plan, the
 * rules as JSON and a short description of where they come from. The rules held so far in the global
 * setting `achievement` become every existing plan's, so no score moves on upgrade.
 * Rules of a year with a validated monitoring date are locked like its values: the database refuses
 * to insert, change or delete them (an admin reopens the date first).
 * Frozen in time: never import application code from here.
 */
const VALIDATED = (planId: string) => `EXISTS (SELECT 1 FROM monitoring_period WHERE plan_id = ${planId} AND state = 'validato')`;
const LOCKED = 'regole di un anno con date validate dal Nucleo: bloccate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('plan_rules')
		.addColumn('plan_id', 'integer', (c) => c.primaryKey().references('plan.id').onDelete('cascade'))
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('rules', 'text', (c) => c.notNull().check(sql`json_valid(rules)`))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.notNull())
		.execute();
	await sql`
		INSERT INTO plan_rules (plan_id, description, rules, updated_at, updated_by)
		SELECT p.id, 'Regole dell''impostazione generale precedente', s.value, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'aggiornamento del database'
		FROM plan p JOIN setting s ON s.key = 'achievement' AND json_valid(s.value)`.execute(db);
	for (const statement of [
		`CREATE TRIGGER plan_rules_locked_insert BEFORE INSERT ON plan_rules WHEN ${VALIDATED('NEW.plan_id')}
		 BEGIN SELECT RAISE(ABORT, '${LOCKED}'); END`,
		`CREATE TRIGGER plan_rules_locked_update BEFORE UPDATE ON plan_rules WHEN ${VALIDATED('OLD.plan_id')} OR ${VALIDATED('NEW.plan_id')}
		 BEGIN SELECT RAISE(ABORT, '${LOCKED}'); END`,
		// A plan deleted as a whole takes its rules along (the cascade): only a lone delete is refused.
		`CREATE TRIGGER plan_rules_locked_delete BEFORE DELETE ON plan_rules
		 WHEN ${VALIDATED('OLD.plan_id')} AND EXISTS (SELECT 1 FROM plan WHERE id = OLD.plan_id)
		 BEGIN SELECT RAISE(ABORT, '${LOCKED}'); END`
	]) {
		await sql.raw(statement).execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('plan_rules').execute();
}
