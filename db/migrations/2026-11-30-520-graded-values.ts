import { sql, type Kysely } from 'kysely';

/**
 * Graded indicators: a value can be a named grade («alto», «medio»…), scored by the grades the year's
 * rules give the indicator (`[giudizi CODICE]`). The grade is stored as the rules spell it; its number
 * stays empty. Which grades exist is the rules' business, so the database only keeps the name short.
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await sql.raw(`ALTER TABLE measurement ADD COLUMN grade TEXT CHECK (grade IS NULL OR length(grade) BETWEEN 1 AND 200)`).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw(`ALTER TABLE measurement DROP COLUMN grade`).execute(db);
}
