import { sql, type Kysely } from 'kysely';

/**
 * A transversal objective, assigned to «tutti i dirigenti» of its plan year (assegnazioni.csv): the flag
 * says so, and the importer keeps its shares equal to every director of the year, each at full weight.
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql.raw('ALTER TABLE objective ADD COLUMN all_directors INTEGER NOT NULL DEFAULT 0 CHECK (all_directors IN (0, 1))').execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw('ALTER TABLE objective DROP COLUMN all_directors').execute(db);
}
