import type { Db } from './db/database';

/**
 * The shipped example values are marked fonte = esempio: measured values, phase reports, and the
 * planned dates of phases the example gave (phase.planned_source). This is the one way to take them all out.
 */
export const EXAMPLE_SOURCE = 'esempio';

/** Removes every example value and phase report, and the example's planned dates; returns how many values and reports went. */
export function removeExampleValues(db: Db): number {
	return db.sqlite.transaction(() => {
		const values = db.sqlite.prepare('DELETE FROM measurement WHERE source = ?').run(EXAMPLE_SOURCE).changes;
		const reports = db.sqlite.prepare('DELETE FROM phase_progress WHERE source = ?').run(EXAMPLE_SOURCE).changes;
		db.sqlite.prepare('UPDATE phase SET start_date = NULL, end_date = NULL, planned_source = NULL WHERE planned_source = ?').run(EXAMPLE_SOURCE);
		return values + reports;
	})();
}

/** How many example values and phase reports the database holds. */
export function countExampleValues(db: Db): number {
	return db.sqlite
		.prepare('SELECT (SELECT count(*) FROM measurement WHERE source = ?) + (SELECT count(*) FROM phase_progress WHERE source = ?)')
		.pluck()
		.get(EXAMPLE_SOURCE, EXAMPLE_SOURCE) as number;
}
