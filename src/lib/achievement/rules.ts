/**
 * The vocabulary of a body's scoring rules (its SMVP, D.Lgs. 150/2009 art. 7): what the engine in
 * achievement.ts can be told, as plain data. A plan year carries one such set of rules; the defaults
 * below are the dashboard's historical behaviour, so a body that states nothing is scored as before.
 *
 * Every score and bound is a fraction (0.9 = 90 %). docs/regole.md explains each rule with an example.
 */

/** A plan-wide band (scaglione) of the ratio to target: from this ratio up, `score` applies. */
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

/**
 * A band of a scale: the measure in [from, to) (`to` null: no upper bound) scores a fixed `score`, or
 * a score interpolated from `score` at `from` to `scoreTo` at `to`, or the measure itself ('proporzionale').
 * Scores may jump between bands.
 */
export interface ScaleBand {
	from: number;
	to: number | null;
	score: number | 'proporzionale';
	/** With a numeric `score` and a finite `to`: the score reached at `to`, linearly from `score` at `from`. */
	scoreTo: number | null;
}

/** A scale of its own for one indicator, or for objective / aggregate scores. */
export interface Scale {
	/** What the bands read: the ratio to target (direction-aware) or the raw measured value. */
	on: 'rapporto' | 'valore';
	bands: ScaleBand[];
	/** The score of a measure on the worse side of every band (below the lowest for higher-is-better). */
	below: number;
}

/** A named grade of a graded indicator ("alto" 100 %, "medio" 70 %...). */
export interface Grade {
	name: string;
	score: number;
}

/** A named status class: from this score up (down to the next class) the result is `label`. */
export interface StatusClass {
	label: string;
	from: number;
	/** The colour and shape the class is drawn with: one of the three base states. */
	tone: 'on_track' | 'at_risk' | 'off_track';
}

// Numbers in the rules' own words (files, messages, summaries): Italian, up to six decimals, made once.
const italian = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 6 });

/** 1234.5 → "1234,5"; 0.123456789 → "0,123457". */
export function italianNumber(x: number): string {
	return italian.format(x);
}

/** A fraction as the rules write it: 0.875 → "87,5 %". */
export function italianPercent(x: number): string {
	return `${italian.format(Number((x * 100).toFixed(4)))} %`;
}

export type DecreasingFormula = 'rapporto' | 'scostamento';
export type MissingValues = 'esclusi' | 'zero' | 'zero_finale';
export type Aggregation = 'media_ponderata' | 'somma_punti' | 'minimo' | 'tutti_raggiunti';
export type WeightsRule = 'nessuna' | 'avviso' | 'zero';
export type RoundingLevel = 'stato' | 'indicatore' | 'obiettivo';
/**
 * An objective without a measurable indicator measured by its phases' completion (src/lib/phases/measure.ts):
 * not at all ('no', the default), by the number of phases, or weighted by their amounts in euro.
 */
export type PhaseMeasure = 'no' | 'numero' | 'importo';
export const PHASE_MEASURES: readonly PhaseMeasure[] = ['no', 'numero', 'importo'];

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
	/** Decreasing indicators: ratio t/v, or linear deviation (2t − v)/t. */
	decreasingFormula: DecreasingFormula;
	/** A measurable indicator without a value: left out, counted as zero, or zero only at 31 December. */
	missingValues: MissingValues;
	/** How an objective's indicator scores make its score. */
	aggregation: Aggregation;
	/** What happens when an objective's indicator weights do not sum to 100. */
	weightsRule: WeightsRule;
	/**
	 * Decimals of the percentage the scores are rounded to, and the level from which they are rounded:
	 * 'indicatore' (indicators, objectives and aggregates), 'obiettivo' (objectives and aggregates), or
	 * 'stato' (scores kept whole; the status is decided on the score as printed, as always).
	 */
	decimals: number;
	roundingLevel: RoundingLevel;
	/** Optional bands applied to an objective's score, and to aggregate (director, CdR, plan) scores. */
	objectiveScale: Scale | null;
	aggregateScale: Scale | null;
	/** Named status classes, best first, instead of the two thresholds. */
	classes: StatusClass[] | null;
	/** Per-indicator scales, by indicator code; the plan-wide bands are the fallback. */
	scales: Record<string, Scale>;
	/** Graded indicators, by indicator code: their grades and scores. */
	grades: Record<string, Grade[]>;
	/** Whether an objective without measurable indicators is measured by its phases, and how. */
	phaseMeasure: PhaseMeasure;
}

export const DEFAULT_SETTINGS: AchievementSettings = Object.freeze({
	onTrack: 0.9,
	atRisk: 0.6,
	cap: 1,
	bands: null,
	interpolateBands: false,
	deadlineBands: null,
	decreasingFormula: 'rapporto',
	missingValues: 'esclusi',
	aggregation: 'media_ponderata',
	weightsRule: 'nessuna',
	decimals: 1,
	roundingLevel: 'stato',
	objectiveScale: null,
	aggregateScale: null,
	classes: null,
	scales: Object.freeze({}) as Record<string, Scale>,
	grades: Object.freeze({}) as Record<string, Grade[]>,
	phaseMeasure: 'no'
}) as AchievementSettings;

/** Rules stored before this vocabulary grew (a partial object) read as the defaults plus what they say. */
export function withDefaults(partial: Partial<AchievementSettings> | null | undefined): AchievementSettings {
	return { ...DEFAULT_SETTINGS, ...(partial ?? {}) };
}

/**
 * The score a scale gives a measure. `higherIsBetter` decides which side of the bands is "worse":
 * below the lowest band for an increasing measure, above the highest for a decreasing raw value.
 */
export function applyScale(measure: number, scale: Scale, higherIsBetter = true): number {
	const sorted = [...scale.bands].sort((a, b) => a.from - b.from);
	if (sorted.length === 0) return measure;
	const band = sorted.find((b) => measure >= b.from && (b.to === null || measure < b.to));
	if (band) {
		if (band.score === 'proporzionale') return measure;
		if (band.scoreTo === null || band.to === null || band.to === band.from) return band.score;
		return band.score + ((measure - band.from) / (band.to - band.from)) * (band.scoreTo - band.score);
	}
	const lowest = sorted[0];
	const highest = sorted[sorted.length - 1];
	const belowAll = measure < lowest.from;
	const worse = higherIsBetter ? belowAll : !belowAll;
	if (worse) return scale.below;
	// On the better side of every band (or in a gap the validator refuses): the nearest band's best score.
	const nearest = belowAll ? lowest : highest;
	if (nearest.score === 'proporzionale') return measure;
	return Math.max(nearest.score, nearest.scoreTo ?? nearest.score);
}
