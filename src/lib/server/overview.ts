/**
 * The overview's figures from evaluated objectives: plan total, public-value cards, the directors'
 * table, the attention lists and one page of the objectives table. Pure: the data is already loaded.
 */
import { pageOf } from '../page-of';
import type { AchievementSettings, AggregateAchievement, ObjectiveAchievement } from '../achievement/achievement';
import { aggregateOf, type EvaluatedObjective } from './evaluation.service';
import { directorAchievement, sharesOf, type Share } from '../shared-objectives';
import { phaseMeasureNote } from '../phases/measure';

export type DirectorSortKey = 'dirigente' | 'raggiungimento' | 'obiettivi' | 'critici';

const ATTENTION_LIMIT = 15;

/** The order of `localeCompare(…, 'it')`, with one collator instead of one per comparison. */
const italian = new Intl.Collator('it');

export interface OverviewOptions {
	sort: DirectorSortKey;
	descending: boolean;
	page: number;
	pageSize: number;
	/** Page of the directors' table: a body hosting many plans has hundreds of directors. */
	directorPage?: number;
}

export const DIRECTORS_PER_PAGE = 30;

/** Slim rows for the page: only what it shows travels to the browser. */
function objectiveRow(o: EvaluatedObjective) {
	return {
		code: o.code,
		title: o.title,
		publicValue: o.publicValue,
		centreCode: o.centreCode,
		centreName: o.centreName,
		directorId: o.directorId,
		director: o.director,
		score: o.achievement.score,
		status: o.achievement.status,
		label: o.achievement.label,
		measured: o.achievement.measured,
		measurable: o.achievement.measurable,
		indicators: o.indicators.length,
		byPhases: phaseMeasureNote(o.achievement)
	};
}

export function buildOverview(
	objectives: readonly EvaluatedObjective[],
	settings: AchievementSettings,
	options: OverviewOptions,
	/** Bypass what is kept from earlier lists: the reference the kept figures must equal. */
	how: { inFull?: boolean } = {}
) {
	const aggregates = how.inFull ? computeAggregates(objectives, settings, null) : aggregatesOf(objectives, settings);
	const { total, publicValues, indicatorCounts, attention } = aggregates;
	const directors = sortedDirectors(aggregates, options);

	const shown = pageOf(objectives, options.page, options.pageSize);

	return {
		total,
		indicatorCounts,
		publicValues,
		directors: pageOf(directors, options.directorPage ?? 1, DIRECTORS_PER_PAGE),
		sort: options.sort,
		descending: options.descending,
		attention,
		objectives: { ...shown, rows: shown.rows.map(objectiveRow) }
	};
}

interface DirectorRow {
	id: number;
	name: string;
	centres: string[];
	achievement: AggregateAchievement;
}

interface IndicatorRef {
	code: string;
	description: string;
	objectiveCode: string;
	director: string;
}

/** The figures that depend only on the evaluated objectives (not on sorting or paging), with the list and layout they were made from. */
interface Aggregates {
	/** Each objective's achievement, by position: what the next list is compared with (not the objectives: their indicators would stay in memory). */
	achievements: readonly ObjectiveAchievement[];
	layout: Layout;
	total: AggregateAchievement;
	publicValues: Array<{ id: number; name: string; achievement: AggregateAchievement }>;
	directors: DirectorRow[];
	indicatorCounts: { total: number; measured: number; withoutValue: number; withoutTarget: number };
	attention: {
		offTrack: { total: number; items: Array<ReturnType<typeof objectiveRow>> };
		withoutValue: { total: number; items: IndicatorRef[] };
		withoutTarget: { total: number; objectives: number; items: IndicatorRef[] };
	};
}

/**
 * The directors' table in the order asked. By name, the order is the layout's (sorted once per plan, not
 * per write); by a figure, sorted once per set of figures and order, with the name's rank as tie-break.
 */
