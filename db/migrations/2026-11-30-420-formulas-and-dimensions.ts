import { sql, type Kysely } from 'kysely';

/**
 * Indicators defined by a formula (numerator / denominator) and their dimension (efficacia, efficienza,
 * qualità, impatto: the typology of the Funzione Pubblica's guidelines n. 1/2017), where their value
 * comes from; and, on each measured value, the two quantities it was computed from.
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	const statements = [
		`ALTER TABLE indicator ADD COLUMN formula TEXT`,
		`ALTER TABLE indicator ADD COLUMN numerator_name TEXT`,
		`ALTER TABLE indicator ADD COLUMN denominator_name TEXT`,
		`ALTER TABLE indicator ADD COLUMN dimension TEXT CHECK (dimension IN ('efficacia', 'efficienza', 'qualita', 'impatto'))`,
		`ALTER TABLE indicator ADD COLUMN data_source TEXT`,
		`ALTER TABLE measurement ADD COLUMN numerator REAL`,
		`ALTER TABLE measurement ADD COLUMN denominator REAL`
	];
	for (const s of statements) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const c of ['numerator', 'denominator']) await sql.raw(`ALTER TABLE measurement DROP COLUMN ${c}`).execute(db);
	for (const c of ['formula', 'numerator_name', 'denominator_name', 'dimension', 'data_source']) await sql.raw(`ALTER TABLE indicator DROP COLUMN ${c}`).execute(db);
}
