/**
 * Achievement over time: a scope's figure at each monitoring date of its year and at the end of each other
 * plan year, each year scored by its own rules (plan_rules). One evaluation pass for every date and year
 * at once: one statement for the objectives with their indicators and counted values, one for the shares
 * (when the figure needs them: a director's), one for every plan's rules (only with several years),
 * whatever the number of dates, years, objectives or values; the latest value of each indicator at each
 * date is then found in memory. Pages stay at a fixed number of queries with several plan years.
 *
 * During a campaign every saved value moves the data revision, and a trend evaluated again from scratch
 * at 100 times the plan costs seconds (every value of every indicator at every date). So a trend's
 * evaluation is kept per revision (RevisionMemo) and, after the server's own value writes, carried over
 * by evaluating again only the objectives those writes touched (value-journal.ts), exactly as the
 * evaluation of a whole plan is: never stale, and still a fixed number of queries.
 */
import {
	isFinalDate,
	objectiveAchievement,
	indicatorAchievement,
	withIndicatorRules,
	type AchievementSettings,
	type IndicatorSpec,
	aggregateAchievement,
	type AggregateAchievement,
	type ObjectiveAchievement
} from '../achievement/achievement';
import { directorAchievement, sharesOf } from '../shared-objectives';
import type { Db } from './db/database';
import { runRaw } from './db/raw-query';
import { indicatorStatus, type EvaluatedIndicator, type EvaluatedObjective, type LatestValue } from './evaluation.service';
import type { Share } from '../shared-objectives';
import type { Dimension, IndicatorType, MeasurementState, Polarity } from '../vocabulary';
import { readRulesOfPlans } from './rules.repository';
import { withPhaseMeasure } from '../phases/measure';
import { phaseHistoriesOfPlans, phasesAt } from './phase-measure.repository';
import type { Trend, TrendPoint } from '../trend';
import { RevisionMemo } from './cache/revision-memo';
import { objectivesChangedBetween } from './cache/value-journal';

export type { Trend, TrendPoint };

/** One evaluation to make: a plan at a date with rules. */
export interface Frame {
	planId: number;
	year: number;
	date: string;
	settings: AchievementSettings;
}

const COUNTED: MeasurementState[] = ['inviato', 'restituito', 'accettato', 'validato'];

/**
 * Every frame's objectives (all of its plan, or only those of one code), in plan order. Two queries for
 * all frames together (objectives with indicators; values), and one for the shares unless told they are
 * not needed. Drafts never count, as in evaluateScope.
 */