function sortedDirectors(aggregates: Aggregates, options: OverviewOptions): DirectorRow[] {
	const { directors, layout } = aggregates;
	const rank = nameRanks(layout);
	if (!Object.hasOwn(byFigure, options.sort)) return (options.descending ? layout.byNameDescending : layout.byName).map((d) => directors[d]);
	const orders = sortedByFigure.get(directors) ?? sortedByFigure.set(directors, new Map()).get(directors)!;
	const order = `${options.sort}|${options.descending}`;
	let sorted = orders.get(order);
	if (!sorted) {
		const keyOf = byFigure[options.sort as Exclude<DirectorSortKey, 'dirigente'>];
		const indexes = directors.map((_, d) => d);
		indexes.sort((a, b) => {
			const c = keyOf(directors[a]) - keyOf(directors[b]);
			return (options.descending ? -c : c) || rank[a] - rank[b];
		});
		sorted = indexes.map((d) => directors[d]);
		orders.set(order, sorted);
	}
	return sorted;
}

const byFigure: Record<Exclude<DirectorSortKey, 'dirigente'>, (d: DirectorRow) => number> = {
	raggiungimento: (d) => d.achievement.score ?? -1,
	obiettivi: (d) => d.achievement.objectives,
	critici: (d) => d.achievement.distribution.off_track
};

const sortedByFigure = new WeakMap<readonly DirectorRow[], Map<string, DirectorRow[]>>();

/** Each director's rank by name (index into the layout's directors → rank). */
function nameRanks(layout: Layout): number[] {
	if (!layout.rank) {
		const rank: number[] = new Array(layout.byName.length);
		layout.byName.forEach((d, r) => (rank[d] = r));
		layout.rank = rank;
	}
	return layout.rank;
}

/** The whole plan's figure (the overview shows it beside a filtered one): the same memo as the rest. */
export function planTotal(objectives: readonly EvaluatedObjective[], settings: AchievementSettings) {
	return aggregatesOf(objectives, settings).total;
}

/**
 * Who belongs to which group, by position in a list of evaluated objectives: depends on the plan (public
 * values, directors and their shares, CdRs), never on values, so it outlives value writes.
 */
interface Layout {
	/** Per position, what places an objective in its groups. */
	placed: Array<{ id: number; publicValueId: number; publicValue: string; shares: readonly Share[] }>;
	publicValues: Array<{ id: number; name: string; members: number[] }>;
	directors: Array<{ id: number; name: string; centres: string[]; held: Array<{ k: number; quota: number }> }>;
	/** Per position: its public value and its directors (indexes into the two lists above). */
	publicValueAt: number[];
	directorsAt: number[][];
	/** Directors' indexes by name, in Italian order, and the other way. */
	byName: number[];
	byNameDescending: number[];
	rank?: number[];
}

/** The same groups as aggregateBy (public values) and aggregateByDirector (a shared objective counted for each of its directors, on his CdR). */
function layoutOf(objectives: readonly EvaluatedObjective[]): Layout {
	const layout: Layout = { placed: [], publicValues: [], directors: [], publicValueAt: [], directorsAt: [], byName: [], byNameDescending: [] };
	const pvIndex = new Map<number, number>();
	const dirIndex = new Map<number, number>();
	const centres: Array<Set<string>> = [];
	objectives.forEach((o, k) => {
		let p = pvIndex.get(o.publicValueId);
		if (p === undefined) {
			pvIndex.set(o.publicValueId, (p = layout.publicValues.length));
			layout.publicValues.push({ id: o.publicValueId, name: o.publicValue, members: [] });
		}
		layout.publicValues[p].members.push(k);
		layout.publicValueAt.push(p);
		const shares = sharesOf(o);
		layout.placed.push({ id: o.id, publicValueId: o.publicValueId, publicValue: o.publicValue, shares });
		const at: number[] = [];
		for (const s of shares) {
			let d = dirIndex.get(s.directorId);
			if (d === undefined) {
				dirIndex.set(s.directorId, (d = layout.directors.length));
				layout.directors.push({ id: s.directorId, name: s.director, centres: [], held: [] });
				centres.push(new Set());
			}
			const held = layout.directors[d].held;
			// The same director on two CdRs of one objective: one objective, the sum of his shares.
			if (held.length > 0 && held[held.length - 1].k === k) held[held.length - 1].quota += s.quota;
			else held.push({ k, quota: s.quota }), at.push(d);
			centres[d].add(s.centreCode);
		}
		layout.directorsAt.push(at);
	});
	layout.directors.forEach((d, n) => (d.centres = [...centres[n]].sort()));
	// Equal names keep the order in which their directors first appear, both ways (as a stable sort would).
	const name = (d: number) => layout.directors[d].name;
	layout.byName = layout.directors.map((_, d) => d).sort((a, b) => italian.compare(name(a), name(b)) || a - b);
	layout.byNameDescending = layout.directors.map((_, d) => d).sort((a, b) => italian.compare(name(b), name(a)) || a - b);
	return layout;
}

