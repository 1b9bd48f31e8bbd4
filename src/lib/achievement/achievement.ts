/**
 * The achievement engine ("grado di raggiungimento"): pure functions, no I/O, computed on every request.
 * Rules from the domain primer (docs of the performance cycle); where bodies differ, a setting decides.
 *
 * Three things are kept apart and never confused:
 * - an indicator that cannot be measured (the plan gives it no target),
 * - one that is measurable but has no value yet at the monitoring date,
 * - one that has a value: its raw ratio (kept, may exceed 100 %) and its capped score.
 */
import type { IndicatorType, Polarity } from '../vocabulary';

export interface Band {
	/** Lower bound of the ratio (0.5 = 50 %) from which `score` applies. */
	from: number;
	score: number;
}

export interface DeadlineBand {
	/** Up to this many days late, the indicator scores `score`. */
	maxDaysLate: number;
	score: number;
}

export interface AchievementSettings {
	/** G ≥ onTrack: on track. */
	onTrack: number;
	/** atRisk ≤ G < onTrack: at risk; below: off track. */
	atRisk: number;
	/** Highest score an indicator can count for (1 = 100 %); raw ratios above it are kept for display. */
	cap: number;
	/** Optional scaglioni: ratio ranges mapped to fixed scores. */
	bands: Band[] | null;
	/** Interpolate linearly between bands instead of stepping. */
	interpolateBands: boolean;
	/** Optional partial scores for deadlines missed by a few days. */
	deadlineBands: DeadlineBand[] | null;
}

export const DEFAULT_SETTINGS: AchievementSettings = {
	onTrack: 0.9,
	atRisk: 0.6,
	cap: 1,
	bands: null,
	interpolateBands: false,
	deadlineBands: null
};

export interface IndicatorSpec {
	type: IndicatorType | null;
	polarity: Polarity | null;
	baseline: number | null;
	target: number | null;
	targetDate: string | null;
}

export interface Reading {
	/** Numbers, and sì/no as 1/0. */
	value: number | null;
	/** Completion date, for deadline indicators. */
	valueDate: string | null;
}

export type IndicatorResult =
	| { kind: 'not_measurable' }
	| { kind: 'not_measured' }
	| { kind: 'measured'; raw: number | null; score: number };

/** An indicator can be measured when the plan says what counts as reaching it. */
export function isMeasurable(spec: IndicatorSpec): boolean {
	if (spec.type === 'si_no') return true; // the target of an on/off indicator is "done"
	if (spec.type === 'data') return spec.targetDate !== null;
	return spec.target !== null;
}

function clamp(x: number, lo: number, hi: number): number {
	return Math.min(hi, Math.max(lo, x));
}

/** Applies the bands (scaglioni) to a ratio; without bands the ratio is the score. */
export function applyBands(ratio: number, settings: AchievementSettings): number {
	const bands = settings.bands;
	if (!bands || bands.length === 0) return ratio;
	const sorted = [...bands].sort((a, b) => a.from - b.from);
	if (ratio < sorted[0].from) return 0;
	for (let i = sorted.length - 1; i >= 0; i--) {
		if (ratio >= sorted[i].from) {
			const next = sorted[i + 1];
			if (!settings.interpolateBands || !next) return sorted[i].score;
			const t = (ratio - sorted[i].from) / (next.from - sorted[i].from);
			return sorted[i].score + t * (next.score - sorted[i].score);
		}
	}
	return 0;
}

function daysBetween(fromIso: string, toIso: string): number {
	return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / 86_400_000);
}

/**
 * What the engine assumes when the plan gives no polarity, so that every page and report can say it
 * (null: the plan gives one, or the type has none). With a baseline different from the target the ratio
 * below is the progress from the baseline to the target, so a target below the baseline makes lower
 * better; otherwise the ratio is value / target, higher is better.
 */
export function assumedPolarity(spec: IndicatorSpec): { polarity: Polarity; targetBelowBaseline: boolean } | null {
	if (spec.polarity !== null || spec.type === 'si_no' || spec.type === 'data' || spec.target === null) return null;
	const below = spec.baseline !== null && spec.target < spec.baseline;
	return { polarity: below ? 'decrescente' : 'crescente', targetBelowBaseline: below };
}

/** The raw ratio of a numeric indicator: may be above 1, or null where it has no finite value. */
export function numericRatio(spec: IndicatorSpec, actual: number): number | null {
	const target = spec.target!;
	if (spec.baseline !== null && spec.baseline !== target) {
		// Progress from the baseline towards the target: works for both polarities.
		return (actual - spec.baseline) / (target - spec.baseline);
	}
	if (spec.polarity === 'decrescente') {
		if (actual <= 0) return actual <= target ? null : 0; // nothing to divide by: at or below a non-negative target
		return target / actual;
	}
	if (target === 0) return actual >= 0 ? null : 0;
	return actual / target;
}

