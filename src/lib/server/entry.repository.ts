import { sql } from 'kysely';
import type { Db } from './db/database';

/** The monitoring dates of a plan and their state. */
export async function listPeriods(db: Db, planId: number) {
	return db.kysely.selectFrom('monitoring_period').where('plan_id', '=', planId).select(['date', 'state', 'due_date']).orderBy('date').execute();
}

/**
 * A director's indicators for one monitoring date, each with its value at the date (any state) and the
 * previous accepted-or-submitted value before it: three queries, whatever the number of indicators.
 */
export async function listEntryRows(db: Db, planId: number, directorId: number, date: string) {
	const k = db.kysely;
	const own = k
		.selectFrom('indicator as i')
		.innerJoin('objective as o', 'o.id', 'i.objective_id')
		.where('o.plan_id', '=', planId)
		.where('o.director_id', '=', directorId);
	const [indicators, current, previous] = await Promise.all([
		own
			.select(['i.id', 'i.code', 'i.description', 'i.type', 'i.unit', 'i.polarity', 'i.baseline', 'i.target', 'i.target_date', 'o.code as objective_code', 'o.title as objective_title'])
			.orderBy('o.position')
			.orderBy('i.position')
			.execute(),
		own
			.innerJoin('measurement as m', (j) => j.onRef('m.indicator_id', '=', 'i.id').on('m.date', '=', date))
			.select(['i.id as indicator_id', 'm.id', 'm.value', 'm.value_date', 'm.justification', 'm.state', 'm.version', 'm.review_comment', 'm.evidence_url', 'm.evidence_file_id', 'm.entered_by', 'm.entered_at'])
			.execute(),
		own
			.innerJoin('measurement as m', (j) =>
				j.onRef('m.id', '=', sql<number>`(SELECT m2.id FROM measurement m2 WHERE m2.indicator_id = i.id AND m2.date < ${date} AND m2.state <> 'bozza' ORDER BY m2.date DESC LIMIT 1)`)
			)
			.select(['i.id as indicator_id', 'm.date', 'm.value', 'm.value_date'])
			.execute()
	]);
	const currentBy = new Map(current.map((c) => [c.indicator_id, c]));
	const previousBy = new Map(previous.map((p) => [p.indicator_id, p]));
	return indicators.map((i) => ({ ...i, current: currentBy.get(i.id) ?? null, previous: previousBy.get(i.id) ?? null }));
}
