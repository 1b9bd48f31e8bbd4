/**
 * Read queries for pages. Each page makes a fixed number of queries whatever the size of the plan:
 * counts come from grouped subqueries, never from a query per row.
 */
import { sql } from 'kysely';
import type { Db } from './db/database';
import { measurementsOfPlan } from './entry.repository';
import { runRaw, sqlText } from './db/raw-query';
import { EXAMPLE_SOURCE } from './examples';
import type { MeasurementState } from '../vocabulary';

// The plan lookups, a director's name and the objective page's reads below run on every page that
// shows them: raw statements kept prepared, rather than kysely's building and compiling at each request.

export async function listPlanYears(db: Db): Promise<number[]> {
	return runRaw<[number]>(db, 'SELECT year FROM plan ORDER BY year DESC', []).map(([year]) => year);
}

/** The plan of a year, or the latest one when no year is asked for. */
export async function findPlan(db: Db, year?: number) {
	const [row] =
		year === undefined
			? runRaw<[number, number, string, string]>(db, 'SELECT id, year, body, title FROM plan ORDER BY year DESC LIMIT 1', [])
			: runRaw<[number, number, string, string]>(db, 'SELECT id, year, body, title FROM plan WHERE year = ?', [year]);
	return row ? { id: row[0], year: row[1], body: row[2], title: row[3] } : null;
}

/**
 * What every page's header and footer need, in one statement: the plan of the asked year (else the
 * newest; none when the database holds no plan) and whether any value counted by the page (`states`:
 * the public pages count validated ones only) is an example.
 */
export function pageHeader(db: Db, askedYear: number | null, states?: readonly MeasurementState[]) {
	const onlyStates = states ? `AND state IN (${states.map(sqlText).join(', ')})` : '';
	const [[id, year, body, title, examples]] = runRaw<[number | null, number | null, string | null, string | null, 0 | 1]>(
		db,
		// The examples' source is written into the text, not bound: a bound value compared with the indexed
		// `source` made SQLite prepare the statement again at every run (SQL_CONSTANTS_NOT_BOUND, db/raw-query.ts).
		`SELECT p.id, p.year, p.body, p.title, EXISTS (SELECT 1 FROM measurement WHERE source = ${sqlText(EXAMPLE_SOURCE)} ${onlyStates})
		FROM (SELECT 1) LEFT JOIN plan p ON p.id = COALESCE((SELECT id FROM plan WHERE year = ?), (SELECT id FROM plan ORDER BY year DESC LIMIT 1))`,
		[askedYear]
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

export function findObjective(db: Db, planId: number, code: string) {
	// Raw rather than through kysely: it runs on every objective page, where kysely's building of the
	// query cost more than SQLite's search by (plan, code).
	const [row] = runRaw<[number, string, string, string, number | null, string | null, string | null, string | null, number, string, string, string, number, string]>(
		db,
		`SELECT o.id, o.code, o.title, o.description, o.weight, o.mission, o.programme, o.strategic_objective, pv.id, pv.name, c.code, c.name, d.id, d.name
		FROM objective o JOIN public_value pv ON pv.id = o.public_value_id JOIN responsibility_centre c ON c.id = o.centre_id JOIN director d ON d.id = o.director_id
		WHERE o.plan_id = ? AND o.code = ?`,
		[planId, code]
	);
	if (!row) return null;
	const [id, objectiveCode, title, description, weight, mission, programme, strategic_objective, public_value_id, public_value, centre_code, centre_name, director_id, director] = row;
	return { id, code: objectiveCode, title, description, weight, mission, programme, strategic_objective, public_value_id, public_value, centre_code, centre_name, director_id, director };
}

/**
 * How an objective's indicators are defined beyond their target: formula, quantities, data source, and
 * the director who enters the values when the indicator names one other than the lead.
 */
export function listIndicatorDefinitions(db: Db, objectiveId: number) {
	const rows = runRaw<[number, string | null, string | null, string | null, string | null, number | null, string | null]>(
		db,
		`SELECT i.id, i.formula, i.numerator_name, i.denominator_name, i.data_source, d.id, d.name
		FROM indicator i LEFT JOIN director d ON d.id = i.director_id WHERE i.objective_id = ?`,
		[objectiveId]
	);
	return rows.map(([id, formula, numerator_name, denominator_name, data_source, owner_id, owner]) => ({ id, formula, numerator_name, denominator_name, data_source, owner_id, owner }));
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
export function listMeasurementsOfObjective(db: Db, objectiveId: number) {
	const rows = runRaw<
		[number, string, number | null, string | null, number | null, number | null, string | null, string | null, string | null, string, string, MeasurementState, string | null, string | null, number | null]
	>(
		db,
		`SELECT m.indicator_id, m.date, m.value, m.value_date, m.numerator, m.denominator, m.grade, m.justification, m.source, m.entered_by, m.entered_at, m.state, m.review_comment, m.evidence_url, m.evidence_file_id
		FROM measurement m JOIN indicator i ON i.id = m.indicator_id
		WHERE i.objective_id = ? AND m.state <> 'bozza' ORDER BY m.indicator_id, m.date`,
		[objectiveId]
	);
	return rows.map(([indicator_id, date, value, value_date, numerator, denominator, grade, justification, source, entered_by, entered_at, state, review_comment, evidence_url, evidence_file_id]) => ({
		indicator_id,
		date,
		value,
		value_date,
		numerator,
		denominator,
		grade,
		justification,
		source,
		entered_by,
		entered_at,
		state,
		review_comment,
		evidence_url,
		evidence_file_id
	}));
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
	const [row] = runRaw<[number, string]>(db, 'SELECT id, name FROM director WHERE id = ?', [id]);
	return row ? { id: row[0], name: row[1] } : undefined;
}

/** Every value of a plan but drafts, oldest date first: the history the Schede show per monitoring date. */
export async function listSubmittedValuesOfPlan(db: Db, planId: number, indicatorIds?: readonly number[]) {
	let query = measurementsOfPlan(db, planId).where('m.state', '<>', 'bozza');
	// One page of the Schede: its indicators only (bounded by the page's lines, not by the plan).
	if (indicatorIds) query = query.where('m.indicator_id', 'in', indicatorIds.length > 0 ? [...indicatorIds] : [-1]);
	return query.select(['m.indicator_id', 'm.date', 'm.value', 'm.value_date', 'm.grade', 'm.justification', 'm.state']).orderBy('m.date').execute();
}
