import type { Db } from './db/database';

/** The shipped example values are marked fonte = esempio; this is the one way to take them all out. */
export const EXAMPLE_SOURCE = 'esempio';

export function removeExampleValues(db: Db): number {
	return db.sqlite.transaction(() => db.sqlite.prepare('DELETE FROM measurement WHERE source = ?').run(EXAMPLE_SOURCE).changes)();
}

/** How many example values the database holds. */
export function countExampleValues(db: Db): number {
	return db.sqlite.prepare('SELECT count(*) FROM measurement WHERE source = ?').pluck().get(EXAMPLE_SOURCE) as number;
}
