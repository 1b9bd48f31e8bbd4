/**
 * Drafts are a director's work in progress: they count nowhere until submitted.
 *
 * Live evaluation of a plan, or part of it, at a monitoring date: three set-based queries (objectives,
 * indicators, the latest value of each indicator at the date), then the pure achievement engine.
 * No batch job and no cache: every request sees the data as it is.
 */
import { sql } from 'kysely';
import {
	aggregateAchievement,
	indicatorAchievement,
	objectiveAchievement,
	statusOf,
	type AchievementSettings,
	type AggregateAchievement,
	type IndicatorResult,
	type ObjectiveAchievement,
	type Status
} from '../achievement/achievement';
import type { Db } from './db/database';
import { EXAMPLE_SOURCE } from './examples';
import type { IndicatorType, MeasurementState, Polarity } from './db/schema';

export interface EvaluationScope {
	planId: number;
	directorId?: number;
	centreCode?: string;
	publicValueId?: number;
	objectiveId?: number;
}

export interface LatestValue {
	date: string;
	value: number | null;
	valueDate: string | null;
	justification: string | null;
	source: string | null;
	state: MeasurementState;
}

export interface EvaluatedIndicator {
	id: number;
	objectiveId: number;
	code: string;
	description: string;
	type: IndicatorType | null;
	unit: string | null;
	polarity: Polarity | null;
	baseline: number | null;
	target: number | null;
	targetDate: string | null;
	weight: number | null;
	latest: LatestValue | null;
	result: IndicatorResult;
	status: Status;
}

export interface EvaluatedObjective {
	id: number;
	code: string;
	title: string;
	weight: number | null;
	publicValueId: number;
	publicValue: string;
	centreCode: string;
	centreName: string;
	directorId: number;
	director: string;
	indicators: EvaluatedIndicator[];
	achievement: ObjectiveAchievement;
}

export function indicatorStatus(result: IndicatorResult, settings: AchievementSettings): Status {
	if (result.kind === 'not_measurable') return 'not_measurable';
	if (result.kind === 'not_measured') return 'not_measured';
	return statusOf(result.score, settings);
}

export async function evaluateScope(db: Db, scope: EvaluationScope, date: string, settings: AchievementSettings): Promise<EvaluatedObjective[]> {
	const k = db.kysely;
	let objectivesQuery = k
		.selectFrom('objective as o')
		.innerJoin('public_value as pv', 'pv.id', 'o.public_value_id')
		.innerJoin('responsibility_centre as c', 'c.id', 'o.centre_id')
		.innerJoin('director as d', 'd.id', 'o.director_id')
		.where('o.plan_id', '=', scope.planId);
	if (scope.directorId !== undefined) objectivesQuery = objectivesQuery.where('o.director_id', '=', scope.directorId);
	if (scope.centreCode !== undefined) objectivesQuery = objectivesQuery.where('c.code', '=', scope.centreCode);
	if (scope.publicValueId !== undefined) objectivesQuery = objectivesQuery.where('o.public_value_id', '=', scope.publicValueId);
	if (scope.objectiveId !== undefined) objectivesQuery = objectivesQuery.where('o.id', '=', scope.objectiveId);

	const objectiveRows = await objectivesQuery
		.select([
			'o.id', 'o.code', 'o.title', 'o.weight', 'pv.id as public_value_id', 'pv.name as public_value', 'c.code as centre_code',
			'c.name as centre_name', 'd.id as director_id', 'd.name as director'
		])
		.orderBy('pv.position')
		.orderBy('o.position')
		.execute();

	// The same scope, as a subquery, selects the indicators and their latest values.
	const inScope = objectivesQuery.select('o.id');
	const [indicatorRows, latestRows] = await Promise.all([
		k
			.selectFrom('indicator as i')
			.where('i.objective_id', 'in', inScope)
			.select(['i.id', 'i.objective_id', 'i.code', 'i.description', 'i.type', 'i.unit', 'i.polarity', 'i.baseline', 'i.target', 'i.target_date', 'i.weight'])
			.orderBy('i.objective_id')
			.orderBy('i.position')
			.execute(),
		k
			.selectFrom('indicator as i')
			// One index seek per indicator on (indicator_id, date): no scan of the measurement history.
			.innerJoin('measurement as m', (join) =>
				join.onRef(
					'm.id',
					'=',
					sql<number>`(SELECT m2.id FROM measurement m2 WHERE m2.indicator_id = i.id AND m2.date <= ${date} AND m2.state <> 'bozza' ORDER BY m2.date DESC LIMIT 1)`
				)
			)
			.where('i.objective_id', 'in', inScope)
			.select(['i.id as indicator_id', 'm.date', 'm.value', 'm.value_date', 'm.justification', 'm.source', 'm.state'])
			.execute()
	]);

	const latestByIndicator = new Map<number, LatestValue>();
	for (const r of latestRows) {
		latestByIndicator.set(r.indicator_id, { date: r.date, value: r.value, valueDate: r.value_date, justification: r.justification, source: r.source, state: r.state });
	}
	const indicatorsByObjective = new Map<number, EvaluatedIndicator[]>();
	for (const r of indicatorRows) {
		const spec = { type: r.type, polarity: r.polarity, baseline: r.baseline, target: r.target, targetDate: r.target_date };
		const latest = latestByIndicator.get(r.id) ?? null;
		const result = indicatorAchievement(spec, latest && { value: latest.value, valueDate: latest.valueDate }, settings);
		const evaluated: EvaluatedIndicator = {
			id: r.id,
			objectiveId: r.objective_id,
			code: r.code,
			description: r.description,
			...spec,
			unit: r.unit,
			weight: r.weight,
			latest,
			result,
			status: indicatorStatus(result, settings)
		};
		let list = indicatorsByObjective.get(r.objective_id);
		if (!list) indicatorsByObjective.set(r.objective_id, (list = []));
		list.push(evaluated);
	}

	return objectiveRows.map((o) => {
		const indicators = indicatorsByObjective.get(o.id) ?? [];
		return {
			id: o.id,
			code: o.code,
			title: o.title,
			weight: o.weight,
			publicValueId: o.public_value_id,
			publicValue: o.public_value,
			centreCode: o.centre_code,
			centreName: o.centre_name,
			directorId: o.director_id,
			director: o.director,
			indicators,
			achievement: objectiveAchievement(indicators.map((i) => ({ weight: i.weight, result: i.result })), settings)
		};
	});
}

