import { sql, type Kysely } from 'kysely';

/**
 * Codes of indicators are unique within a plan year, no longer across the whole database: a body's
 * permanent indicator codes (the same `I182` every year) recur in next year's plan, and the same code in
 * another year is the same indicator in another year (its lineage). Objectives were already unique by
 * (plan, code).
 *
 * The indicator gets its plan (`plan_id`), kept equal to its objective's plan by a composite foreign key
 * on objective (id, plan_id), so an indicator can never be moved into another year's objective.
 * SQLite cannot drop a column's UNIQUE, so the table is rebuilt with the same ids (values, audit lines
 * and search entries keep pointing at the same rows), inside one transaction with foreign keys off (the
 * documented way: dropping the old table would otherwise cascade to every measurement), and checked
 * with `foreign_key_check` before committing. Frozen in time: never import application code from here.
 */
const INDICATOR_TRIGGERS = [
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
	`CREATE TRIGGER indicator_definition_locked BEFORE UPDATE OF objective_id, type, polarity, baseline, target, target_date, weight ON indicator
	 WHEN (NEW.objective_id IS NOT OLD.objective_id OR NEW.type IS NOT OLD.type OR NEW.polarity IS NOT OLD.polarity
	       OR NEW.baseline IS NOT OLD.baseline OR NEW.target IS NOT OLD.target OR NEW.target_date IS NOT OLD.target_date
	       OR NEW.weight IS NOT OLD.weight)
	  AND EXISTS (SELECT 1 FROM measurement WHERE indicator_id = OLD.id AND state = 'validato')
	 BEGIN SELECT RAISE(ABORT, 'indicatore con valori validati dal Nucleo: definizione bloccata'); END`
];

const COLUMNS = 'id, objective_id, code, position, description, type, unit, polarity, baseline, target, target_date, weight';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function rebuildIndicator(db: Kysely<any>, createNew: string, copy: string, indexes: string[]): Promise<void> {
	// PRAGMA foreign_keys is a no-op inside a transaction: set it first (kysely runs SQLite migrations
	// outside one), then do the rebuild in a transaction of our own, so it is all or nothing.
	await sql`PRAGMA foreign_keys = OFF`.execute(db);
	// The new table takes the old one's name: without this, SQLite would check the triggers of
	// measurement (which name "indicator") while no table of that name exists, and refuse the rename.
	await sql`PRAGMA legacy_alter_table = ON`.execute(db);
	try {
		await sql`BEGIN IMMEDIATE`.execute(db);
		try {
			await sql.raw(createNew).execute(db);
			await sql.raw(copy).execute(db);
			await sql`DROP TABLE indicator`.execute(db);
			await sql`ALTER TABLE indicator_new RENAME TO indicator`.execute(db);
			for (const s of [...indexes, ...INDICATOR_TRIGGERS]) await sql.raw(s).execute(db);
			const broken = await sql`PRAGMA foreign_key_check`.execute(db);
			if (broken.rows.length > 0) throw new Error(`chiavi esterne non valide dopo la migrazione: ${JSON.stringify(broken.rows.slice(0, 5))}`);
			await sql`COMMIT`.execute(db);
		} catch (e) {
			await sql`ROLLBACK`.execute(db);
			throw e;
		}
	} finally {
		await sql`PRAGMA legacy_alter_table = OFF`.execute(db);
		await sql`PRAGMA foreign_keys = ON`.execute(db);
	}
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// The target of the composite foreign key below: (id, plan_id) is unique because id is.
	await sql`CREATE UNIQUE INDEX IF NOT EXISTS objective_id_plan ON objective (id, plan_id)`.execute(db);
	await rebuildIndicator(
		db,
		`CREATE TABLE indicator_new (
			id INTEGER PRIMARY KEY,
			objective_id INTEGER NOT NULL,
			plan_id INTEGER NOT NULL,
			code TEXT NOT NULL,
			position INTEGER NOT NULL,
			description TEXT NOT NULL,
			type TEXT CHECK (type IN ('numero', 'percentuale', 'si_no', 'data')),
			unit TEXT,
			polarity TEXT CHECK (polarity IN ('crescente', 'decrescente')),
			baseline REAL,
			target REAL,
			target_date TEXT,
			weight REAL,
			CONSTRAINT indicator_plan_code UNIQUE (plan_id, code),
			CONSTRAINT indicator_objective_plan FOREIGN KEY (objective_id, plan_id) REFERENCES objective (id, plan_id) ON DELETE CASCADE
		)`,
		`INSERT INTO indicator_new (${COLUMNS}, plan_id)
		 SELECT ${COLUMNS.split(', ').map((c) => `i.${c}`).join(', ')}, o.plan_id FROM indicator i JOIN objective o ON o.id = i.objective_id`,
		[
			'CREATE INDEX indicator_objective ON indicator (objective_id, position)',
			// Lineage: the same code across years.
			'CREATE INDEX indicator_code ON indicator (code)'
		]
	);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	// Only possible while no code is repeated across years (the old UNIQUE would refuse the copy).
	await rebuildIndicator(
		db,
		`CREATE TABLE indicator_new (
			id INTEGER PRIMARY KEY,
			objective_id INTEGER NOT NULL REFERENCES objective (id) ON DELETE CASCADE,
			code TEXT NOT NULL UNIQUE,
			position INTEGER NOT NULL,
			description TEXT NOT NULL,
			type TEXT CHECK (type IN ('numero', 'percentuale', 'si_no', 'data')),
			unit TEXT,
			polarity TEXT CHECK (polarity IN ('crescente', 'decrescente')),
			baseline REAL,
			target REAL,
			target_date TEXT,
			weight REAL
		)`,
		`INSERT INTO indicator_new (${COLUMNS}) SELECT ${COLUMNS} FROM indicator`,
		['CREATE INDEX indicator_objective ON indicator (objective_id, position)']
	);
	await sql`DROP INDEX objective_id_plan`.execute(db);
}
