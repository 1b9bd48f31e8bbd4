import { sql } from 'kysely';
import type { Db } from './db/database';
import { ownedBySql } from './ownership';

/**
 * The indicators of a plan with their objective joined (`i`, `o`): the base every list of a plan's
 * indicators or values starts from, so the join and the plan filter are written once.
 */
export function indicatorsOfPlan(db: Db, planId: number) {
	return db.kysely.selectFrom('indicator as i').innerJoin('objective as o', 'o.id', 'i.objective_id').where('o.plan_id', '=', planId);
}

/** The values of a plan's indicators (`m`, `i`, `o`). */
export function measurementsOfPlan(db: Db, planId: number) {
	return db.kysely
		.selectFrom('measurement as m')
		.innerJoin('indicator as i', 'i.id', 'm.indicator_id')
		.innerJoin('objective as o', 'o.id', 'i.objective_id')
		.where('o.plan_id', '=', planId);
}

/** What the achievement of a value depends on: the indicator's definition (select on `i`). */
export const INDICATOR_DEFINITION = ['i.type', 'i.unit', 'i.polarity', 'i.baseline', 'i.target', 'i.target_date'] as const;

/** The monitoring dates of a plan and their state. */
export async function listPeriods(db: Db, planId: number) {
	return db.kysely.selectFrom('monitoring_period').where('plan_id', '=', planId).select(['date', 'state', 'due_date']).orderBy('date').execute();
}

/**
 * A director's indicators for one monitoring date, each with its value at the date (any state) and the
 * previous accepted-or-submitted value before it: three queries, whatever the number of indicators.
 */
export async function listEntryRows(db: Db, planId: number, directorId: number, date: string) {
	const own = indicatorsOfPlan(db, planId).where(ownedBySql(directorId));
	const [indicators, current, previous] = await Promise.all([
		own
			// The objective's lead, named beside an indicator the director enters on someone else's objective.
			.innerJoin('director as lead', 'lead.id', 'o.director_id')
			.select(['i.id', 'i.code', 'i.description', ...INDICATOR_DEFINITION, 'i.numerator_name', 'i.denominator_name', 'o.code as objective_code', 'o.title as objective_title'])
			.select(sql<string | null>`CASE WHEN o.director_id <> ${directorId} THEN lead.name END`.as('objective_lead'))
			.orderBy('o.position')
			.orderBy('i.position')
			.execute(),
		own
			.innerJoin('measurement as m', (j) => j.onRef('m.indicator_id', '=', 'i.id').on('m.date', '=', date))
			.select(['i.id as indicator_id', 'm.id', 'm.value', 'm.value_date', 'm.numerator', 'm.denominator', 'm.grade', 'm.justification', 'm.state', 'm.version', 'm.review_comment', 'm.evidence_url', 'm.evidence_file_id', 'm.entered_by', 'm.entered_at'])
			.execute(),
		own
			.innerJoin('measurement as m', (j) =>
				j.onRef('m.id', '=', sql<number>`(SELECT m2.id FROM measurement m2 WHERE m2.indicator_id = i.id AND m2.date < ${date} AND m2.state <> 'bozza' ORDER BY m2.date DESC LIMIT 1)`)
			)
			.select(['i.id as indicator_id', 'm.date', 'm.value', 'm.value_date', 'm.grade'])
			.execute()
	]);
	const currentBy = new Map(current.map((c) => [c.indicator_id, c]));
	const previousBy = new Map(previous.map((p) => [p.indicator_id, p]));
	return indicators.map((i) => ({ ...i, current: currentBy.get(i.id) ?? null, previous: previousBy.get(i.id) ?? null }));
}

/** A director's indicator codes in a plan, to resolve the codes of an uploaded file among his own only. */
export async function ownIndicatorIdsByCode(db: Db, planId: number, directorId: number): Promise<Map<string, number>> {
	const rows = await indicatorsOfPlan(db, planId).where(ownedBySql(directorId)).select(['i.id', 'i.code']).execute();
	return new Map(rows.map((r) => [r.code, r.id]));
}

/** The values the direction returned to a director, with its comment, oldest date first. */
export async function returnedToDirector(db: Db, planId: number, directorId: number) {
	return measurementsOfPlan(db, planId)
		.where(ownedBySql(directorId))
		.where('m.state', '=', 'restituito')
		.select(['m.date', 'm.review_comment', 'i.code', 'i.description', 'o.code as objective_code'])
		.orderBy('m.date')
		.orderBy('o.position')
		.orderBy('i.position')
		.execute();
}

/** How many values each date has in each state: the monitoring page's counts, one query. */
export async function valueCountsByDateAndState(db: Db, planId: number) {
	return measurementsOfPlan(db, planId)
		.select(['m.date', 'm.state', (eb) => eb.fn.countAll<number>().as('n')])
		.groupBy(['m.date', 'm.state'])
		.execute();
}
