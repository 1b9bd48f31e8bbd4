import { sql, type Kysely } from 'kysely';

/**
 * Indicator-level ownership: an indicator may name the director who enters its values (a shared
 * objective's indicator measured by another office). NULL, the default, means the objective's lead.
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	// A column with REFERENCES may be added while its default is NULL, which it is.
	await sql.raw('ALTER TABLE indicator ADD COLUMN director_id INTEGER REFERENCES director(id)').execute(db);
	await sql.raw('CREATE INDEX indicator_director ON indicator(director_id)').execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw('DROP INDEX indicator_director').execute(db);
	await sql.raw('ALTER TABLE indicator DROP COLUMN director_id').execute(db);
}
