/**
 * Live evaluation of a plan, or part of it, at a monitoring date: two set-based queries (objectives;
 * indicators with the latest value of each at the date), a third for the phases only when the year's
 * rules measure objectives by their phases, then the pure achievement engine.
 * Drafts are a director's work in progress: they count nowhere until submitted.
 *
 * No batch job and no stale cache: a result is reused only while the database's revision token is the
 * one it was computed at (see cache/data-revision.ts), so every request sees the data as it is. After
 * the server's own value writes, a whole plan's result is brought up to date by recomputing only the
 * objectives whose values changed (cache/value-journal.ts); anything else evaluates again in full.
 */
import {
	aggregateAchievement,
	indicatorAchievement,
	isFinalDate,
	objectiveAchievement,
	withIndicatorRules,
	statusOf,
	type AchievementSettings,
	type AggregateAchievement,
	type IndicatorResult,
	type ObjectiveAchievement,
	type Status
} from '../achievement/achievement';
import type { Db } from './db/database';
import { runRaw } from './db/raw-query';
import { RevisionMemo } from './cache/revision-memo';
import { objectivesChangedBetween } from './cache/value-journal';
import { withPhaseMeasure } from '../phases/measure';
import { phasesForEvaluation } from './phase-measure.repository';
import type { Share } from '../shared-objectives';
import type { Dimension, IndicatorType, MeasurementState, Polarity } from '../vocabulary';

export interface EvaluationScope {
	planId: number;
	directorId?: number;
	centreCode?: string;
	publicValueId?: number;
	objectiveId?: number;
	/** Only these objectives (bringing a whole plan's result up to date after a value write). */
	objectiveIds?: readonly number[];
	/** Values that count: by default all but drafts; the public pages count only validated ones. */
	valueStates?: MeasurementState[];
}

export interface LatestValue {
	date: string;
	value: number | null;
	valueDate: string | null;
	/** A graded indicator's grade (the number is then null). */
	grade: string | null;
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
	dimension: Dimension | null;
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
	/** The lead: enters the values. */
	directorId: number;
	director: string;
	/** A shared objective's directors and CdRs with their quota of its weight; empty when not shared. */
	shares: Share[];
	/** Assigned to «tutti i dirigenti» of the year: `shares` holds each of them at quota 100. */
	allDirectors: boolean;
	/** Links to the DUP. */
	mission: string | null;
	programme: string | null;
	strategicObjective: string | null;
	indicators: EvaluatedIndicator[];
	achievement: ObjectiveAchievement;
}

export function indicatorStatus(result: IndicatorResult, settings: AchievementSettings): Status {
	if (result.kind === 'not_measurable') return 'not_measurable';
	if (result.kind === 'not_measured') return 'not_measured';
	return statusOf(result.score, settings);
}

/**
 * The evaluated objectives of a scope, in plan order (public value, then position). The result is shared
 * between requests and frozen: callers filter and map it, never change it.
 */
export async function evaluateScope(db: Db, scope: EvaluationScope, date: string, settings: AchievementSettings): Promise<readonly EvaluatedObjective[]> {
	const results = evaluations.current(db);
	const states = [...(scope.valueStates ?? DEFAULT_VALUE_STATES)].sort().join(',');
	// The same date, rules and counted states give the same results; the scope narrows them.
	const base = `${date}|${JSON.stringify(settings)}|${states}|${scope.planId}`;
	const key = `${base}|${scope.directorId ?? ''}|${scope.centreCode ?? ''}|${scope.publicValueId ?? ''}|${scope.objectiveId ?? ''}`;
	const known = results.get(key);
	if (known) return known;

	// A part of a plan whose whole is already evaluated is a filter of it: an objective's achievement
	// depends only on its own indicators, and the order is the same.
	const whole = results.get(`${base}||||`);
	const result = whole ? Object.freeze(whole.filter((o) => inScope(o, scope))) : freeze(computeScope(db, scope, date, settings));
	if (!whole) evaluationCounts.full += result.length;
	if (!whole && isWholePlan(scope)) wholePlans.set(result, { scope, date, settings });
	results.set(key, result);
	return result;
}

