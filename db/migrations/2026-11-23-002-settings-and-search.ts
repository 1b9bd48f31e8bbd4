import { sql, type Kysely } from 'kysely';

/**
 * Settings of the achievement rules, full-text search over the plan, and an index that makes
 * "are there example values?" instant. Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('setting')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();

	// Only example rows are indexed: the banner's check costs nothing whatever the number of real values.
	await sql`CREATE INDEX measurement_example ON measurement (source) WHERE source = 'esempio'`.execute(db);

	// Accent- and case-insensitive search (remove_diacritics 2 folds "attività" to "attivita").
	// rowid = id * 4 + kind, so triggers find an entry without scanning: 1 objective, 2 phase, 3 indicator.
	await sql`CREATE VIRTUAL TABLE search_index USING fts5(
		kind UNINDEXED, objective_id UNINDEXED, title, body,
		tokenize = 'unicode61 remove_diacritics 2'
	)`.execute(db);

	const statements = [
		`CREATE TRIGGER objective_search_insert AFTER INSERT ON objective BEGIN
			INSERT INTO search_index (rowid, kind, objective_id, title, body) VALUES (new.id * 4 + 1, 'obiettivo', new.id, new.code || ' ' || new.title, new.description);
		END`,
		`CREATE TRIGGER objective_search_update AFTER UPDATE OF code, title, description ON objective BEGIN
			DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
			INSERT INTO search_index (rowid, kind, objective_id, title, body) VALUES (new.id * 4 + 1, 'obiettivo', new.id, new.code || ' ' || new.title, new.description);
		END`,
		`CREATE TRIGGER objective_search_delete AFTER DELETE ON objective BEGIN
			DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
		END`,
		`CREATE TRIGGER phase_search_insert AFTER INSERT ON phase BEGIN
			INSERT INTO search_index (rowid, kind, objective_id, title, body) VALUES (new.id * 4 + 2, 'fase', new.objective_id, '', new.description);
		END`,
		`CREATE TRIGGER phase_search_update AFTER UPDATE OF description, objective_id ON phase BEGIN
			DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
			INSERT INTO search_index (rowid, kind, objective_id, title, body) VALUES (new.id * 4 + 2, 'fase', new.objective_id, '', new.description);
		END`,
		`CREATE TRIGGER phase_search_delete AFTER DELETE ON phase BEGIN
			DELETE FROM search_index WHERE rowid = old.id * 4 + 2;
		END`,
		`CREATE TRIGGER indicator_search_insert AFTER INSERT ON indicator BEGIN
			INSERT INTO search_index (rowid, kind, objective_id, title, body) VALUES (new.id * 4 + 3, 'indicatore', new.objective_id, new.code, new.description);
		END`,
		`CREATE TRIGGER indicator_search_update AFTER UPDATE OF code, description, objective_id ON indicator BEGIN
			DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
			INSERT INTO search_index (rowid, kind, objective_id, title, body) VALUES (new.id * 4 + 3, 'indicatore', new.objective_id, new.code, new.description);
		END`,
		`CREATE TRIGGER indicator_search_delete AFTER DELETE ON indicator BEGIN
			DELETE FROM search_index WHERE rowid = old.id * 4 + 3;
		END`,
		// Rows that existed before this migration.
		`INSERT INTO search_index (rowid, kind, objective_id, title, body) SELECT id * 4 + 1, 'obiettivo', id, code || ' ' || title, description FROM objective`,
		`INSERT INTO search_index (rowid, kind, objective_id, title, body) SELECT id * 4 + 2, 'fase', objective_id, '', description FROM phase`,
		`INSERT INTO search_index (rowid, kind, objective_id, title, body) SELECT id * 4 + 3, 'indicatore', objective_id, code, description FROM indicator`
	];
	for (const statement of statements) await sql.raw(statement).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['objective', 'phase', 'indicator']) {
		for (const op of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER ${t}_search_${op}`).execute(db);
	}
	await sql`DROP TABLE search_index`.execute(db);
	await sql`DROP INDEX measurement_example`.execute(db);
	await db.schema.dropTable('setting').execute();
}
