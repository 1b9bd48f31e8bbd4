/**
 * «Misura dalle fasi»: an objective the plan gives no measurable indicator can be measured, when the
 * year's rules say so (AchievementSettings.phaseMeasure), by how many of its phases due by the date are
 * completed. Pure: the evaluation, the trends and the tests share it; docs/regole.md states the rule.
 *
 * - Due: a phase whose planned end is on or before the date. A phase without a planned end is never
 *   counted (nothing says when it should be done); one completed ahead of its planned end is not counted
 *   until it is due, so the measure never passes 100 %.
 * - Completed: as the late rule says (late.ts `isCompleted`): reported «completata», or with an actual
 *   end that has come by the date, in the latest counted report at or before the date.
 * - By count, every due phase weighs one; by amount, each weighs its amount in euro, and when any due
 *   phase has no amount the measure falls back to the count (an unpriced phase must not vanish from the
 *   measure), which the text says.
 * - No phase due yet: not measured (neither 0 % nor 100 %). No phase with a planned end at all: the
 *   phases cannot measure the objective, which stays «non misurabile».
 * - Due phases of which none has a counted report (nothing declared yet, or on the public pages nothing
 *   validated yet): not measured, as an indicator without a value, unless the rules' missing-values rule
 *   counts missing values as zero (then 0 %).
 */
import { formatDate, formatEuroCents } from '../format';
import { classOf, isFinalDate, roundScore, statusOf, type ObjectiveAchievement } from '../achievement/achievement';
import { applyScale, type AchievementSettings, type PhaseMeasure } from '../achievement/rules';
import { isCompleted, type PhaseReport } from './late';

export interface MeasuredPhase {
	number: number;
	plannedEnd: string | null;
	amountCents: number | null;
	/** The latest counted report at or before the date (drafts never; on public pages, validated only). */
	report: PhaseReport | null;
}

/** What the phases say about an objective at a date, with every figure its statement needs. */
export type PhaseMeasureResult =
	| { kind: 'none' }
	| { kind: 'not_due'; date: string; dated: number; firstEnd: string }
	| {
			kind: 'measured';
			date: string;
			/** How the measure was weighted: 'importo' only when every due phase has an amount. */
			by: 'numero' | 'importo';
			/** The rules asked for amounts but a due phase has none: counted by number instead. */
			fellBack: boolean;
			due: number;
			completed: number;
			/** Due phases with a counted report at the date. */
			reported: number;
			dueCents: number;
			completedCents: number;
			/** completed / due (by count or amount): 0–1. */
			ratio: number;
	  };

export function measureByPhases(phases: readonly MeasuredPhase[], date: string, mode: Exclude<PhaseMeasure, 'no'>): PhaseMeasureResult {
	const dated = phases.filter((p) => p.plannedEnd !== null);
	if (dated.length === 0) return { kind: 'none' };
	const due = dated.filter((p) => p.plannedEnd! <= date);
	if (due.length === 0) return { kind: 'not_due', date, dated: dated.length, firstEnd: dated.map((p) => p.plannedEnd!).sort()[0] };
	const done = due.filter((p) => isCompleted(p.report, date));
	const priced = due.every((p) => p.amountCents !== null && p.amountCents > 0);
	const by = mode === 'importo' && priced ? 'importo' : 'numero';
	const cents = (list: readonly MeasuredPhase[]) => list.reduce((s, p) => s + (p.amountCents ?? 0), 0);
	const dueCents = cents(due);
	const completedCents = cents(done);
	const ratio = by === 'importo' ? completedCents / dueCents : done.length / due.length;
	const reported = due.filter((p) => p.report !== null).length;
	return { kind: 'measured', date, by, fellBack: mode === 'importo' && !priced, due: due.length, completed: done.length, reported, dueCents, completedCents, ratio };
}

/** The phases' measure as the objective's result: the objective's own rules (scale, rounding, cap, classes) apply. */
export type PhaseAchievement = ObjectiveAchievement & Required<Pick<ObjectiveAchievement, 'byPhases'>>;

/**
 * The objective's achievement with the phases rule applied: unchanged unless the rules measure by phases,
 * the objective has no measurable indicator (the engine's «non misurabile») and some phase has a planned end.
 */
export function withPhaseMeasure(
	achievement: ObjectiveAchievement,
	phases: readonly MeasuredPhase[] | undefined,
	date: string,
	settings: AchievementSettings
): ObjectiveAchievement {
	const mode = settings.phaseMeasure ?? 'no';
	if (mode === 'no' || achievement.status !== 'not_measurable' || !phases) return achievement;
	const measure = measureByPhases(phases, date, mode);
	if (measure.kind === 'none') return achievement;
	if (measure.kind === 'not_due') return { score: null, status: 'not_measured', measurable: 0, measured: 0, byPhases: measure } satisfies PhaseAchievement;
	// Nothing declared on the due phases: missing, as a value would be (valori mancanti decides).
	const missingCountsZero = settings.missingValues === 'zero' || (settings.missingValues === 'zero_finale' && isFinalDate(date));
	if (measure.reported === 0 && !missingCountsZero) return { score: null, status: 'not_measured', measurable: 0, measured: 0, byPhases: measure } satisfies PhaseAchievement;
	// The same path as an objective's combined score: capped, its scale, its rounding, its status.
	let score = Math.min(Math.max(measure.ratio, 0), settings.cap);
	if (settings.objectiveScale) score = applyScale(score, settings.objectiveScale);
	if (settings.roundingLevel !== 'stato') score = roundScore(score, settings.decimals);
	const result: PhaseAchievement = { score, status: statusOf(score, settings), measurable: 0, measured: 0, byPhases: measure };
	const named = classOf(score, settings);
	if (named) result.label = named.label;
	return result;
}

const phasesWord = (n: number) => (n === 1 ? 'fase' : 'fasi');

/**
 * The rule as it was applied, in one Italian sentence for the objective page, the reports and the public
 * pages: «Misurato dalle fasi: 3 di 5 fasi previste entro il 30/06/2022 completate (per numero).»
 */
export function phaseMeasureText(m: Exclude<PhaseMeasureResult, { kind: 'none' }>): string {
	if (m.kind === 'not_due') {
		return `Misurato dalle fasi: nessuna fase prevista entro il ${formatDate(m.date)} (la prima finisce il ${formatDate(m.firstEnd)}), quindi non ancora misurato.`;
	}
	if (m.reported === 0 && m.completed === 0) {
		const none = `nessuna delle ${m.due} ${phasesWord(m.due)} ${m.due === 1 ? 'prevista' : 'previste'} entro il ${formatDate(m.date)} ha un avanzamento dichiarato`;
		return `Misurato dalle fasi: ${m.due === 1 ? `la fase prevista entro il ${formatDate(m.date)} non ha un avanzamento dichiarato` : none}.`;
	}
	const count = `${m.completed} di ${m.due} ${phasesWord(m.due)} ${m.due === 1 ? 'prevista' : 'previste'} entro il ${formatDate(m.date)} ${m.due === 1 ? 'completata' : 'completate'}`;
	if (m.by === 'importo') return `Misurato dalle fasi: ${formatEuroCents(m.completedCents)} di ${formatEuroCents(m.dueCents)} (${count}, per importo).`;
	return `Misurato dalle fasi: ${count} (per numero${m.fellBack ? ': non tutte hanno un importo' : ''}).`;
}

/** The statement of an objective's result when it comes from the phases, else null: what rows and pages carry. */
export function phaseMeasureNote(a: ObjectiveAchievement): string | null {
	return a.byPhases ? phaseMeasureText(a.byPhases) : null;
}