export function evaluateFrames(
	db: Db,
	frames: readonly Frame[],
	only: {
		objectiveCode?: string;
		objectiveIds?: readonly number[];
		withoutShares?: boolean;
		/** Objectives with their achievement but no indicators (`indicators` empty): what a trend's figure reads, at a fraction of the memory. */
		lean?: boolean;
	} = {}
): Map<Frame, EvaluatedObjective[]> {
	const out = new Map<Frame, EvaluatedObjective[]>();
	if (frames.length === 0) return out;
	const plans = JSON.stringify([...new Set(frames.map((f) => f.planId))]);
	// Objectives by id (carrying a trend over value writes): one statement whatever their number, found by
	// their key (the unary + keeps the planner off the plan's index, which would read the whole plan).
	let where = only.objectiveIds !== undefined ? 'o.id IN (SELECT value FROM json_each(?)) AND +o.plan_id IN (SELECT value FROM json_each(?))' : 'o.plan_id IN (SELECT value FROM json_each(?))';
	const params: unknown[] = only.objectiveIds !== undefined ? [JSON.stringify(only.objectiveIds), plans] : [plans];
	if (only.objectiveCode !== undefined) (where += ' AND o.code = ?'), params.push(only.objectiveCode);
	const states = COUNTED.map((s) => `'${s}'`).join(', ');

	// Two statements rather than one wide join: a row per value repeating its objective's and indicator's
	// texts made 33 columns × 150.000 rows at 100 times the plan (seconds, and hundreds of MB of
	// short-lived strings). First each objective with its indicators (a row per indicator; one for an
	// objective without indicators), then the values alone.
	const rows = runRaw<
		[number, number, string, string, number | null, number, string, string, string, number, string, string | null, string | null, string | null, number,
			number | null, string | null, string | null, IndicatorType | null, string | null, Polarity | null, number | null, number | null, string | null, number | null, Dimension | null]
	>(
		db,
		`SELECT o.plan_id, o.id, o.code, o.title, o.weight, pv.id, pv.name, c.code, c.name, d.id, d.name, o.mission, o.programme, o.strategic_objective, o.all_directors,
			i.id, i.code, i.description, i.type, i.unit, i.polarity, i.baseline, i.target, i.target_date, i.weight, i.dimension
		FROM objective o JOIN public_value pv ON pv.id = o.public_value_id JOIN responsibility_centre c ON c.id = o.centre_id JOIN director d ON d.id = o.director_id
		LEFT JOIN indicator i ON i.objective_id = o.id
		WHERE ${where} ORDER BY o.plan_id, pv.position, o.position, i.position, i.id`,
		params,
		[2, 3, 6, 7, 8, 10, 11, 12, 13, 18, 19, 20, 23, 25]
	);
	// Every counted value, each indicator's oldest first (the order of the (indicator, date) key).
	const valueRows = runRaw<[number, string, number | null, string | null, string | null, string | null, MeasurementState, string | null]>(
		db,
		`SELECT m.indicator_id, m.date, m.value, m.value_date, m.justification, m.source, m.state, m.grade
		FROM objective o JOIN indicator i ON i.objective_id = o.id JOIN measurement m ON m.indicator_id = i.id AND m.state IN (${states})
		WHERE ${where} ORDER BY m.indicator_id, m.date`,
		params,
		[1, 3, 5, 6, 7]
	);
	const shareRows = only.withoutShares
		? []
		: runRaw<[number, number, string, string, string, number]>(
				db,
				`SELECT a.objective_id, d.id, d.name, c.code, c.name, a.quota
				FROM objective o JOIN objective_assignment a ON a.objective_id = o.id JOIN director d ON d.id = a.director_id JOIN responsibility_centre c ON c.id = a.centre_id
				WHERE ${where} ORDER BY a.objective_id, a.quota DESC, d.name`,
				params,
				[2, 3, 4]
			);

	type ObjectiveRow = (typeof rows)[number];
	type IndicatorRow = { id: number; code: string; description: string; spec: IndicatorSpec; unit: string | null; weight: number | null; dimension: Dimension | null; history: LatestValue[] };
	const objectiveRows: ObjectiveRow[] = [];
	const indicatorsOf = new Map<number, IndicatorRow[]>();
	const indicatorById = new Map<number, IndicatorRow>();
	for (const r of rows) {
		if (objectiveRows.length === 0 || objectiveRows[objectiveRows.length - 1][1] !== r[1]) objectiveRows.push(r);
		if (r[15] === null) continue;
		let list = indicatorsOf.get(r[1]);
		if (!list) indicatorsOf.set(r[1], (list = []));
		const spec: IndicatorSpec = { type: r[18], polarity: r[20], baseline: r[21], target: r[22], targetDate: r[23] };
		const ind: IndicatorRow = { id: r[15], code: r[16]!, description: r[17]!, spec, unit: r[19], weight: r[24], dimension: r[25], history: [] };
		list.push(ind);
		indicatorById.set(ind.id, ind);
	}
	for (const [indicatorId, date, value, valueDate, justification, source, state, grade] of valueRows) {
		indicatorById.get(indicatorId)?.history.push({ date, value, valueDate, justification, source, state, grade });
	}
	const shares = new Map<number, Share[]>();
	for (const [objectiveId, directorId, director, centreCode, centreName, quota] of shareRows) {
		let list = shares.get(objectiveId);
		if (!list) shares.set(objectiveId, (list = []));
		list.push({ directorId, director, centreCode, centreName, quota });
	}

	// Each year's rules turn an indicator's definition into what the engine scores, once per rules, not per frame.
	const specsByRules = new Map<AchievementSettings, Map<number, IndicatorSpec>>();
	const specOf = (r: IndicatorRow, settings: AchievementSettings) => {
		let specs = specsByRules.get(settings);
		if (!specs) specsByRules.set(settings, (specs = new Map()));
		let spec = specs.get(r.id);
		if (!spec) specs.set(r.id, (spec = withIndicatorRules(r.spec, r.code, settings)));
		return spec;
	};
	const noIndicators: EvaluatedIndicator[] = [];

	// «Misura dalle fasi»: one more statement, only when a frame's rules ask for it.
	const phasePlans = [...new Set(frames.filter((f) => (f.settings.phaseMeasure ?? 'no') !== 'no').map((f) => f.planId))];
	const phaseHistories = phasePlans.length === 0 ? [] : phaseHistoriesOfPlans(db, phasePlans, COUNTED, only);

	for (const frame of frames) {
		const { date, settings } = frame;
		const atFinalDate = isFinalDate(date);
		const phases = phaseHistories.length === 0 ? null : phasesAt(phaseHistories, date);
		const objectives: EvaluatedObjective[] = [];
		for (const o of objectiveRows) {
			if (o[0] !== frame.planId) continue;
			const rowsOf = indicatorsOf.get(o[1]) ?? [];
			const results = rowsOf.map((r) => {
				const latest = latestAt(r.history, date);
				return { weight: r.weight, result: indicatorAchievement(specOf(r, settings), latest, settings), latest };
			});
			const indicators: EvaluatedIndicator[] = only.lean
				? noIndicators
				: rowsOf.map((r, n) => {
						const { result, latest } = results[n];
						return { id: r.id, objectiveId: o[1], code: r.code, description: r.description, ...r.spec, unit: r.unit, weight: r.weight, dimension: r.dimension, latest, result, status: indicatorStatus(result, settings) };
					});
			objectives.push({
				id: o[1],
				code: o[2],
				title: o[3],
				weight: o[4],
				publicValueId: o[5],
				publicValue: o[6],
				centreCode: o[7],
				centreName: o[8],
				directorId: o[9],
				director: o[10],
				shares: shares.get(o[1]) ?? [],
				allDirectors: o[14] === 1,
				mission: o[11],
				programme: o[12],
				strategicObjective: o[13],
				indicators,
				achievement: withPhaseMeasure(objectiveAchievement(results, settings, { atFinalDate }), phases?.get(o[1]) ?? [], date, settings)
			});
		}
		out.set(frame, objectives);
	}
	return out;
}