export interface Group<K> {
	key: K;
	label: string;
	objectives: EvaluatedObjective[];
	achievement: AggregateAchievement;
}

/** Aggregates objectives by a key (director, CdR, public value), in the order keys first appear. */
export function aggregateBy<K>(
	objectives: EvaluatedObjective[],
	key: (o: EvaluatedObjective) => K,
	label: (o: EvaluatedObjective) => string,
	settings: AchievementSettings
): Group<K>[] {
	const groups = new Map<K, { label: string; objectives: EvaluatedObjective[] }>();
	for (const o of objectives) {
		const k = key(o);
		let g = groups.get(k);
		if (!g) groups.set(k, (g = { label: label(o), objectives: [] }));
		g.objectives.push(o);
	}
	return [...groups].map(([k, g]) => ({ key: k, label: g.label, objectives: g.objectives, achievement: aggregateOf(g.objectives, settings) }));
}

export function aggregateOf(objectives: EvaluatedObjective[], settings: AchievementSettings): AggregateAchievement {
	return aggregateAchievement(objectives.map((o) => ({ weight: o.weight, achievement: o.achievement })), settings);
}

/**
 * The distinct dates that hold values in a year, by a loose index scan on measurement(date): one seek per
 * distinct date, however many values each date holds.
 */
export async function measurementDatesInYear(db: Db, year: number): Promise<string[]> {
	const from = `${year}-01-01`;
	const to = `${year}-12-31`;
	const result = await sql<{ date: string }>`
		WITH RECURSIVE d(date) AS (
			SELECT (SELECT MIN(date) FROM measurement WHERE date >= ${from} AND date <= ${to})
			UNION ALL
			SELECT (SELECT MIN(date) FROM measurement WHERE date > d.date AND date <= ${to}) FROM d WHERE d.date IS NOT NULL
		)
		SELECT date FROM d WHERE date IS NOT NULL`.execute(db.kysely);
	return result.rows.map((r) => r.date);
}

/** Whether any value in the database is an example (fonte = esempio): the pages then say so. */
export async function hasExampleValues(db: Db): Promise<boolean> {
	const row = await db.kysely.selectFrom('measurement').select('id').where('source', '=', EXAMPLE_SOURCE).limit(1).executeTakeFirst();
	return row !== undefined;
}
