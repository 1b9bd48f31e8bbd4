import { sql, type Kysely } from 'kysely';

/**
 * The monitoring campaign as a body runs it: a due date for entry on each monitoring date, an e-mail
 * address on accounts (for reminders), and the record of every reminder sent (who, when, what).
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE monitoring_period ADD COLUMN due_date TEXT`.execute(db);
	await sql`ALTER TABLE user ADD COLUMN email TEXT`.execute(db);
	await db.schema
		.createTable('reminder')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('sent_at', 'text', (c) => c.notNull())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('period_date', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.references('user.id').onDelete('set null'))
		.addColumn('director_id', 'integer', (c) => c.notNull().references('director.id'))
		.addColumn('recipient', 'text', (c) => c.notNull())
		// 'in_scadenza' before the due date, 'scaduto' after it.
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind IN ('in_scadenza', 'scaduto')`))
		.addColumn('missing', 'integer', (c) => c.notNull())
		.addColumn('returned', 'integer', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('reminder_period').on('reminder').columns(['plan_id', 'period_date', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('reminder').execute();
	await sql`ALTER TABLE user DROP COLUMN email`.execute(db);
	await sql`ALTER TABLE monitoring_period DROP COLUMN due_date`.execute(db);
}