/** The last value on or before the date (values sorted by date). */
function latestAt(values: LatestValue[], date: string): LatestValue | null {
	let found: LatestValue | null = null;
	for (const v of values) {
		if (v.date > date) break;
		found = v;
	}
	return found;
}

/** What a trend's figure reads of an objective: its achievement and who holds it, never its indicators. */
export type TrendObjective = Omit<EvaluatedObjective, 'indicators'>;

/** An objective of a trend without its achievement: one object for every frame of its plan. */
type TrendStatic = Omit<TrendObjective, 'achievement'>;

/**
 * A frame evaluated, compactly: its plan's objectives (the same array for every frame of the plan) and
 * each one's achievement at the frame's date, in the same order. 13 monthly dates of a plan 100 times
 * the shipped one are 100.000 achievements: kept as such, not as 100.000 copies of their objectives.
 */
interface FrameResult {
	objectives: readonly TrendStatic[];
	/** Each objective's weight and achievement at the frame's date, as aggregates read them. */
	scored: readonly Scored[];
}

interface Scored {
	weight: number | null;
	achievement: ObjectiveAchievement;
}

/** One frame evaluated, kept by itself: a trend whose dates grow by one (a value at a new date) reuses the others. */
interface FrameEntry {
	frame: Frame;
	result: FrameResult;
}

/** A trend made from kept frames, by scope and frames: a page read again costs nothing until the next write. */
interface TrendEntry {
	trend: Trend;
}

