/**
 * The figures of a monitoring campaign, from the database: one query per monitoring date, whatever the
 * number of directors and indicators.
 */
import type { Db } from './db/database';
import type { Row } from './db/schema';
import { OWNER_SQL } from './ownership';
import { NO_PHASES, summariseCampaign, type CampaignSummary, type DirectorProgress, type PhaseCounts } from '../campaign';

/**
 * Each director's values and due phase reports at a date: two queries (indicators by their owner,
 * phases by their objective's director), whatever the size of the plan.
 */
export function directorProgress(db: Db, planId: number, date: string): DirectorProgress[] {
	const values = valueProgress(db, planId, date);
	const phases = phaseProgress(db, planId, date);
	const out: DirectorProgress[] = values.map((v) => ({ ...v, phases: phases.get(v.directorId)?.counts ?? { ...NO_PHASES } }));
	// A director with due phases but no indicator of his own still owes their reports.
	for (const [directorId, p] of phases) {
		if (!out.some((d) => d.directorId === directorId)) out.push({ directorId, name: p.name, total: 0, missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, phases: p.counts });
	}
	// In the database's order of names (ORDER BY d.name), as before phases counted.
	return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The phases whose report is due at a date (@date) in a plan (@plan), each with its report at the date if any
 * (`pp`): PHASES_DUE_RULE in campaign.ts says it in Italian. Shared by the figures and the reminders.
 */
export const DUE_PHASES_FROM = `FROM phase f
			 JOIN objective o ON o.id = f.objective_id
			 JOIN plan p ON p.id = o.plan_id
			 JOIN director d ON d.id = o.director_id
			 LEFT JOIN phase_progress pp ON pp.phase_id = f.id AND pp.date = @date
			 WHERE o.plan_id = @plan
			   AND coalesce(f.start_date, f.end_date) <= @date
			   AND coalesce(f.end_date, f.start_date) >= p.year || '-01-01'
			   AND NOT EXISTS (SELECT 1 FROM phase_progress q WHERE q.phase_id = f.id AND q.date < @date AND q.status = 'completata' AND q.state IN ('accettato', 'validato'))`;

/** The phase reports due at `date`, per director, by review state. */
function phaseProgress(db: Db, planId: number, date: string): Map<number, { name: string; counts: PhaseCounts }> {
	const rows = db.sqlite
		.prepare(
			`SELECT d.id AS directorId, d.name AS name, count(*) AS due,
			        coalesce(sum(pp.id IS NULL), 0) AS missing,
			        coalesce(sum(pp.state = 'bozza'), 0) AS draft,
			        coalesce(sum(pp.state = 'inviato'), 0) AS submitted,
			        coalesce(sum(pp.state = 'restituito'), 0) AS returned,
			        coalesce(sum(pp.state IN ('accettato', 'validato')), 0) AS accepted
			 ${DUE_PHASES_FROM}
			 GROUP BY d.id`
		)
		.all({ date, plan: planId }) as Array<PhaseCounts & { directorId: number; name: string }>;
	return new Map(rows.map(({ directorId, name, ...counts }) => [directorId, { name, counts }]));
}

function valueProgress(db: Db, planId: number, date: string): Array<Omit<DirectorProgress, 'phases'>> {
	return db.sqlite
		.prepare(
			`SELECT d.id AS directorId, d.name AS name, count(i.id) AS total,
			        coalesce(sum(m.id IS NULL), 0) AS missing,
			        coalesce(sum(m.state = 'bozza'), 0) AS draft,
			        coalesce(sum(m.state = 'inviato'), 0) AS submitted,
			        coalesce(sum(m.state = 'restituito'), 0) AS returned,
			        coalesce(sum(m.state IN ('accettato', 'validato')), 0) AS accepted
			 FROM indicator i
			 JOIN objective o ON o.id = i.objective_id
			 JOIN director d ON d.id = ${OWNER_SQL}
			 LEFT JOIN measurement m ON m.indicator_id = i.id AND m.date = ?
			 WHERE i.plan_id = ?
			 GROUP BY d.id ORDER BY d.name`
		)
		.all(date, planId) as Array<Omit<DirectorProgress, 'phases'>>;
}

export function periodDueDate(db: Db, planId: number, date: string): string | null {
	const row = db.sqlite.prepare('SELECT due_date FROM monitoring_period WHERE plan_id = ? AND date = ?').get(planId, date) as Row<'monitoring_period', 'due_date'> | undefined;
	return row?.due_date ?? null;
}

export function campaignAt(db: Db, planId: number, date: string, today: string): CampaignSummary {
	return summariseCampaign(date, periodDueDate(db, planId, date), directorProgress(db, planId, date), today);
}

/** Reminders sent for a monitoring date, newest first, for the direction's view. */
export function remindersSent(db: Db, planId: number, date: string, limit = 50) {
	return db.sqlite
		.prepare(
			`SELECT r.sent_at, r.recipient, r.kind, r.missing, r.returned, r.subject, d.name AS director
			 FROM reminder r JOIN director d ON d.id = r.director_id
			 WHERE r.plan_id = ? AND r.period_date = ? ORDER BY r.id DESC LIMIT ?`
		)
		.all(planId, date, limit) as Array<{ sent_at: string; recipient: string; kind: 'in_scadenza' | 'scaduto'; missing: number; returned: number; subject: string; director: string }>;
}
