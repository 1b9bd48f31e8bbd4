/**
 * Read queries for pages. Each page makes a fixed number of queries whatever the size of the plan:
 * counts come from grouped subqueries, never from a query per row.
 */
import { sql } from 'kysely';
import type { Db } from './db/database';
import { measurementsOfPlan } from './entry.repository';
import { runRaw } from './db/raw-query';
import { EXAMPLE_SOURCE } from './examples';
import type { MeasurementState } from '../vocabulary';

export async function listPlanYears(db: Db): Promise<number[]> {
	const rows = await db.kysely.selectFrom('plan').select('year').orderBy('year', 'desc').execute();
	return rows.map((r) => r.year);
}

/** The plan of a year, or the latest one when no year is asked for. */
export async function findPlan(db: Db, year?: number) {
	let q = db.kysely.selectFrom('plan').select(['id', 'year', 'body', 'title']);
	q = year === undefined ? q.orderBy('year', 'desc').limit(1) : q.where('year', '=', year);
	return (await q.executeTakeFirst()) ?? null;
}

/**
 * What every page's header and footer need, in one statement: the plan of the asked year (else the
 * newest; none when the database holds no plan) and whether any value counted by the page (`states`:
 * the public pages count validated ones only) is an example.
 */
export function pageHeader(db: Db, askedYear: number | null, states?: readonly MeasurementState[]) {
	const onlyStates = states ? `AND state IN (${states.map((st) => `'${st.replace(/'/g, "''")}'`).join(', ')})` : '';
	const [[id, year, body, title, examples]] = runRaw<[number | null, number | null, string | null, string | null, 0 | 1]>(
		db,
		`SELECT p.id, p.year, p.body, p.title, EXISTS (SELECT 1 FROM measurement WHERE source = ? ${onlyStates})
		FROM (SELECT 1) LEFT JOIN plan p ON p.id = COALESCE((SELECT id FROM plan WHERE year = ?), (SELECT id FROM plan ORDER BY year DESC LIMIT 1))`,
		[EXAMPLE_SOURCE, askedYear]
	);
	return { plan: id === null ? null : { id, year: year!, body: body!, title: title! }, examples: examples === 1 };
}

export async function listObjectivesOfPlan(db: Db, planId: number) {
	const phaseCounts = db.kysely
		.selectFrom('phase')
		.select(['objective_id', sql<number>`count(*)`.as('n'), sql<number | null>`sum(amount_cents)`.as('amount_cents')])
		.groupBy('objective_id')
		.as('pc');
	const indicatorCounts = db.kysely
		.selectFrom('indicator')
		.select(['objective_id', sql<number>`count(*)`.as('n')])
		.groupBy('objective_id')
		.as('ic');
	return db.kysely
		.selectFrom('objective as o')
		.innerJoin('public_value as pv', 'pv.id', 'o.public_value_id')
		.innerJoin('responsibility_centre as c', 'c.id', 'o.centre_id')
		.innerJoin('director as d', 'd.id', 'o.director_id')
		.leftJoin(phaseCounts, 'pc.objective_id', 'o.id')
		.leftJoin(indicatorCounts, 'ic.objective_id', 'o.id')
		.where('o.plan_id', '=', planId)
		.select([
			'o.code',
			'o.title',
			'pv.id as public_value_id',
			'pv.name as public_value',
			'c.code as centre_code',
			'c.name as centre_name',
			'd.name as director',
			sql<number>`coalesce(pc.n, 0)`.as('phase_count'),
			sql<number | null>`pc.amount_cents`.as('amount_cents'),
			sql<number>`coalesce(ic.n, 0)`.as('indicator_count')
		])
		.orderBy('pv.position')
		.orderBy('o.position')
		.execute();
}