/**
 * Evaluated frames and the trends made from them, per data revision (one store, so that a page reads
 * the revision token once), weighed by their achievements: room for a plan 100 times the shipped one at
 * 13 monthly dates, several times over. Over value writes the frames are carried and the trends dropped
 * (made again from the carried frames). A frame is evaluated without the shares; the directors' figures
 * read the same achievements through the plan's objectives with their shares (withShares), so the
 * directors' trends and the plan's keep and carry one set of results, not two.
 */
const kept = new RevisionMemo<FrameEntry | TrendEntry>(400_000, (e) => ('trend' in e ? 1 : e.result.scored.length + 1), (db, from, to, entries) =>
	carryFrames(db, from, to, entries.filter((x): x is [string, FrameEntry] => !('trend' in x[1])))
);

/** A short name for a set of rules: equal rules (as JSON) share it, so keys stay short however long the rules. */
const rulesIds = new WeakMap<AchievementSettings, number>();
const rulesByJson = new Map<string, number>();
function rulesId(settings: AchievementSettings): number {
	let id = rulesIds.get(settings);
	if (id === undefined) {
		const json = JSON.stringify(settings);
		id = rulesByJson.get(json) ?? rulesByJson.set(json, rulesByJson.size + 1).get(json)!;
		rulesIds.set(settings, id);
	}
	return id;
}

function frameKey(frame: Frame): string {
	return `${frame.planId}|${frame.date}|${rulesId(frame.settings)}`;
}

/**
 * Frames evaluated again only for the objectives that value writes changed; the rest stay as they were.
 * All the kept frames together: one evaluation (a fixed number of statements).
 * An objective whose achievement came out the same keeps its object, and a frame where none changed stays
 * the same frame (a value saved at 15 June leaves every earlier date as it was): figures kept per frame
 * (figureOf) then hold, and a carry costs only the frames that moved.
 */
function carryFrames(db: Db, from: string, to: string, entries: Array<[string, FrameEntry]>): Array<[string, FrameEntry]> {
	const changed = objectivesChangedBetween(db, from, to);
	if (!changed) return [];
	// Writes that touched no objective (a sign-in, a sign-out): everything stays as it is.
	if (changed.size === 0) return entries;
	const fresh = evaluateFrames(db, entries.map(([, e]) => e.frame), { objectiveIds: [...changed], withoutShares: true, lean: true });
	trendCounts.carried++;
	return entries.map(([key, e]) => {
		const result = withObjectivesReplaced(e.result, fresh.get(e.frame)!);
		return [key, result === e.result ? e : { ...e, result }];
	});
}

/** A frame with some objectives evaluated again: the same frame when none of their achievements moved. */
function withObjectivesReplaced(r: FrameResult, again: readonly EvaluatedObjective[]): FrameResult {
	let scored: Scored[] | null = null;
	for (const o of again) {
		const k = positionsOf(r.objectives).get(o.id);
		if (k === undefined) continue;
		const before = r.scored[k];
		if (before.weight === o.weight && sameAchievement(before.achievement, o.achievement)) continue;
		scored ??= [...r.scored];
		scored[k] = scoredOf(o);
	}
	return scored ? { objectives: r.objectives, scored: Object.freeze(scored) } : r;
}

/** Each objective's position in a plan's list (the list is the same for every frame of the plan and across carries). */
const positions = new WeakMap<readonly TrendStatic[], Map<number, number>>();
function positionsOf(objectives: readonly TrendStatic[]): Map<number, number> {
	let at = positions.get(objectives);
	if (!at) positions.set(objectives, (at = new Map(objectives.map((o, k) => [o.id, k]))));
	return at;
}

function sameAchievement(a: ObjectiveAchievement, b: ObjectiveAchievement): boolean {
	return (
		a.score === b.score &&
		a.status === b.status &&
		a.measurable === b.measurable &&
		a.measured === b.measured &&
		a.warning === b.warning &&
		a.label === b.label &&
		(a.byPhases === b.byPhases || JSON.stringify(a.byPhases) === JSON.stringify(b.byPhases))
	);
}

/**
 * The frames' objectives: kept from an earlier request at this revision (carried over value writes), a
 * new date derived from the kept date before it (framesDerived), the rest evaluated now, together.
 */