/** Whether an objective sits where the layout placed the one at its position: the same objective, with the same public value and shares. */
function placedAlike(placed: Layout['placed'][number], o: EvaluatedObjective): boolean {
	if (placed.id !== o.id || placed.publicValueId !== o.publicValueId || placed.publicValue !== o.publicValue) return false;
	const a = placed.shares;
	const b = sharesOf(o);
	return a.length === b.length && a.every((s, n) => s.directorId === b[n].directorId && s.director === b[n].director && s.centreCode === b[n].centreCode && s.quota === b[n].quota);
}

/**
 * The figures that depend only on the evaluated objectives, not on sorting or paging, kept per list.
 * After a value write the evaluation is carried (evaluation.service.ts): the new list holds the same
 * objects but for the objectives the write touched. The figures are then brought up to date by
 * difference: only the public values and directors holding a changed objective are aggregated again,
 * the rest keep their figures. The plan's total and the counts are recomputed (a pass over the list,
 * no copies). `buildOverview(…, { inFull: true })` is the reference they must equal.
 */
const aggregates = new WeakMap<readonly EvaluatedObjective[], Aggregates>();
/** The latest lists' figures per rules (a few: the whole plan and the filters in use), to start the next from. */
const latest = new WeakMap<AchievementSettings, Aggregates[]>();
const LATEST_PER_RULES = 4;

function aggregatesOf(objectives: readonly EvaluatedObjective[], settings: AchievementSettings): Aggregates {
	let known = aggregates.get(objectives);
	if (known) return known;
	const candidates = latest.get(settings) ?? latest.set(settings, []).get(settings)!;
	// An objective with the same achievement object is the same objective, carried: only the others are checked.
	const base = candidates.find((c) => c.achievements.length === objectives.length && objectives.every((o, k) => o.achievement === c.achievements[k] || placedAlike(c.layout.placed[k], o)));
	known = computeAggregates(objectives, settings, base ?? null);
	aggregates.set(objectives, known);
	if (base) candidates.splice(candidates.indexOf(base), 1);
	candidates.unshift(known);
	candidates.length = Math.min(candidates.length, LATEST_PER_RULES);
	return known;
}

