/**
 * The figures of a monitoring campaign, from the database: one query per monitoring date, whatever the
 * number of directors and indicators.
 */
import type { Db } from './db/database';
import type { Row } from './db/schema';
import { OWNER_SQL } from './ownership';
import { summariseCampaign, type CampaignSummary, type DirectorProgress } from '../campaign';

export function directorProgress(db: Db, planId: number, date: string): DirectorProgress[] {
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
		.all(date, planId) as DirectorProgress[];
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