function framesEvaluated(db: Db, memo: ReturnType<typeof kept.current>, frames: readonly Frame[]): FrameResult[] {
	const keys = frames.map((f) => frameKey(f));
	const results = keys.map((k) => {
		const e = memo.get(k);
		return e && !('trend' in e) ? e.result : undefined;
	});
	framesDerived(db, frames, results);
	const missing = frames.filter((_, n) => results[n] === undefined);
	if (missing.length > 0) {
		const made = framesInFull(db, missing);
		trendCounts.full++;
		trendCounts.frames += missing.length;
		let m = 0;
		frames.forEach((_, n) => {
			if (results[n] === undefined) results[n] = made[m++];
		});
	}
	frames.forEach((frame, n) => {
		if (memo.get(keys[n]) === undefined) memo.set(keys[n], { frame, result: results[n]! });
	});
	return results as FrameResult[];
}

/**
 * A monitoring date that appears during a campaign (the first value saved at an opened date) is the date
 * before it plus the values dated between the two: only the objectives holding such values are evaluated
 * again, instead of the whole plan (a second at 100 times the shipped plan, while everyone waits). Fills
 * `results` in place, in date order, so a run of new dates chains. Only where the date itself cannot
 * change a result: both dates on the same side of 31 December (missing values may count as zero there)
 * and phases not counted (their due dates move with the date). One statement per derived date.
 */
function framesDerived(db: Db, frames: readonly Frame[], results: Array<FrameResult | undefined>): void {
	const order = frames.map((_, n) => n).sort((a, b) => (frames[a].date < frames[b].date ? -1 : frames[a].date > frames[b].date ? 1 : 0));
	for (let i = 1; i < order.length; i++) {
		const n = order[i];
		const before = order[i - 1];
		const f = frames[n];
		const p = frames[before];
		const base = results[before];
		if (results[n] !== undefined || base === undefined || p.planId !== f.planId || p.settings !== f.settings) continue;
		if ((f.settings.phaseMeasure ?? 'no') !== 'no' || isFinalDate(f.date) !== isFinalDate(p.date)) continue;
		const movedIds = objectivesWithValuesBetween(db, f.planId, p.date, f.date);
		// A date far from the one before (most of the plan moved): evaluating it whole is as cheap.
		if (movedIds.length > base.objectives.length / 4) continue;
		const again = movedIds.length === 0 ? [] : evaluateFrames(db, [f], { objectiveIds: movedIds, withoutShares: true, lean: true }).get(f)!;
		results[n] = withObjectivesReplaced(base, again);
		trendCounts.derived++;
	}
}

/** The plan's objectives with a counted value dated after `after` and on or before `upTo` (the index on measurement(date)). */
function objectivesWithValuesBetween(db: Db, planId: number, after: string, upTo: string): number[] {
	const states = COUNTED.map((s) => `'${s}'`).join(', ');
	return runRaw<[number]>(
		db,
		`SELECT DISTINCT i.objective_id FROM measurement m JOIN indicator i ON i.id = m.indicator_id JOIN objective o ON o.id = i.objective_id
		WHERE m.date > ? AND m.date <= ? AND m.state IN (${states}) AND o.plan_id = ?`,
		[after, upTo, planId]
	).map((r) => r[0]);
}

function framesInFull(db: Db, frames: readonly Frame[]): FrameResult[] {
	const evaluated = evaluateFrames(db, frames, { withoutShares: true, lean: true });
	const staticsOfPlan = new Map<number, readonly TrendStatic[]>();
	return frames.map((f) => {
		const list = evaluated.get(f)!;
		let objectives = staticsOfPlan.get(f.planId);
		if (!objectives) {
			objectives = Object.freeze(list.map(({ indicators: _i, achievement: _a, ...o }) => Object.freeze(o)));
			staticsOfPlan.set(f.planId, objectives);
		}
		return { objectives, scored: Object.freeze(list.map(scoredOf)) };
	});
}

function scoredOf(o: EvaluatedObjective): Scored {
	return Object.freeze({ weight: o.weight, achievement: Object.freeze(o.achievement) });
}

/**
 * Whose figure a trend follows: the whole plan, a director (his objectives with his share of each, as on
 * his page) or a public value by its name (the same across years). Scopes follow names and codes, not
 * per-year ids.
 */
