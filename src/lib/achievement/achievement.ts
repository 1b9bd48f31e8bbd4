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

import {
	applyScale,
	DEFAULT_SETTINGS,
	italianNumber,
	type AchievementSettings,
	type Band,
	type DeadlineBand,
	type Grade,
	type Scale,
	type StatusClass
} from './rules';
import { findGrade } from './grades';
import type { PhaseMeasureResult } from '../phases/measure';

export { DEFAULT_SETTINGS, withDefaults } from './rules';
export type { AchievementSettings, Band, DeadlineBand, Grade, Scale, ScaleBand, StatusClass } from './rules';

export interface IndicatorSpec {
	type: IndicatorType | null;
	polarity: Polarity | null;
	baseline: number | null;
	target: number | null;
	targetDate: string | null;
	/** The indicator's own scale (rules of the year, by its code); the plan-wide bands otherwise. */
	scale?: Scale | null;
	/** A graded indicator's grades: its values are grade names, scored by this list. */
	grades?: Grade[] | null;
}

export interface Reading {
	/** Numbers, and sì/no as 1/0. */
	value: number | null;
	/** Completion date, for deadline indicators. */
	valueDate: string | null;
	/** The grade given to a graded indicator. */
	grade?: string | null;
}

export type IndicatorResult =
	| { kind: 'not_measurable' }
	| { kind: 'not_measured' }
	| { kind: 'measured'; raw: number | null; score: number };

/** The indicator as the year's rules see it: with its own scale and grades, looked up by its code. */
export function withIndicatorRules(spec: IndicatorSpec, code: string, settings: AchievementSettings): IndicatorSpec {
	const scale = settings.scales?.[code] ?? null;
	const grades = settings.grades?.[code] ?? null;
	return scale || grades ? { ...spec, scale, grades } : spec;
}

/** The year's last date, 31 December: where a "zero at the final date" rule for missing values applies. */
export function isFinalDate(isoDate: string): boolean {
	return isoDate.endsWith('-12-31');
}

/** An indicator can be measured when the plan says what counts as reaching it. */
export function isMeasurable(spec: IndicatorSpec): boolean {
	if (spec.grades && spec.grades.length > 0) return true; // the grades say what each value is worth
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

/**
 * The raw ratio of a numeric indicator: may be above 1, or null where it has no finite value.
 * A decreasing indicator is read by the body's formula: the ratio t/v (default) or the linear
 * deviation (2t − v)/t, which loses as much for each unit above the target as the increasing ratio does.
 */
export function numericRatio(spec: IndicatorSpec, actual: number, formula: AchievementSettings['decreasingFormula'] = 'rapporto'): number | null {
	const target = spec.target!;
	if (spec.baseline !== null && spec.baseline !== target) {
		// Progress from the baseline towards the target: works for both polarities.
		return (actual - spec.baseline) / (target - spec.baseline);
	}
	if (spec.polarity === 'decrescente') {
		if (formula === 'scostamento') {
			if (target === 0) return actual <= 0 ? null : 0;
			return (2 * target - actual) / target;
		}
		if (actual <= 0) return actual <= target ? null : 0; // nothing to divide by: at or below a non-negative target
		return target / actual;
	}
	if (target === 0) return actual >= 0 ? null : 0;
	return actual / target;
}

export function indicatorAchievement(spec: IndicatorSpec, reading: Reading | null, settings: AchievementSettings = DEFAULT_SETTINGS): IndicatorResult {
	const result = unroundedIndicator(spec, reading, settings);
	if (result.kind !== 'measured' || settings.roundingLevel !== 'indicatore') return result;
	return { ...result, score: roundScore(result.score, settings.decimals) };
}

function unroundedIndicator(spec: IndicatorSpec, reading: Reading | null, settings: AchievementSettings): IndicatorResult {
	if (!isMeasurable(spec)) return { kind: 'not_measurable' };
	if (!reading) return { kind: 'not_measured' };

	if (spec.grades && spec.grades.length > 0) {
		// «Medio», «medio», «médio»: one grade (grades.ts), as the form and the importer match it.
		const grade = findGrade(spec.grades, reading.grade);
		if (!grade) return { kind: 'not_measured' };
		return { kind: 'measured', raw: grade.score, score: clamp(grade.score, 0, settings.cap) };
	}

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
	const raw = numericRatio(spec, reading.value, settings.decreasingFormula);
	// A null ratio means the target is met with nothing to divide (e.g. target 0): full marks.
	const base = raw === null ? 1 : raw;
	let scored: number;
	if (spec.scale) {
		const polarity = spec.polarity ?? assumedPolarity(spec)?.polarity ?? 'crescente';
		scored = spec.scale.on === 'valore' ? applyScale(reading.value, spec.scale, polarity !== 'decrescente') : applyScale(base, spec.scale);
	} else {
		scored = applyBands(base, settings);
	}
	// The cap is the body's, for every polarity and for progress from a baseline alike.
	return { kind: 'measured', raw, score: clamp(scored, 0, settings.cap) };
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
// One formatter per number of decimals the rules allow (0–4, rules-validation.ts), made once.
const round0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0, useGrouping: false });
const round1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, useGrouping: false });
const round2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, useGrouping: false });
const round3 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3, useGrouping: false });
const round4 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4, useGrouping: false });
const ROUNDING = [round0, round1, round2, round3, round4];

