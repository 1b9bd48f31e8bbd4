import { sql, type Kysely } from 'kysely';

/**
 * Locks the database itself keeps, whoever writes and however (the web forms, the importer, a SQL
 * shell). Frozen in time: never import application code from here.
 *
 * - The audit log refuses `REPLACE INTO` / `INSERT OR REPLACE` over an existing line: REPLACE deletes
 *   the old row without firing delete triggers, so the update and delete triggers alone did not
 *   make the log append-only.
 * - A value cannot be moved into a validated monitoring date (the old trigger looked at OLD only).
 * - While an indicator has validated values, what its results are computed from (target, type,
 *   polarity, baseline, weight, objective) cannot change: a published result would move. Reopening
 *   the date (admin, with a reason) turns the values back to accepted and unlocks it.
 * - A monitoring date is a real calendar date, and only a closed date becomes validated.
 */
const LOCKED_DATE = (indicator: string, date: string) =>
	`EXISTS (SELECT 1 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN monitoring_period mp ON mp.plan_id = o.plan_id
	         WHERE i.id = ${indicator} AND mp.date = ${date} AND mp.state = 'validato')`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	const statements = [
		`CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
		 WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
		 BEGIN SELECT RAISE(ABORT, 'il registro delle modifiche non si può riscrivere'); END`,
		`DROP TRIGGER measurement_locked_update`,
		`CREATE TRIGGER measurement_locked_update BEFORE UPDATE ON measurement
		 WHEN ${LOCKED_DATE('OLD.indicator_id', 'OLD.date')} OR ${LOCKED_DATE('NEW.indicator_id', 'NEW.date')}
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: valori bloccati'); END`,
		`CREATE TRIGGER indicator_definition_locked BEFORE UPDATE OF objective_id, type, polarity, baseline, target, target_date, weight ON indicator
		 WHEN (NEW.objective_id IS NOT OLD.objective_id OR NEW.type IS NOT OLD.type OR NEW.polarity IS NOT OLD.polarity
		       OR NEW.baseline IS NOT OLD.baseline OR NEW.target IS NOT OLD.target OR NEW.target_date IS NOT OLD.target_date
		       OR NEW.weight IS NOT OLD.weight)
		  AND EXISTS (SELECT 1 FROM measurement WHERE indicator_id = OLD.id AND state = 'validato')
		 BEGIN SELECT RAISE(ABORT, 'indicatore con valori validati dal Nucleo: definizione bloccata'); END`,
		`CREATE TRIGGER monitoring_period_real_date BEFORE INSERT ON monitoring_period
		 WHEN date(NEW.date) IS NOT NEW.date
		   -- An upsert fires this trigger too: it may turn an existing closed date into a validated one.
		   OR (NEW.state = 'validato' AND NOT EXISTS (SELECT 1 FROM monitoring_period WHERE plan_id = NEW.plan_id AND date = NEW.date AND state = 'chiuso'))
		 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio non valida, o validata senza essere stata chiusa'); END`,
		`CREATE TRIGGER monitoring_period_validate_closed BEFORE UPDATE OF state, date ON monitoring_period
		 WHEN NEW.date IS NOT OLD.date OR (NEW.state = 'validato' AND OLD.state <> 'chiuso')
		 BEGIN SELECT RAISE(ABORT, 'solo una data chiusa si può validare, e una data non cambia'); END`
	];
	for (const s of statements) await sql.raw(s).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const t of ['audit_log_no_replace', 'measurement_locked_update', 'indicator_definition_locked', 'monitoring_period_real_date', 'monitoring_period_validate_closed']) {
		await sql.raw(`DROP TRIGGER ${t}`).execute(db);
	}
	await sql
		.raw(
			`CREATE TRIGGER measurement_locked_update BEFORE UPDATE ON measurement WHEN ${LOCKED_DATE('OLD.indicator_id', 'OLD.date')}
			 BEGIN SELECT RAISE(ABORT, 'data di monitoraggio validata dal Nucleo: valori bloccati'); END`
		)
		.execute(db);
}