export type TrendScope = { plan: true } | { directorId: number } | { publicValue: string };

function scopeKey(scope: TrendScope): string {
	return 'plan' in scope ? 'piano' : 'directorId' in scope ? `dirigente:${scope.directorId}` : `valore pubblico:${scope.publicValue}`;
}

/** A scope's objectives in a plan's list, by position, with the scope's share of each (100 but for a director's shared ones). */
type Members = ReadonlyArray<{ k: number; quota: number }>;

/** Members per plan list and scope: the lists stay the same across carries, so this is worked out once. */
const membersByList = new WeakMap<readonly TrendStatic[], Map<string, Members>>();

function membersOf(objectives: readonly TrendStatic[], scope: TrendScope): Members {
	let byScope = membersByList.get(objectives);
	if (!byScope) membersByList.set(objectives, (byScope = new Map()));
	const key = scopeKey(scope);
	let members = byScope.get(key);
	if (!members) {
		const list: Array<{ k: number; quota: number }> = [];
		objectives.forEach((o, k) => {
			if ('plan' in scope) list.push({ k, quota: 100 });
			else if ('publicValue' in scope) {
				if (o.publicValue === scope.publicValue) list.push({ k, quota: 100 });
			} else {
				const quota = sharesOf(o).reduce((sum, s) => (s.directorId === scope.directorId ? sum + s.quota : sum), 0);
				if (quota > 0) list.push({ k, quota });
			}
		});
		byScope.set(key, (members = Object.freeze(list)));
	}
	return members;
}

/**
 * Frames read with their objectives' shares. The shares of a plan's objectives do not change with values:
 * they are read once per list of objectives (a list lives as long as its frames, carried over value
 * writes; any other write makes new frames, with new lists), and each frame keeps one such view, so its
 * figures stay kept too.
 */
function withShares(db: Db, frames: readonly Frame[], results: readonly FrameResult[], inFull: boolean): FrameResult[] {
	return results.map((r, n) => {
		let objectives = inFull ? undefined : sharedLists.get(r.objectives);
		if (!objectives) {
			objectives = listWithShares(db, frames[n].planId, r.objectives);
			if (!inFull) sharedLists.set(r.objectives, objectives);
		}
		if (inFull) return { objectives, scored: r.scored };
		let view = sharedViews.get(r);
		if (!view || view.objectives !== objectives) sharedViews.set(r, (view = { objectives, scored: r.scored }));
		return view;
	});
}
const sharedLists = new WeakMap<readonly TrendStatic[], readonly TrendStatic[]>();
const sharedViews = new WeakMap<FrameResult, FrameResult>();

/** A plan's objectives with their shares (one statement): those without shares are the same objects. */
function listWithShares(db: Db, planId: number, objectives: readonly TrendStatic[]): readonly TrendStatic[] {
	const shares = new Map<number, Share[]>();
	for (const [objectiveId, directorId, director, centreCode, centreName, quota] of runRaw<[number, number, string, string, string, number]>(
		db,
		`SELECT a.objective_id, d.id, d.name, c.code, c.name, a.quota
		FROM objective o JOIN objective_assignment a ON a.objective_id = o.id JOIN director d ON d.id = a.director_id JOIN responsibility_centre c ON c.id = a.centre_id
		WHERE o.plan_id = ? ORDER BY a.objective_id, a.quota DESC, d.name`,
		[planId]
	)) {
		let list = shares.get(objectiveId);
		if (!list) shares.set(objectiveId, (list = []));
		list.push({ directorId, director, centreCode, centreName, quota });
	}
	return Object.freeze(objectives.map((o) => (shares.has(o.id) ? Object.freeze({ ...o, shares: shares.get(o.id)! }) : o)));
}

/**
 * The scope's aggregate in one frame, from the kept achievements: no objective is copied. Kept per frame
 * result and scope: a frame that a carry left as it was (every date before the saved value's) is not
 * aggregated again.
 */
