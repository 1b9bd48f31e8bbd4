/**
 * The overview's figures from evaluated objectives: plan total, public-value cards, the directors'
 * table, the attention lists and one page of the objectives table. Pure: the data is already loaded.
 */
import type { AchievementSettings } from '../achievement/achievement';
import { aggregateBy, aggregateOf, type EvaluatedObjective } from './evaluation.service';
import { aggregateByDirector, sharesOf } from '../shared-objectives';
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

export function buildOverview(objectives: readonly EvaluatedObjective[], settings: AchievementSettings, options: OverviewOptions) {
	const { total, publicValues, directors: unsorted, indicatorCounts, attention } = aggregatesOf(objectives, settings);
	const byKey: Record<DirectorSortKey, (d: DirectorRow) => number | string> = {
		dirigente: (d) => d.name,
		raggiungimento: (d) => d.achievement.score ?? -1,
		obiettivi: (d) => d.achievement.objectives,
		critici: (d) => d.achievement.distribution.off_track
	};
	const keyOf = byKey[options.sort] ?? byKey.dirigente;
	// Sorted once per evaluation and order: paging through the table does not sort hundreds of names again.
	const orders = sortedDirectors.get(unsorted) ?? sortedDirectors.set(unsorted, new Map()).get(unsorted)!;
	const order = `${options.sort}|${options.descending}`;
	let directors = orders.get(order);
	if (!directors) {
		directors = [...unsorted].sort((a, b) => {
			const ka = keyOf(a);
			const kb = keyOf(b);
			const c = typeof ka === 'string' ? italian.compare(ka, kb as string) : ka - (kb as number);
			return (options.descending ? -c : c) || italian.compare(a.name, b.name);
		});
		orders.set(order, directors);
	}

	const pages = Math.max(1, Math.ceil(objectives.length / options.pageSize));
	const page = Math.min(options.page, pages);
	const slice = objectives.slice((page - 1) * options.pageSize, page * options.pageSize);

	return {
		total,
		indicatorCounts,
		publicValues,
		directors: paginate(directors, options.directorPage ?? 1, DIRECTORS_PER_PAGE),
		sort: options.sort,
		descending: options.descending,
		attention,
		objectives: { page, pages, total: objectives.length, rows: slice.map(objectiveRow) }
	};
}

type DirectorRow = ReturnType<typeof computeAggregates>['directors'][number];

const sortedDirectors = new WeakMap<readonly DirectorRow[], Map<string, DirectorRow[]>>();

/** The whole plan's figure (the overview shows it beside a filtered one): the same memo as the rest. */
export function planTotal(objectives: readonly EvaluatedObjective[], settings: AchievementSettings) {
	return aggregatesOf(objectives, settings).total;
}

/**
 * The figures that depend only on the evaluated objectives, not on sorting or paging. An evaluation is
 * shared while the data is unchanged (evaluateScope), so its figures are too: browsing the directors'
 * table page by page, or sorting it, does not aggregate 7.700 objectives again.
 */
const aggregates = new WeakMap<readonly EvaluatedObjective[], ReturnType<typeof computeAggregates>>();

function aggregatesOf(objectives: readonly EvaluatedObjective[], settings: AchievementSettings) {
	let known = aggregates.get(objectives);
	if (!known) aggregates.set(objectives, (known = computeAggregates(objectives, settings)));
	return known;
}

function computeAggregates(objectives: readonly EvaluatedObjective[], settings: AchievementSettings) {
	const publicValues = aggregateBy(objectives, (o) => o.publicValueId, (o) => o.publicValue, settings).map((g) => ({
		id: g.key,
		name: g.label,
		achievement: g.achievement
	}));
	// A shared objective counts for each of its directors with his share, and on his CdR.
	const directors = aggregateByDirector(objectives, settings).map((g) => ({
		id: g.key,
		name: g.label,
		centres: [...new Set(g.objectives.flatMap(({ objective: o }) => sharesOf(o).filter((s) => s.directorId === g.key).map((s) => s.centreCode)))].sort(),
		achievement: g.achievement
	}));

	const indicators = objectives.flatMap((o) => o.indicators.map((i) => ({ i, o })));
	const withoutValue = indicators.filter(({ i }) => i.status === 'not_measured');
	const withoutTarget = indicators.filter(({ i }) => i.status === 'not_measurable');
	const offTrack = objectives.filter((o) => o.achievement.status === 'off_track').sort((a, b) => (a.achievement.score ?? 0) - (b.achievement.score ?? 0));
	const indicatorRef = ({ i, o }: (typeof indicators)[number]) => ({ code: i.code, description: i.description, objectiveCode: o.code, director: o.director });

	return {
		total: aggregateOf(objectives, settings),
		publicValues,
		directors,
		indicatorCounts: {
			total: indicators.length,
			measured: indicators.filter(({ i }) => i.result.kind === 'measured').length,
			withoutValue: withoutValue.length,
			withoutTarget: withoutTarget.length
		},
		attention: {
			offTrack: { total: offTrack.length, items: offTrack.slice(0, ATTENTION_LIMIT).map(objectiveRow) },
			withoutValue: { total: withoutValue.length, items: withoutValue.slice(0, ATTENTION_LIMIT).map(indicatorRef) },
			withoutTarget: {
				total: withoutTarget.length,
				objectives: new Set(withoutTarget.map(({ o }) => o.id)).size,
				items: withoutTarget.slice(0, ATTENTION_LIMIT).map(indicatorRef)
			}
		}
	};
}

function paginate<T>(rows: T[], page: number, size: number) {
	const pages = Math.max(1, Math.ceil(rows.length / size));
	const current = Math.min(Math.max(1, page), pages);
	return { rows: rows.slice((current - 1) * size, current * size), page: current, pages, total: rows.length };
}