function computeAggregates(objectives: readonly EvaluatedObjective[], settings: AchievementSettings, base: Aggregates | null): Aggregates {
	const layout = base?.layout ?? layoutOf(objectives);
	// Which groups hold an objective that is not the same object as in the base list.
	const changedPublicValues = new Set<number>();
	const changedDirectors = new Set<number>();
	if (base) {
		objectives.forEach((o, k) => {
			if (o.achievement === base.achievements[k]) return;
			changedPublicValues.add(layout.publicValueAt[k]);
			for (const d of layout.directorsAt[k]) changedDirectors.add(d);
		});
	}
	const publicValues = layout.publicValues.map((g, p) =>
		base && !changedPublicValues.has(p) ? base.publicValues[p] : { id: g.id, name: g.name, achievement: aggregateOf(g.members.map((k) => objectives[k]), settings) }
	);
	const directors = layout.directors.map((g, d) =>
		base && !changedDirectors.has(d)
			? base.directors[d]
			: { id: g.id, name: g.name, centres: g.centres, achievement: directorAchievement(g.held.map((h) => ({ objective: objectives[h.k], quota: h.quota })), settings) }
	);
	const unchanged = base !== null && changedPublicValues.size === 0;

	// The indicators' counts and the attention lists: one pass over the objectives (each one's summary is
	// kept with it, so a carried objective's indicators are not read again), keeping the first few of each list.
	let indicatorsTotal = 0;
	let measured = 0;
	let withoutValueTotal = 0;
	let withoutTargetTotal = 0;
	let objectivesWithoutTarget = 0;
	const withoutValue: IndicatorRef[] = [];
	const withoutTarget: IndicatorRef[] = [];
	const offTrack: EvaluatedObjective[] = [];
	for (const o of objectives) {
		const summary = indicatorSummaryOf(o);
		indicatorsTotal += summary.total;
		measured += summary.measured;
		withoutValueTotal += summary.withoutValue;
		withoutTargetTotal += summary.withoutTarget;
		if (summary.withoutTarget > 0) objectivesWithoutTarget++;
		// Only the first few are listed: an objective's indicators are read while the lists are short.
		if ((summary.withoutValue > 0 && withoutValue.length < ATTENTION_LIMIT) || (summary.withoutTarget > 0 && withoutTarget.length < ATTENTION_LIMIT)) {
			for (const i of o.indicators) {
				if (i.status === 'not_measured' && withoutValue.length < ATTENTION_LIMIT) withoutValue.push(indicatorRef(i, o));
				else if (i.status === 'not_measurable' && withoutTarget.length < ATTENTION_LIMIT) withoutTarget.push(indicatorRef(i, o));
			}
		}
		if (o.achievement.status === 'off_track') offTrack.push(o);
	}
	offTrack.sort((a, b) => (a.achievement.score ?? 0) - (b.achievement.score ?? 0));

	return {
		achievements: objectives.map((o) => o.achievement),
		layout,
		total: unchanged ? base.total : aggregateOf(objectives, settings),
		publicValues,
		directors,
		indicatorCounts: { total: indicatorsTotal, measured, withoutValue: withoutValueTotal, withoutTarget: withoutTargetTotal },
		attention: {
			offTrack: { total: offTrack.length, items: offTrack.slice(0, ATTENTION_LIMIT).map(objectiveRow) },
			withoutValue: { total: withoutValueTotal, items: withoutValue },
			withoutTarget: { total: withoutTargetTotal, objectives: objectivesWithoutTarget, items: withoutTarget }
		}
	};
}

function indicatorRef(i: EvaluatedObjective['indicators'][number], o: EvaluatedObjective): IndicatorRef {
	return { code: i.code, description: i.description, objectiveCode: o.code, director: o.director };
}

interface IndicatorSummary {
	total: number;
	measured: number;
	withoutValue: number;
	withoutTarget: number;
}

/** What the overview counts of an objective's indicators; an evaluated objective never changes (it is frozen), so the counts are kept with it. */
const summaries = new WeakMap<EvaluatedObjective, IndicatorSummary>();
function indicatorSummaryOf(o: EvaluatedObjective): IndicatorSummary {
	let summary = summaries.get(o);
	if (!summary) {
		summary = { total: o.indicators.length, measured: 0, withoutValue: 0, withoutTarget: 0 };
		for (const i of o.indicators) {
			if (i.result.kind === 'measured') summary.measured++;
			if (i.status === 'not_measured') summary.withoutValue++;
			else if (i.status === 'not_measurable') summary.withoutTarget++;
		}
		summaries.set(o, summary);
	}
	return summary;
}