function figureOf(r: FrameResult, scope: TrendScope, settings: AchievementSettings): { achievement: AggregateAchievement; total: number } | null {
	let byScope = figures.get(r);
	if (!byScope) figures.set(r, (byScope = new Map()));
	const key = scopeKey(scope);
	if (byScope.has(key)) return byScope.get(key)!;
	const members = membersOf(r.objectives, scope);
	const figure =
		members.length === 0
			? null
			: {
					achievement:
						'directorId' in scope
							? directorAchievement(members.map((m) => ({ objective: r.scored[m.k], quota: m.quota })), settings)
							: aggregateAchievement('plan' in scope ? r.scored : members.map((m) => r.scored[m.k]), settings),
					total: members.length
				};
	byScope.set(key, figure);
	return figure;
}
const figures = new WeakMap<FrameResult, Map<string, { achievement: AggregateAchievement; total: number } | null>>();

/** Evaluations in full (and how many frames they made), carries over value writes and dates derived from the date before, since the process started: lets the tests see which path a result took. */
export const trendCounts = { full: 0, carried: 0, frames: 0, derived: 0 };

/**
 * A scope's achievement at each monitoring date of the plan year and in every plan year.
 * `figure` turns a frame's objectives into the scope's aggregate (the plan, a public value by name, a
 * director with his shares): the scope follows codes and names across years, not per-year ids.
 */
export function achievementTrend(
	db: Db,
	current: { planId: number; year: number; date: string; settings: AchievementSettings; dates: readonly string[]; years: readonly number[] },
	scope: TrendScope,
	options: {
		/** Bypass every memo: the reference a carried trend must equal. */
		inFull?: boolean;
	} = {}
): Trend {
	// The monitoring dates of the year up to the chosen one (the page's context knows them: no query); the
	// other plan years, each with its rules (one query, none when the database holds one year).
	const dates = [...new Set([...current.dates.filter((d) => d <= current.date), current.date])].sort();
	const frames: Frame[] = dates.map((date) => ({ planId: current.planId, year: current.year, date, settings: current.settings }));
	const others: Frame[] =
		current.years.length > 1
			? readRulesOfPlans(db)
					.filter((p) => p.planId !== current.planId)
					.map((p) => ({ planId: p.planId, year: p.year, date: `${p.year}-12-31`, settings: p.rules }))
			: [];
	const all = [...frames, ...others];
	// A director's figure counts his shares of shared objectives; the others count each objective once.
	const memo = options.inFull ? null : kept.current(db);
	// The frames' keys name their rules too: the same dates under other rules are another trend.
	const trendKey = `trend|${scopeKey(scope)}|${all.map((f) => frameKey(f)).join(',')}`;
	const known = memo?.get(trendKey);
	if (known && 'trend' in known) return known.trend;
	const evaluated = memo ? framesEvaluated(db, memo, all) : framesInFull(db, all);
	// A director's figure counts his shares of shared objectives: the same results, read through the
	// objectives with their shares (one statement for the plan's shares, the first time).
	const results = 'directorId' in scope ? withShares(db, all, evaluated, options.inFull === true) : evaluated;
	const point = (n: number, isCurrent: boolean): TrendPoint | null => {
		const f = all[n];
		const made = figureOf(results[n], scope, f.settings);
		if (!made) return null;
		return { year: f.year, date: f.date, score: made.achievement.score, status: made.achievement.status, measured: made.achievement.objectives - made.achievement.distribution.not_measured - made.achievement.distribution.not_measurable, total: made.total, current: isCurrent };
	};
	const datePoints = frames.map((f, n) => point(n, f.date === current.date)).filter((p): p is TrendPoint => p !== null);
	const yearPoints = [...others.map((_, n) => point(frames.length + n, false)), datePoints.find((p) => p.current) ?? null]
		.filter((p): p is TrendPoint => p !== null)
		.sort((a, b) => a.year - b.year);
	// Shared between requests once kept: frozen, so that no caller changes it under another's feet.
	const trend: Trend = Object.freeze({ dates: Object.freeze(datePoints) as TrendPoint[], years: Object.freeze(yearPoints) as TrendPoint[] });
	memo?.set(trendKey, { trend });
	return trend;
}