/**
 * How many objectives were evaluated in full and how many carried over by recomputing only what value
 * writes changed, since the process started: lets the tests see which path a result took.
 */
export const evaluationCounts = { full: 0, carried: 0 };

/** The evaluation of a scope from the database, bypassing every memo: the reference the carried results must equal. */
export function evaluateInFull(db: Db, scope: EvaluationScope, date: string, settings: AchievementSettings): readonly EvaluatedObjective[] {
	return freeze(computeScope(db, scope, date, settings));
}

function isWholePlan(scope: EvaluationScope): boolean {
	return scope.directorId === undefined && scope.centreCode === undefined && scope.publicValueId === undefined && scope.objectiveId === undefined && scope.objectiveIds === undefined;
}

/** What a whole plan's result was computed from, so that it can be brought up to date after a value write. */
const wholePlans = new WeakMap<readonly EvaluatedObjective[], { scope: EvaluationScope; date: string; settings: AchievementSettings }>();

/**
 * Carries whole-plan results over a revision change made only of the server's own value writes: the
 * objectives they touched are evaluated again (one pair of queries for all of them) and take their
 * place; every other objective's result depends only on its own indicators and stays. Results of a
 * part of a plan are not carried: they are filters of the whole, made again on demand.
 */
function carryEvaluations(db: Db, from: string, to: string, entries: Array<[string, readonly EvaluatedObjective[]]>): Array<[string, readonly EvaluatedObjective[]]> {
	const changed = objectivesChangedBetween(db, from, to);
	if (!changed) return [];
	// Writes that touched no objective (a sign-in, a sign-out): every result stays as it is.
	if (changed.size === 0) return entries.filter(([, whole]) => wholePlans.has(whole));
	const carried: Array<[string, readonly EvaluatedObjective[]]> = [];
	for (const [key, whole] of entries) {
		const made = wholePlans.get(whole);
		if (!made) continue;
		const fresh = new Map(computeScope(db, { ...made.scope, objectiveIds: [...changed] }, made.date, made.settings).map((o) => [o.id, freezeObjective(o)]));
		evaluationCounts.carried += whole.length - fresh.size;
		const updated = Object.freeze(whole.map((o) => fresh.get(o.id) ?? o));
		wholePlans.set(updated, made);
		carried.push([key, updated]);
	}
	return carried;
}

function inScope(o: EvaluatedObjective, scope: EvaluationScope): boolean {
	return (
		(scope.directorId === undefined || o.directorId === scope.directorId || o.shares.some((s) => s.directorId === scope.directorId)) &&
		(scope.centreCode === undefined || o.centreCode === scope.centreCode) &&
		(scope.publicValueId === undefined || o.publicValueId === scope.publicValueId) &&
		(scope.objectiveId === undefined || o.id === scope.objectiveId)
	);
}

/** About three whole plans of scale 100 (≈ 30.000 objectives and indicators, ≈ 15 MB each). */
const evaluations = new RevisionMemo<readonly EvaluatedObjective[]>(
	100_000,
	(objectives) => objectives.reduce((n, o) => n + 1 + o.indicators.length, 1),
	carryEvaluations
);

/** Shared results must not be changed by one caller under another's feet: a mistake throws instead. */
function freeze(objectives: EvaluatedObjective[]): readonly EvaluatedObjective[] {
	for (const o of objectives) freezeObjective(o);
	return Object.freeze(objectives);
}

function freezeObjective(o: EvaluatedObjective): EvaluatedObjective {
	if (o.achievement.byPhases) Object.freeze(o.achievement.byPhases);
	for (const i of o.indicators) {
		Object.freeze(i.latest);
		Object.freeze(i.result);
		Object.freeze(i);
	}
	Object.freeze(o.indicators);
	for (const share of o.shares) Object.freeze(share);
	Object.freeze(o.shares);
	Object.freeze(o.achievement);
	return Object.freeze(o);
}

