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
	type AggregateAchievement
} from '../achievement/achievement';
import type { Db } from './db/database';
import { runRaw } from './db/raw-query';
import { aggregateOf, indicatorStatus, type EvaluatedIndicator, type EvaluatedObjective, type LatestValue } from './evaluation.service';
import type { Share } from '../shared-objectives';
import type { Dimension, IndicatorType, MeasurementState, Polarity } from '../vocabulary';
import { readRulesOfPlans } from './rules.repository';
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
	only: { objectiveCode?: string; objectiveIds?: readonly number[]; withoutShares?: boolean } = {}
): Map<Frame, EvaluatedObjective[]> {
	const out = new Map<Frame, EvaluatedObjective[]>();
	if (frames.length === 0) return out;
	const plans = JSON.stringify([...new Set(frames.map((f) => f.planId))]);
	let where = 'o.plan_id IN (SELECT value FROM json_each(?))';
	const params: unknown[] = [plans];
	if (only.objectiveCode !== undefined) (where += ' AND o.code = ?'), params.push(only.objectiveCode);
	// Objectives by id (carrying a trend over value writes): one statement whatever their number.
	if (only.objectiveIds !== undefined) (where += ' AND o.id IN (SELECT value FROM json_each(?))'), params.push(JSON.stringify(only.objectiveIds));
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
		params
	);
	// Every counted value, each indicator's oldest first (the order of the (indicator, date) key).
	const valueRows = runRaw<[number, string, number | null, string | null, string | null, string | null, MeasurementState, string | null]>(
		db,
		`SELECT m.indicator_id, m.date, m.value, m.value_date, m.justification, m.source, m.state, m.grade
		FROM objective o JOIN indicator i ON i.objective_id = o.id JOIN measurement m ON m.indicator_id = i.id AND m.state IN (${states})
		WHERE ${where} ORDER BY m.indicator_id, m.date`,
		params
	);
	const shareRows = only.withoutShares
		? []
		: runRaw<[number, number, string, string, string, number]>(
				db,
				`SELECT a.objective_id, d.id, d.name, c.code, c.name, a.quota
				FROM objective o JOIN objective_assignment a ON a.objective_id = o.id JOIN director d ON d.id = a.director_id JOIN responsibility_centre c ON c.id = a.centre_id
				WHERE ${where} ORDER BY a.objective_id, a.quota DESC, d.name`,
				params
			);

	type ObjectiveRow = (typeof rows)[number];
	type IndicatorRow = { id: number; code: string; description: string; type: IndicatorType | null; unit: string | null; polarity: Polarity | null; baseline: number | null; target: number | null; targetDate: string | null; weight: number | null; dimension: Dimension | null; history: LatestValue[] };
	const objectiveRows: ObjectiveRow[] = [];
	const indicatorsOf = new Map<number, IndicatorRow[]>();
	const indicatorById = new Map<number, IndicatorRow>();
	for (const r of rows) {
		if (objectiveRows.length === 0 || objectiveRows[objectiveRows.length - 1][1] !== r[1]) objectiveRows.push(r);
		if (r[15] === null) continue;
		let list = indicatorsOf.get(r[1]);
		if (!list) indicatorsOf.set(r[1], (list = []));
		const ind: IndicatorRow = { id: r[15], code: r[16]!, description: r[17]!, type: r[18], unit: r[19], polarity: r[20], baseline: r[21], target: r[22], targetDate: r[23], weight: r[24], dimension: r[25], history: [] };
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

	for (const frame of frames) {
		const { date, settings } = frame;
		const objectives: EvaluatedObjective[] = [];
		for (const o of objectiveRows) {
			if (o[0] !== frame.planId) continue;
			const indicators: EvaluatedIndicator[] = (indicatorsOf.get(o[1]) ?? []).map((r) => {
				const spec = { type: r.type, polarity: r.polarity, baseline: r.baseline, target: r.target, targetDate: r.targetDate };
				const latest = latestAt(r.history, date);
				const result = indicatorAchievement(withIndicatorRules(spec, r.code, settings), latest && { value: latest.value, valueDate: latest.valueDate, grade: latest.grade }, settings);
				return { id: r.id, objectiveId: o[1], code: r.code, description: r.description, ...spec, unit: r.unit, weight: r.weight, dimension: r.dimension, latest, result, status: indicatorStatus(result, settings) };
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
				achievement: objectiveAchievement(indicators.map((i) => ({ weight: i.weight, result: i.result })), settings, { atFinalDate: isFinalDate(date) })
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

/** The frames of a trend, evaluated: one list of objectives per frame, in the frames' order. */
interface EvaluatedFrames {
	frames: readonly Frame[];
	withShares: boolean;
	lists: ReadonlyArray<readonly TrendObjective[]>;
}

/**
 * Evaluated frames per data revision. A plan of 100 times the shipped one holds 7.700 objectives per
 * frame; the bound keeps a few trends (the plan's, the directors' with shares) of a few dates each.
 */
const evaluatedFrames = new RevisionMemo<EvaluatedFrames>(
	200_000,
	(e) => e.lists.reduce((n, list) => n + list.length, 1),
	carryFrames
);

/** Frames evaluated again only for the objectives that value writes changed; the rest stay as they were. */
function carryFrames(db: Db, from: string, to: string, entries: Array<[string, EvaluatedFrames]>): Array<[string, EvaluatedFrames]> {
	const changed = objectivesChangedBetween(db, from, to);
	if (!changed) return [];
	// Writes that touched no objective (a sign-in, a sign-out): everything stays as it is.
	if (changed.size === 0) return entries;
	return entries.map(([key, e]) => {
		const fresh = evaluateFrames(db, e.frames, { objectiveIds: [...changed], withoutShares: !e.withShares });
		const lists = e.lists.map((list, n) => {
			const byId = new Map(fresh.get(e.frames[n])!.map((o) => [o.id, lean(o)]));
			return byId.size === 0 ? list : Object.freeze(list.map((o) => byId.get(o.id) ?? o));
		});
		trendCounts.carried++;
		return [key, { ...e, lists }];
	});
}

function lean(o: EvaluatedObjective): TrendObjective {
	const { indicators: _indicators, ...rest } = o;
	return Object.freeze(rest);
}

/** The frames' objectives: kept from an earlier request at this revision, carried over value writes, or evaluated now. */
function framesEvaluated(db: Db, frames: readonly Frame[], withShares: boolean): ReadonlyArray<readonly TrendObjective[]> {
	const memo = evaluatedFrames.current(db);
	const key = JSON.stringify([withShares, frames]);
	const known = memo.get(key);
	if (known) return known.lists;
	const lists = framesInFull(db, frames, withShares);
	trendCounts.full++;
	memo.set(key, { frames, withShares, lists });
	return lists;
}

function framesInFull(db: Db, frames: readonly Frame[], withShares: boolean): ReadonlyArray<readonly TrendObjective[]> {
	const evaluated = evaluateFrames(db, frames, { withoutShares: !withShares });
	return frames.map((f) => Object.freeze(evaluated.get(f)!.map(lean)));
}

/** Trends evaluated in full and carried over value writes since the process started: lets the tests see which path a result took. */
export const trendCounts = { full: 0, carried: 0 };

/**
 * A scope's achievement at each monitoring date of the plan year and in every plan year.
 * `figure` turns a frame's objectives into the scope's aggregate (the plan, a public value by name, a
 * director with his shares): the scope follows codes and names across years, not per-year ids.
 */
export function achievementTrend(
	db: Db,
	current: { planId: number; year: number; date: string; settings: AchievementSettings; dates: readonly string[]; years: readonly number[] },
	figure: (objectives: readonly TrendObjective[], settings: AchievementSettings) => { achievement: AggregateAchievement; total: number } | null,
	options: { withShares?: boolean; /** Bypass every memo: the reference a carried trend must equal. */ inFull?: boolean } = {}
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
	const lists = (options.inFull ? framesInFull : framesEvaluated)(db, all, options.withShares === true);
	const point = (n: number, isCurrent: boolean): TrendPoint | null => {
		const f = all[n];
		const made = figure(lists[n], f.settings);
		if (!made) return null;
		return { year: f.year, date: f.date, score: made.achievement.score, status: made.achievement.status, measured: made.achievement.objectives - made.achievement.distribution.not_measured - made.achievement.distribution.not_measurable, total: made.total, current: isCurrent };
	};
	const datePoints = frames.map((f, n) => point(n, f.date === current.date)).filter((p): p is TrendPoint => p !== null);
	const yearPoints = [...others.map((_, n) => point(frames.length + n, false)), datePoints.find((p) => p.current) ?? null]
		.filter((p): p is TrendPoint => p !== null)
		.sort((a, b) => a.year - b.year);
	return { dates: datePoints, years: yearPoints };
}

/** The whole plan's figure. */
export function planFigure(objectives: readonly TrendObjective[], settings: AchievementSettings) {
	return objectives.length === 0 ? null : { achievement: aggregateOf(objectives, settings), total: objectives.length };
}
