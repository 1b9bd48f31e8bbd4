/**
 * Where a monitoring campaign stands: for each director, how many of his indicators at the date have a
 * value that reached the direction (submitted or accepted), how many are still missing or only drafts,
 * how many were returned; whether the due date for entry has passed. Pure logic: the page, the reminder
 * command and the confirmation before closing all read the same figures.
 */
import { countLabel, plural } from './format';

export interface DirectorProgress {
	directorId: number;
	name: string;
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
	/** Values the director still owes: missing, drafts and returned ones. */
	owed: number;
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
	return p.missing + p.draft + p.returned;
}

/** Days from one calendar date to another (yyyy-mm-dd), counted in whole days. */
export function daysBetween(from: string, to: string): number {
	return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / 86_400_000);
}

export function summariseCampaign(date: string, dueDate: string | null, progress: DirectorProgress[], today: string): CampaignSummary {
	const directors = progress.map((p) => ({ ...p, owed: owedBy(p), complete: owedBy(p) === 0 }));
	const totals = { total: 0, missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0 };
	for (const p of progress) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += p[k];
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
	return lines;
}

/** What closing or validating a date waits for: the figures, shown before the second confirmation. */
export interface PeriodConfirmation {
	action: 'chiudi' | 'valida';
	date: string;
	summary: CampaignSummary;
	pending: string[];
}
