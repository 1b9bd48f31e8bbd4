/**
 * What validating and reopening a monitoring date do to the phases' reports at that date, beside the
 * values (monitoring.service's changePeriod calls these inside its transaction). A separate module so
 * the cycle of values reads as before.
 */
import type { Db } from './db/database';

const REPORTS_AT = `FROM phase_progress WHERE date = ? AND phase_id IN (SELECT f.id FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.plan_id = ?)`;

/** Reports not yet accepted (draft, submitted, returned): they block validation, as values do. */
export function pendingPhaseReports(db: Db, planId: number, date: string): number {
	return db.sqlite.prepare(`SELECT count(*) ${REPORTS_AT} AND state IN ('bozza', 'inviato', 'restituito')`).pluck().get(date, planId) as number;
}

/** Validation locks every report at the date (the triggers then refuse any change). */
export function lockPhaseReports(db: Db, planId: number, date: string): number {
	return db.sqlite.prepare(`UPDATE phase_progress SET state = 'validato', version = version + 1 WHERE id IN (SELECT id ${REPORTS_AT})`).run(date, planId).changes;
}

/** Reopening turns them back to accepted. Called after the date is no longer validated. */
export function unlockPhaseReports(db: Db, planId: number, date: string): number {
	return db.sqlite.prepare(`UPDATE phase_progress SET state = 'accettato', version = version + 1 WHERE state = 'validato' AND id IN (SELECT id ${REPORTS_AT})`).run(date, planId).changes;
}
