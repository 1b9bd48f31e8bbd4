/**
 * When a phase is late (in ritardo): its planned end has passed without completion, or its planned start
 * has passed and it has not started. Pure: the pages, the reports and the direction's view all ask here.
 *
 * "Today" is the reference date of the page: the day the page is read, or the monitoring date it shows
 * when that came before (a report at 30/06 judges the phases as they were at 30/06).
 */
import type { PhaseStatus } from '../vocabulary';

export interface PhasePlan {
	plannedStart: string | null;
	plannedEnd: string | null;
}

/** The latest report on the phase at or before the reference date, if any. */
export interface PhaseReport {
	status: PhaseStatus;
	actualStart: string | null;
	actualEnd: string | null;
}

export type Lateness =
	| { late: false }
	/** `since`: the planned date that passed; `days`: how many days ago. */
	| { late: true; reason: 'non_avviata' | 'non_completata'; since: string; days: number };

const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

/** Completed: reported as such, or with an actual end on or before the reference date. */
export function isCompleted(report: PhaseReport | null, today: string): boolean {
	return report !== null && (report.status === 'completata' || (report.actualEnd !== null && report.actualEnd <= today));
}

/** Started: any state past `non avviata` (a suspended phase had started), or an actual start that has come. */
export function isStarted(report: PhaseReport | null, today: string): boolean {
	if (report === null) return false;
	return report.status !== 'non_avviata' || (report.actualStart !== null && report.actualStart <= today);
}

export function phaseLateness(plan: PhasePlan, report: PhaseReport | null, today: string): Lateness {
	if (isCompleted(report, today)) return { late: false };
	// The end passing is the graver lateness: it is named even when the phase never started.
	if (plan.plannedEnd !== null && plan.plannedEnd < today) return { late: true, reason: 'non_completata', since: plan.plannedEnd, days: daysBetween(plan.plannedEnd, today) };
	if (plan.plannedStart !== null && plan.plannedStart < today && !isStarted(report, today)) {
		return { late: true, reason: 'non_avviata', since: plan.plannedStart, days: daysBetween(plan.plannedStart, today) };
	}
	return { late: false };
}

/** The reference date of a page: today, or the monitoring date shown when that came before. */
export function referenceDate(today: string, monitoringDate: string): string {
	return monitoringDate < today ? monitoringDate : today;
}

/** In Italian, for a table cell or a list: «in ritardo: non completata, fine prevista 31/05/2022 (30 giorni)». */
export function latenessText(l: Lateness, formatDate: (iso: string) => string): string {
	if (!l.late) return '';
	const days = l.days === 1 ? '1 giorno' : `${l.days} giorni`;
	return l.reason === 'non_completata'
		? `non completata: la fine era prevista il ${formatDate(l.since)} (${days} di ritardo)`
		: `non avviata: l’inizio era previsto il ${formatDate(l.since)} (${days} di ritardo)`;
}