export function indicatorAchievement(spec: IndicatorSpec, reading: Reading | null, settings: AchievementSettings = DEFAULT_SETTINGS): IndicatorResult {
	if (!isMeasurable(spec)) return { kind: 'not_measurable' };
	if (!reading) return { kind: 'not_measured' };

	if (spec.type === 'si_no') {
		if (reading.value === null) return { kind: 'not_measured' };
		const done = reading.value === (spec.target ?? 1);
		return { kind: 'measured', raw: done ? 1 : 0, score: done ? 1 : 0 };
	}

	if (spec.type === 'data') {
		if (!reading.valueDate) return { kind: 'not_measured' };
		const late = daysBetween(spec.targetDate!, reading.valueDate);
		if (late <= 0) return { kind: 'measured', raw: 1, score: 1 };
		const band = (settings.deadlineBands ?? []).slice().sort((a, b) => a.maxDaysLate - b.maxDaysLate).find((b) => late <= b.maxDaysLate);
		const score = band ? band.score : 0;
		return { kind: 'measured', raw: score, score };
	}

	if (reading.value === null) return { kind: 'not_measured' };
	const raw = numericRatio(spec, reading.value);
	// A null ratio means the target is met with nothing to divide (e.g. target 0): full marks.
	const base = raw === null ? 1 : raw;
	const hasBaseline = spec.baseline !== null && spec.baseline !== spec.target;
	const upper = hasBaseline || spec.polarity === 'decrescente' ? Math.min(1, settings.cap) : settings.cap;
	const score = clamp(applyBands(base, settings), 0, upper);
	return { kind: 'measured', raw, score };
}

export interface Weighted {
	weight: number | null;
	value: number;
}

/**
 * Weighted mean. Items without a weight count as equal; when every weight is missing or they sum to
 * zero, all items count equally (a plan without weights, or a mistake in them, must not divide by 0).
 */
export function weightedMean(items: Weighted[]): number | null {
	if (items.length === 0) return null;
	const given = items.filter((i) => i.weight !== null);
	const sum = given.reduce((s, i) => s + i.weight!, 0);
	if (given.length === items.length && sum > 0) {
		return items.reduce((s, i) => s + i.weight! * i.value, 0) / sum;
	}
	if (given.length > 0 && sum > 0) {
		// Some weighted, some not: the unweighted ones get the average of the given weights.
		const avg = sum / given.length;
		const total = items.reduce((s, i) => s + (i.weight ?? avg), 0);
		return items.reduce((s, i) => s + (i.weight ?? avg) * i.value, 0) / total;
	}
	return items.reduce((s, i) => s + i.value, 0) / items.length;
}

export type Status = 'on_track' | 'at_risk' | 'off_track' | 'not_measured' | 'not_measurable';

export const STATUS_ORDER: Status[] = ['on_track', 'at_risk', 'off_track', 'not_measured', 'not_measurable'];

/** Scores are shown as percentages with one decimal (status.ts `formatPercent`). */
export const SHOWN_PERCENT_DECIMALS = 1;
const shownPercent = new Intl.NumberFormat('en-US', { maximumFractionDigits: SHOWN_PERCENT_DECIMALS, useGrouping: false });

/**
 * The score as the user reads it: rounded the way it is printed (89,995 % is shown as "90,0 %").
 * Formatted by the same Intl rounding as the display, so the two can never disagree on a half.
 */
export function shownScore(score: number): number {
	return Number(shownPercent.format(score * 100)) / 100;
}

/** The status of a score, decided on the score as shown: "90,0 %" is never "a rischio" under a 90 % threshold. */
export function statusOf(score: number, settings: AchievementSettings = DEFAULT_SETTINGS): Status {
	const shown = shownScore(score);
	if (shown >= settings.onTrack) return 'on_track';
	if (shown >= settings.atRisk) return 'at_risk';
	return 'off_track';
}

export interface ObjectiveAchievement {
	score: number | null;
	status: Status;
	measurable: number;
	measured: number;
}

/** G of an objective: weighted mean of the indicators that have a score at the date. */
export function objectiveAchievement(
	indicators: Array<{ weight: number | null; result: IndicatorResult }>,
	settings: AchievementSettings = DEFAULT_SETTINGS
): ObjectiveAchievement {
	const measurable = indicators.filter((i) => i.result.kind !== 'not_measurable');
	const measured = measurable.filter((i) => i.result.kind === 'measured');
	if (measurable.length === 0) return { score: null, status: 'not_measurable', measurable: 0, measured: 0 };
	if (measured.length === 0) return { score: null, status: 'not_measured', measurable: measurable.length, measured: 0 };
	const score = weightedMean(measured.map((i) => ({ weight: i.weight, value: (i.result as { score: number }).score })))!;
	return { score, status: statusOf(score, settings), measurable: measurable.length, measured: measured.length };
}

export type Distribution = Record<Status, number>;

export function emptyDistribution(): Distribution {
	return { on_track: 0, at_risk: 0, off_track: 0, not_measured: 0, not_measurable: 0 };
}

export interface AggregateAchievement {
	score: number | null;
	status: Status;
	objectives: number;
	distribution: Distribution;
}

/** A director's, a CdR's, a public value's or the plan's G: weighted mean of its objectives' G. */
export function aggregateAchievement(
	objectives: Array<{ weight: number | null; achievement: ObjectiveAchievement }>,
	settings: AchievementSettings = DEFAULT_SETTINGS
): AggregateAchievement {
	const distribution = emptyDistribution();
	for (const o of objectives) distribution[o.achievement.status]++;
	const scored = objectives.filter((o) => o.achievement.score !== null);
	const score = weightedMean(scored.map((o) => ({ weight: o.weight, value: o.achievement.score! })));
	let status: Status;
	if (score !== null) status = statusOf(score, settings);
	else status = objectives.some((o) => o.achievement.status === 'not_measured') ? 'not_measured' : 'not_measurable';
	return { score, status, objectives: objectives.length, distribution };
}