export async function findObjective(db: Db, planId: number, code: string) {
	return (
		(await db.kysely
			.selectFrom('objective as o')
			.innerJoin('public_value as pv', 'pv.id', 'o.public_value_id')
			.innerJoin('responsibility_centre as c', 'c.id', 'o.centre_id')
			.innerJoin('director as d', 'd.id', 'o.director_id')
			.where('o.plan_id', '=', planId)
			.where('o.code', '=', code)
			.select([
				'o.id', 'o.code', 'o.title', 'o.description', 'o.weight', 'o.mission', 'o.programme', 'o.strategic_objective',
				'pv.id as public_value_id', 'pv.name as public_value', 'c.code as centre_code', 'c.name as centre_name',
				'd.id as director_id', 'd.name as director'
			])
			.executeTakeFirst()) ?? null
	);
}

/**
 * How an objective's indicators are defined beyond their target: formula, quantities, data source, and
 * the director who enters the values when the indicator names one other than the lead.
 */
export async function listIndicatorDefinitions(db: Db, objectiveId: number) {
	return db.kysely
		.selectFrom('indicator as i')
		.leftJoin('director as d', 'd.id', 'i.director_id')
		.where('i.objective_id', '=', objectiveId)
		.select(['i.id', 'i.formula', 'i.numerator_name', 'i.denominator_name', 'i.data_source', 'd.id as owner_id', 'd.name as owner'])
		.execute();
}

export async function listPhases(db: Db, objectiveId: number) {
	return db.kysely
		.selectFrom('phase')
		.where('objective_id', '=', objectiveId)
		.select(['number', 'description', 'amount_cents', 'start_date', 'end_date'])
		.orderBy('number')
		.execute();
}

export async function listIndicators(db: Db, objectiveId: number) {
	return db.kysely
		.selectFrom('indicator')
		.where('objective_id', '=', objectiveId)
		.select(['code', 'description', 'type', 'unit', 'polarity', 'baseline', 'target', 'target_date', 'weight'])
		.orderBy('position')
		.execute();
}

/** Every value (drafts aside) of every indicator of an objective, oldest first: the history behind its charts. */
export async function listMeasurementsOfObjective(db: Db, objectiveId: number) {
	return db.kysely
		.selectFrom('measurement as m')
		.innerJoin('indicator as i', 'i.id', 'm.indicator_id')
		.where('i.objective_id', '=', objectiveId)
		.where('m.state', '<>', 'bozza')
		.select(['m.indicator_id', 'm.date', 'm.value', 'm.value_date', 'm.numerator', 'm.denominator', 'm.grade', 'm.justification', 'm.source', 'm.entered_by', 'm.entered_at', 'm.state', 'm.review_comment', 'm.evidence_url', 'm.evidence_file_id'])
		.orderBy('m.indicator_id')
		.orderBy('m.date')
		.execute();
}

/** Phases of several objectives in one query (a director's page shows them all, one click away). */
export async function listPhasesOfObjectives(db: Db, objectiveIds: number[]) {
	if (objectiveIds.length === 0) return [];
	return db.kysely
		.selectFrom('phase')
		.where('objective_id', 'in', objectiveIds)
		.select(['objective_id', 'number', 'description', 'amount_cents', 'start_date', 'end_date'])
		.orderBy('objective_id')
		.orderBy('number')
		.execute();
}

/** A director by id (name only: his objectives come from the evaluation). */
export async function findDirector(db: Db, id: number) {
	return db.kysely.selectFrom('director').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** Every value of a plan but drafts, oldest date first: the history the Schede show per monitoring date. */
export async function listSubmittedValuesOfPlan(db: Db, planId: number, indicatorIds?: readonly number[]) {
	let query = measurementsOfPlan(db, planId).where('m.state', '<>', 'bozza');
	// One page of the Schede: its indicators only (bounded by the page's lines, not by the plan).
	if (indicatorIds) query = query.where('m.indicator_id', 'in', indicatorIds.length > 0 ? [...indicatorIds] : [-1]);
	return query.select(['m.indicator_id', 'm.date', 'm.value', 'm.value_date', 'm.grade', 'm.justification', 'm.state']).orderBy('m.date').execute();
}
