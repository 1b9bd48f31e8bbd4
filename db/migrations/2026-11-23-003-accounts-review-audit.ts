import { sql, type Kysely } from 'kysely';

/**
 * People and their work: accounts and sessions, failed sign-ins (for throttling), monitoring periods,
 * the review state and version of each value, evidence files, and an append-only audit log.
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('user')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('username', 'text', (c) => c.notNull().unique())
		.addColumn('display_name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('dirigente', 'direzione', 'nucleo', 'admin')`))
		.addColumn('director_id', 'integer', (c) => c.references('director.id'))
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('user_director_role', sql`(role = 'dirigente') = (director_id IS NOT NULL)`)
		.execute();

	await db.schema
		.createTable('session')
		// SHA-256 of the cookie's token: a stolen database does not yield usable sessions.
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'integer', (c) => c.notNull().references('user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_user').on('session').column('user_id').execute();

	await db.schema
		.createTable('login_failure')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('count', 'integer', (c) => c.notNull())
		.addColumn('first_at', 'text', (c) => c.notNull())
		.addColumn('locked_until', 'text')
		.execute();

	await db.schema
		.createTable('monitoring_period')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('state', 'text', (c) => c.notNull().check(sql`state IN ('aperto', 'chiuso', 'validato')`))
		.addUniqueConstraint('monitoring_period_plan_date', ['plan_id', 'date'])
		.execute();

	await db.schema
		.createTable('evidence_file')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('mime', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('data', 'blob', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.notNull())
		.addColumn('uploaded_at', 'text', (c) => c.notNull())
		.execute();

	// Values loaded by import are taken as accepted; values typed by a director start as drafts.
	await sql`ALTER TABLE measurement ADD COLUMN state TEXT NOT NULL DEFAULT 'accettato'
		CHECK (state IN ('bozza', 'inviato', 'restituito', 'accettato', 'validato'))`.execute(db);
	await sql`ALTER TABLE measurement ADD COLUMN version INTEGER NOT NULL DEFAULT 1`.execute(db);
	await sql`ALTER TABLE measurement ADD COLUMN review_comment TEXT`.execute(db);
	await sql`ALTER TABLE measurement ADD COLUMN evidence_url TEXT`.execute(db);
	await sql`ALTER TABLE measurement ADD COLUMN evidence_file_id INTEGER REFERENCES evidence_file(id)`.execute(db);
	await sql`CREATE INDEX measurement_state ON measurement (state) WHERE state IN ('inviato', 'restituito')`.execute(db);

	await db.schema
		.createTable('audit_log')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('user_id', 'integer')
		.addColumn('actor', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('ref', 'text', (c) => c.notNull())
		.addColumn('objective_id', 'integer')
		.addColumn('indicator_id', 'integer')
		.addColumn('before', 'text')
		.addColumn('after', 'text')
		.addColumn('reason', 'text')
		.execute();
	await db.schema.createIndex('audit_log_objective').on('audit_log').columns(['objective_id', 'id']).execute();
	await db.schema.createIndex('audit_log_indicator').on('audit_log').columns(['indicator_id', 'id']).execute();

	const statements = [
		// The log is append-only: not even the application can rewrite history.
		`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'il registro delle modifiche non si può modificare'); END`,
		`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'il registro delle modifiche non si può cancellare'); END`,
		// Values of a validated monitoring date are locked, whoever tries and however.
		`CREATE TRIGGER measurement_locked_insert BEFORE INSERT ON measurement
		 WHEN EXISTS (SELECT 1 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN monitoring_period mp ON mp.plan_id = o.plan_id
		              WHERE i.id = NEW.indicator_id AND mp.date = NEW.date AND mp.state = 'validato')
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: valori bloccati'); END`,
		`CREATE TRIGGER measurement_locked_update BEFORE UPDATE ON measurement
		 WHEN EXISTS (SELECT 1 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN monitoring_period mp ON mp.plan_id = o.plan_id
		              WHERE i.id = OLD.indicator_id AND mp.date = OLD.date AND mp.state = 'validato')
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: valori bloccati'); END`,
		`CREATE TRIGGER measurement_locked_delete BEFORE DELETE ON measurement
		 WHEN EXISTS (SELECT 1 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN monitoring_period mp ON mp.plan_id = o.plan_id
		              WHERE i.id = OLD.indicator_id AND mp.date = OLD.date AND mp.state = 'validato')
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: valori bloccati'); END`
	];
	for (const s of statements) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['audit_log_no_update', 'audit_log_no_delete', 'measurement_locked_insert', 'measurement_locked_update', 'measurement_locked_delete']) {
		await sql.raw(`DROP TRIGGER ${t}`).execute(db);
	}
	await db.schema.dropTable('audit_log').execute();
	await sql`DROP INDEX measurement_state`.execute(db);
	for (const c of ['evidence_file_id', 'evidence_url', 'review_comment', 'version', 'state']) {
		await sql.raw(`ALTER TABLE measurement DROP COLUMN ${c}`).execute(db);
	}
	for (const t of ['evidence_file', 'monitoring_period', 'login_failure', 'session', 'user']) await db.schema.dropTable(t).execute();
}