/** A score rounded to `decimals` decimals of its percentage, by the same Intl rounding the display uses. */
export function roundScore(score: number, decimals: number): number {
	const format = ROUNDING[Math.min(ROUNDING.length - 1, Math.max(0, Math.trunc(decimals)))];
	return Number(format.format(score * 100)) / 100;
}

/**
 * The score as the user reads it: rounded the way it is printed (89,995 % is shown as "90,0 %").
 * Formatted by the same Intl rounding as the display, so the two can never disagree on a half.
 */
export function shownScore(score: number): number {
	return roundScore(score, SHOWN_PERCENT_DECIMALS);
}

/**
 * The named class of a score, when the rules name classes (best first: the first whose bound the shown
 * score reaches); null without classes, or below every class.
 */
export function classOf(score: number, settings: AchievementSettings = DEFAULT_SETTINGS): StatusClass | null {
	if (!settings.classes || settings.classes.length === 0) return null;
	const shown = shownScore(score);
	const sorted = classesBestFirst(settings.classes);
	return sorted.find((c) => shown >= c.from) ?? sorted[sorted.length - 1];
}

/**
 * The rules' classes, best first: sorted once per rules, not once per objective (an aggregate of a plan
 * 100 times the shipped one asks for thousands of objectives' classes after every saved value).
 */
function classesBestFirst(classes: readonly StatusClass[]): readonly StatusClass[] {
	let sorted = sortedClasses.get(classes);
	if (!sorted) sortedClasses.set(classes, (sorted = Object.freeze([...classes].sort((a, b) => b.from - a.from))));
	return sorted;
}
const sortedClasses = new WeakMap<readonly StatusClass[], readonly StatusClass[]>();

/**
 * The status of a score, decided on the score as shown: "90,0 %" is never "a rischio" under a 90 % threshold.
 * With named classes, the class's tone is the status.
 */
export function statusOf(score: number, settings: AchievementSettings = DEFAULT_SETTINGS): Status {
	const named = classOf(score, settings);
	if (named) return named.tone;
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
	/** Set when the indicators' weights break the body's rule (they do not sum to 100). */
	warning?: string;
	/** The named class of the score, when the rules name classes. */
	label?: string;
	/** Set when the result comes from the phases (rules «misura dalle fasi», phases/measure.ts): what they counted. */
	byPhases?: Exclude<PhaseMeasureResult, { kind: 'none' }>;
}

/** Whether an objective's stated indicator weights break the rule that they sum to 100 (null: they do not). */
export function weightsProblem(weights: Array<number | null>): string | null {
	const given = weights.filter((w): w is number => w !== null);
	// A lone indicator, or a plan that weighs nothing, states no weights to check.
	if (weights.length < 2 || given.length === 0) return null;
	const sum = given.reduce((s, w) => s + w, 0);
	if (given.length === weights.length && Math.abs(sum - 100) < 1e-9) return null;
	if (given.length < weights.length) return `pesi indicati per ${given.length} indicatori su ${weights.length}`;
	return `i pesi degli indicatori sommano a ${italianNumber(Number(sum.toFixed(4)))} invece di 100`;
}

/** Combines indicator scores into an objective's, by the body's aggregation rule. */
export function combineScores(items: Weighted[], aggregation: AchievementSettings['aggregation']): number | null {
	if (items.length === 0) return null;
	switch (aggregation) {
		case 'minimo':
			return Math.min(...items.map((i) => i.value));
		case 'tutti_raggiunti':
			return items.every((i) => i.value >= 1) ? 1 : 0;
		case 'somma_punti':
			// Each indicator brings its weight in points, times its score; out of 100 points.
			// Without a weight on every item there are no points to sum: the weighted mean applies.
			if (items.some((i) => i.weight === null)) return weightedMean(items);
			return items.reduce((s, i) => s + i.weight! * i.value, 0) / 100;
		default:
			return weightedMean(items);
	}
}

/**
 * G of an objective: its indicators' scores at the date, combined by the body's rule (weighted mean by
 * default), then its objective scale and rounding. Indicators without a value are left out, or count as
 * zero where the missing-value rule says so (`atFinalDate`: the date is the year's last, 31 December).
 */