function computeScope(db: Db, scope: EvaluationScope, date: string, settings: AchievementSettings): EvaluatedObjective[] {
	// The scope as SQL conditions on objective o (and its CdR c); a statement per shape, prepared once.
	const where = ['o.plan_id = ?'];
	const params: Array<string | number> = [scope.planId];
	// A director's objectives: those he leads and those he has a share of.
	if (scope.directorId !== undefined) {
		where.push('(o.director_id = ? OR o.id IN (SELECT objective_id FROM objective_assignment WHERE director_id = ?))');
		params.push(scope.directorId, scope.directorId);
	}
	if (scope.centreCode !== undefined) where.push('c.code = ?'), params.push(scope.centreCode);
	if (scope.publicValueId !== undefined) where.push('o.public_value_id = ?'), params.push(scope.publicValueId);
	if (scope.objectiveId !== undefined) where.push('o.id = ?'), params.push(scope.objectiveId);
	// One statement whatever the number of ids: the list travels as a JSON array.
	if (scope.objectiveIds !== undefined) where.push('o.id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(scope.objectiveIds));
	const conditions = where.join(' AND ');
	const states = (scope.valueStates ?? DEFAULT_VALUE_STATES).map((st) => `'${st.replace(/'/g, "''")}'`).join(', ');

	const objectiveRows = runRaw<[number, string, string, number | null, number, string, string, string, number, string, string | null, string | null, string | null]>(
		db,
		`SELECT o.id, o.code, o.title, o.weight, pv.id, pv.name, c.code, c.name, d.id, d.name, o.mission, o.programme, o.strategic_objective
		FROM objective o
		JOIN public_value pv ON pv.id = o.public_value_id
		JOIN responsibility_centre c ON c.id = o.centre_id
		JOIN director d ON d.id = o.director_id
		WHERE ${conditions}
		ORDER BY pv.position, o.position`,
		params,
		[5, 6, 7, 9, 10, 11, 12]
	);

	// Indicators of the same scope with their latest value at the date, in one pass: one index seek per
	// indicator on measurement (indicator_id, date), never a scan of the history.
	const indicatorRows = runRaw<
		[number, number, string, string, IndicatorType | null, string | null, Polarity | null, number | null, number | null, string | null, number | null,
			string | null, number | null, string | null, string | null, string | null, MeasurementState | null, Dimension | null, string | null]
	>(
		db,
		`SELECT i.id, i.objective_id, i.code, i.description, i.type, i.unit, i.polarity, i.baseline, i.target, i.target_date, i.weight,
			m.date, m.value, m.value_date, m.justification, m.source, m.state, i.dimension, m.grade
		FROM objective o
		${scope.centreCode !== undefined ? 'JOIN responsibility_centre c ON c.id = o.centre_id' : ''}
		JOIN indicator i ON i.objective_id = o.id
		LEFT JOIN measurement m ON m.id = (
			SELECT m2.id FROM measurement m2
			WHERE m2.indicator_id = i.id AND m2.date <= ? AND m2.state IN (${states})
			ORDER BY m2.date DESC LIMIT 1)
		WHERE ${conditions}
		ORDER BY i.objective_id, i.position`,
		[date, ...params],
		[4, 5, 6, 9, 11, 13, 15, 16, 17, 18]
	);

	// The shares of the plan's shared objectives: few rows, one query, whatever the scope.
	const sharesByObjective = new Map<number, Share[]>();
	const forAllDirectors = new Set<number>();
	for (const [objectiveId, directorId, director, centreCode, centreName, quota, all] of runRaw<[number, number, string, string, string, number, number]>(
		db,
		`SELECT a.objective_id, d.id, d.name, c.code, c.name, a.quota, o.all_directors
		FROM objective_assignment a JOIN objective o ON o.id = a.objective_id JOIN director d ON d.id = a.director_id JOIN responsibility_centre c ON c.id = a.centre_id
		WHERE o.plan_id = ? ORDER BY a.objective_id, a.quota DESC, d.name`,
		[scope.planId],
		[2, 3, 4]
	)) {
		let list = sharesByObjective.get(objectiveId);
		if (!list) sharesByObjective.set(objectiveId, (list = []));
		list.push({ directorId, director, centreCode, centreName, quota });
		if (all) forAllDirectors.add(objectiveId);
	}

	// «Misura dalle fasi» (rules of the year): the scope's dated phases with their reports at the date, one
	// more statement only when the rules ask. The same states count as for values (public pages: validated).
	const phasesByObjective =
		(settings.phaseMeasure ?? 'no') === 'no'
			? null
			: phasesForEvaluation(db, { conditions, params, withCentre: scope.centreCode !== undefined }, date, scope.valueStates ?? DEFAULT_VALUE_STATES);

	const indicatorsByObjective = new Map<number, EvaluatedIndicator[]>();
	for (const r of indicatorRows) {
		const spec = { type: r[4], polarity: r[6], baseline: r[7], target: r[8], targetDate: r[9] };
		const latest: LatestValue | null =
			r[11] === null ? null : { date: r[11], value: r[12], valueDate: r[13], grade: r[18], justification: r[14], source: r[15], state: r[16]! };
		const result = indicatorAchievement(withIndicatorRules(spec, r[2], settings), latest && { value: latest.value, valueDate: latest.valueDate, grade: latest.grade }, settings);
		const evaluated: EvaluatedIndicator = {
			id: r[0],
			objectiveId: r[1],
			code: r[2],
			description: r[3],
			...spec,
			unit: r[5],
			weight: r[10],
			dimension: r[17],
			latest,
			result,
			status: indicatorStatus(result, settings)
		};
		let list = indicatorsByObjective.get(r[1]);
		if (!list) indicatorsByObjective.set(r[1], (list = []));
		list.push(evaluated);
	}

	return objectiveRows.map((o) => {
		const indicators = indicatorsByObjective.get(o[0]) ?? [];
		return {
			id: o[0],
			code: o[1],
			title: o[2],
			weight: o[3],
			publicValueId: o[4],
			publicValue: o[5],
			centreCode: o[6],
			centreName: o[7],
			directorId: o[8],
			director: o[9],
			shares: sharesByObjective.get(o[0]) ?? [],
			allDirectors: forAllDirectors.has(o[0]),
			mission: o[10],
			programme: o[11],
			strategicObjective: o[12],
			indicators,
			achievement: withPhaseMeasure(
				objectiveAchievement(indicators.map((i) => ({ weight: i.weight, result: i.result })), settings, { atFinalDate: isFinalDate(date) }),
				phasesByObjective?.get(o[0]) ?? [],
				date,
				settings
			)
		};
	});
}

const DEFAULT_VALUE_STATES: MeasurementState[] = ['inviato', 'restituito', 'accettato', 'validato'];

export interface Group<K> {
	key: K;
	label: string;
	objectives: EvaluatedObjective[];
	achievement: AggregateAchievement;
}

/** Aggregates objectives by a key (director, CdR, public value), in the order keys first appear. */
export function aggregateBy<K>(
	objectives: readonly EvaluatedObjective[],
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

export function aggregateOf(objectives: ReadonlyArray<Pick<EvaluatedObjective, 'weight' | 'achievement'>>, settings: AchievementSettings): AggregateAchievement {
	// The engine reads only `weight` and `achievement`: the objectives go in as they are, not copied.
	return aggregateAchievement(objectives, settings);
}

/**
 * The distinct dates that hold values in a year, by a loose index scan on measurement(date): one seek per
 * distinct date, however many values each date holds.
 */
export function measurementDatesOfYear(db: Db, year: number): string[] {
	const to = `${year}-12-31`;
	return runRaw<[string]>(
		db,
		`WITH RECURSIVE d(date) AS (
			SELECT (SELECT MIN(date) FROM measurement WHERE date >= ? AND date <= ?)
			UNION ALL
			SELECT (SELECT MIN(date) FROM measurement WHERE date > d.date AND date <= ?) FROM d WHERE d.date IS NOT NULL
		)
		SELECT date FROM d WHERE date IS NOT NULL`,
		[`${year}-01-01`, to, to]
	).map((r) => r[0]);
}

export async function measurementDatesInYear(db: Db, year: number): Promise<string[]> {
	return measurementDatesOfYear(db, year);
}
