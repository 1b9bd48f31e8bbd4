/**
 * Where a monitoring campaign stands: for each director, how many of his indicators at the date have a
 * value that reached the direction (submitted or accepted), how many are still missing or only drafts,
 * how many were returned; whether the due date for entry has passed. Pure logic: the page, the reminder
 * command and the confirmation before closing all read the same figures.
 */
import { countLabel, plural } from './format';

/** The phase reports a director owes at a date (see PHASES_DUE_RULE), by their review state. */
export interface PhaseCounts {
	/** Phases whose report is due at the date. */
	due: number;
	missing: number;
	draft: number;
	submitted: number;
	returned: number;
	accepted: number;
}

export const NO_PHASES: PhaseCounts = { due: 0, missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0 };

/**
 * Which phases owe a report at a monitoring date, in the words the pages show (campaign.repository's
 * query says the same in SQL): those of the objectives the director leads that have planned dates, whose
 * planned window touches the plan year up to the date (planned start on or before the date, planned end
 * on or after 1 January), except those already reported completed, and accepted, at an earlier date.
 */
export const PHASES_DUE_RULE =
	'Un avanzamento di fase è dovuto, a una data, per ogni fase degli obiettivi di cui il dirigente è responsabile che ha date previste, ' +
	'è prevista iniziare entro quella data e finire non prima del 1° gennaio dell’anno del piano; non per le fasi già dichiarate completate, e accettate, a una data precedente.';

export interface DirectorProgress {
	directorId: number;
	name: string;
	/** Phase reports due at the date (zero counts when he has none). */
	phases: PhaseCounts;
	/** Indicators of the director's objectives in the plan. */
	total: number;
	/** No value at the date. */
	missing: number;
	/** Saved as a draft, not sent. */
	draft: number;
	/** Sent, waiting for the direction's review. */
	submitted: number;
	/** Sent back by the direction with a comment. */
	returned: number;
	/** Accepted (or validated). */
	accepted: number;
}

export interface DirectorStanding extends DirectorProgress {
	/** Everything sent: nothing missing, in draft or returned. */
	complete: boolean;
	/** What the director still owes: values and phase reports missing, in draft or returned. */
	owed: number;
	owedValues: number;
	owedPhases: number;
}

export interface CampaignSummary {
	date: string;
	dueDate: string | null;
	/** The due date has passed (today is after it) and some director still owes values. */
	overdue: boolean;
	/** Whole days until the due date (negative once passed); null without a due date. */
	daysLeft: number | null;
	directors: DirectorStanding[];
	complete: number;
	totals: Omit<DirectorProgress, 'directorId' | 'name'>;
}

export function owedBy(p: DirectorProgress): number {
	return p.missing + p.draft + p.returned + p.phases.missing + p.phases.draft + p.phases.returned;
}

/** «3 valori e 2 avanzamenti di fase», «1 valore», «2 avanzamenti di fase». */
export function owedText(d: Pick<DirectorStanding, 'owedValues' | 'owedPhases'>): string {
	const parts = [];
	if (d.owedValues > 0 || d.owedPhases === 0) parts.push(countLabel(d.owedValues, 'valore', 'valori'));
	if (d.owedPhases > 0) parts.push(countLabel(d.owedPhases, 'avanzamento di fase', 'avanzamenti di fase'));
	return parts.join(' e ');
}

/** Days from one calendar date to another (yyyy-mm-dd), counted in whole days. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / 86_400_000);
}

export function summariseCampaign(date: string, dueDate: string | null, progress: DirectorProgress[], today: string): CampaignSummary {
	const directors = progress.map((p) => ({
		...p,
		owed: owedBy(p),
		owedValues: p.missing + p.draft + p.returned,
		owedPhases: p.phases.missing + p.phases.draft + p.phases.returned,
		complete: owedBy(p) === 0
	}));
	const values = { total: 0, missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0 };
	const phases = { ...NO_PHASES };
	for (const p of progress) {
		for (const k of Object.keys(values) as Array<keyof typeof values>) values[k] += p[k];
		for (const k of Object.keys(phases) as Array<keyof PhaseCounts>) phases[k] += p.phases[k];
	}
	const totals = { ...values, phases };
	const complete = directors.filter((d) => d.complete).length;
	const daysLeft = dueDate ? daysBetween(today, dueDate) : null;
	return { date, dueDate, daysLeft, overdue: daysLeft !== null && daysLeft < 0 && complete < directors.length, directors, complete, totals };
}

/**
 * What is still open at a date, in words, for the confirmation before closing or validating: empty when
 * every director sent everything and the direction reviewed it.
 */
export function pendingLines(summary: CampaignSummary): string[] {
	const t = summary.totals;
	const lines: string[] = [];
	if (t.missing + t.draft > 0) lines.push(`${countLabel(t.missing + t.draft, 'indicatore', 'indicatori')} senza un valore inviato (${countLabel(t.missing, 'mancante', 'mancanti')}, ${countLabel(t.draft, 'in bozza', 'in bozza')})`);
	if (t.submitted > 0) lines.push(`${countLabel(t.submitted, 'valore inviato', 'valori inviati')} e non ancora ${plural(t.submitted, 'rivisto', 'rivisti')} dalla Direzione`);
	if (t.returned > 0) lines.push(`${countLabel(t.returned, 'valore restituito', 'valori restituiti')} al dirigente e non ancora ${plural(t.returned, 'corretto', 'corretti')}`);
	const f = t.phases;
	if (f.missing + f.draft > 0) lines.push(`${countLabel(f.missing + f.draft, 'fase', 'fasi')} senza un avanzamento inviato (${countLabel(f.missing, 'mancante', 'mancanti')}, ${countLabel(f.draft, 'in bozza', 'in bozza')})`);
	if (f.submitted > 0) lines.push(`${countLabel(f.submitted, 'avanzamento di fase inviato', 'avanzamenti di fase inviati')} e non ancora ${plural(f.submitted, 'rivisto', 'rivisti')} dalla Direzione`);
	if (f.returned > 0) lines.push(`${countLabel(f.returned, 'avanzamento di fase restituito', 'avanzamenti di fase restituiti')} al dirigente e non ancora ${plural(f.returned, 'corretto', 'corretti')}`);
	return lines;
}

/** What closing or validating a date waits for: the figures, shown before the second confirmation. */
export interface PeriodConfirmation {
	action: 'chiudi' | 'valida';
	date: string;
	summary: CampaignSummary;
	pending: string[];
}