export function objectiveAchievement(
	indicators: Array<{ weight: number | null; result: IndicatorResult }>,
	settings: AchievementSettings = DEFAULT_SETTINGS,
	options: { atFinalDate?: boolean } = {}
): ObjectiveAchievement {
	const measurable = indicators.filter((i) => i.result.kind !== 'not_measurable');
	const missingCountsZero = settings.missingValues === 'zero' || (settings.missingValues === 'zero_finale' && options.atFinalDate === true);
	const counted = measurable.filter((i) => i.result.kind === 'measured' || missingCountsZero);
	const measured = measurable.filter((i) => i.result.kind === 'measured').length;
	if (measurable.length === 0) return { score: null, status: 'not_measurable', measurable: 0, measured: 0 };
	if (measured === 0 && !missingCountsZero) return { score: null, status: 'not_measured', measurable: measurable.length, measured: 0 };
	const combined = combineScores(
		counted.map((i) => ({ weight: i.weight, value: i.result.kind === 'measured' ? i.result.score : 0 })),
		settings.aggregation
	)!;
	const problem = settings.weightsRule === 'nessuna' ? null : weightsProblem(indicators.map((i) => i.weight));
	let score = problem && settings.weightsRule === 'zero' ? 0 : combined;
	if (settings.objectiveScale) score = applyScale(score, settings.objectiveScale);
	if (settings.roundingLevel !== 'stato') score = roundScore(score, settings.decimals);
	const result: ObjectiveAchievement = { score, status: statusOf(score, settings), measurable: measurable.length, measured };
	if (problem) result.warning = problem;
	const named = classOf(score, settings);
	if (named) result.label = named.label;
	return result;
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
	/** The named class of the score, when the rules name classes. */
	label?: string;
	/**
	 * With named classes: the objectives with a score counted by class, best class first (every class,
	 * also those with none), so bars and legends say «Buono 12» and not only the class's base tone.
	 */
	classes?: ClassCount[];
}

export interface ClassCount {
	label: string;
	tone: StatusClass['tone'];
	count: number;
}

/** The objectives counted by named class (null without classes): the distribution in the body's words. */
export function classDistribution(objectives: ReadonlyArray<{ achievement: { score: number | null; label?: string } }>, settings: AchievementSettings): ClassCount[] | null {
	if (!settings.classes || settings.classes.length === 0) return null;
	const counts = classesBestFirst(settings.classes).map((c) => ({ label: c.label, tone: c.tone, count: 0 }));
	for (const o of objectives) {
		const score = o.achievement.score;
		if (score === null) continue;
		const label = o.achievement.label ?? classOf(score, settings)?.label;
		for (const c of counts) {
			if (c.label === label) {
				c.count++;
				break;
			}
		}
	}
	return counts;
}

/**
 * A director's, a CdR's, a public value's or the plan's G: weighted mean of its objectives' G, then the
 * aggregate scale of the rules (if any) and their rounding.
 */
export function aggregateAchievement(
	objectives: ReadonlyArray<{ weight: number | null; achievement: ObjectiveAchievement }>,
	settings: AchievementSettings = DEFAULT_SETTINGS
): AggregateAchievement {
	const distribution = emptyDistribution();
	for (const o of objectives) distribution[o.achievement.status]++;
	let score = weightedMeanOfScored(objectives);
	if (score !== null && settings.aggregateScale) score = applyScale(score, settings.aggregateScale);
	if (score !== null && settings.roundingLevel !== 'stato') score = roundScore(score, settings.decimals);
	let status: Status;
	if (score !== null) status = statusOf(score, settings);
	else status = distribution.not_measured > 0 ? 'not_measured' : 'not_measurable';
	const named = score === null ? null : classOf(score, settings);
	const classes = classDistribution(objectives, settings);
	const out: AggregateAchievement = { score, status, objectives: objectives.length, distribution };
	if (named) out.label = named.label;
	if (classes) out.classes = classes;
	return out;
}

/**
 * `weightedMean` of the objectives that have a score, read in place: the same sums in the same order
 * (so the same number to the last bit), without the intermediate arrays. The overview and the trends
 * aggregate thousands of objectives after every value saved during a campaign; the copies were most
 * of that time and of the garbage left behind.
 */
function weightedMeanOfScored(objectives: ReadonlyArray<{ weight: number | null; achievement: ObjectiveAchievement }>): number | null {
	let count = 0;
	let given = 0;
	let sum = 0;
	for (const o of objectives) {
		if (o.achievement.score === null) continue;
		count++;
		if (o.weight !== null) {
			given++;
			sum += o.weight;
		}
	}
	if (count === 0) return null;
	let numerator = 0;
	if (given === count && sum > 0) {
		for (const o of objectives) if (o.achievement.score !== null) numerator += o.weight! * o.achievement.score;
		return numerator / sum;
	}
	if (given > 0 && sum > 0) {
		// Some weighted, some not: the unweighted ones get the average of the given weights.
		const avg = sum / given;
		let total = 0;
		for (const o of objectives) if (o.achievement.score !== null) total += o.weight ?? avg;
		for (const o of objectives) if (o.achievement.score !== null) numerator += (o.weight ?? avg) * o.achievement.score;
		return numerator / total;
	}
	for (const o of objectives) if (o.achievement.score !== null) numerator += o.achievement.score;
	return numerator / count;
}
