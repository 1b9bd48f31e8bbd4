/**
 * Historical results already validated (a published Relazione of past years): an import with this
 * explicit act loads its values as validated and their monitoring dates as validated, so past years are
 * published like current ones. It runs inside the import's transaction, after the values are written,
 * and records one audit line with who did it and why.
 *
 * The rules are those of the Nucleo's own validation (monitoring.service `valida`): a date is validated
 * with every value and phase report at it, and not while any of them is still a draft, submitted or
 * returned. The dates are those the files give values or phase reports (avanzamento_fasi.csv) for.
 */
import type { Db } from '../db/database';
import type { ProblemList } from '../../interchange/problems';
import type { PeriodState } from '../../vocabulary';
import { appendAudit, type Actor } from '../audit';
import { formatDate } from '../../format';
import { lockPhaseReports, pendingPhaseReports } from '../phase-progress.locks';

export interface ValidatedImport {
	/** Why (required): recorded in the change log. */
	reason: string;
}

/** Where a monitoring date was first named in the files, for messages. */
export interface DatePlace {
	file: string;
	line: number;
}

/** Plan id → date → where it first appears. */
export type TouchedDates = Map<number, Map<string, DatePlace>>;

export function recordTouchedDate(touched: TouchedDates, planId: number, date: string, place: DatePlace): void {
	let dates = touched.get(planId);
	if (!dates) touched.set(planId, (dates = new Map()));
	if (!dates.has(date)) dates.set(date, place);
}

/** Validates every date the files gave values for; problems go to `problems` (then the import rolls back). */
export function validateImportedDates(db: Db, touched: TouchedDates, problems: ProblemList, actor: Actor, options: ValidatedImport): { dates: number; values: number; phases: number } {
	const s = db.sqlite;
	const q = {
		year: s.prepare<[number], number>('SELECT year FROM plan WHERE id = ?').pluck(),
		state: s.prepare<[number, string], PeriodState>('SELECT state FROM monitoring_period WHERE plan_id = ? AND date = ?').pluck(),
		pending: s.prepare<[string, number], number>(
			`SELECT count(*) FROM measurement WHERE date = ? AND state IN ('bozza', 'inviato', 'restituito') AND indicator_id IN (SELECT id FROM indicator WHERE plan_id = ?)`
		).pluck(),
		validateValues: s.prepare(
			`UPDATE measurement SET state = 'validato', version = version + 1 WHERE date = ? AND state = 'accettato' AND indicator_id IN (SELECT id FROM indicator WHERE plan_id = ?)`
		),
		insertClosed: s.prepare(`INSERT INTO monitoring_period (plan_id, date, state) VALUES (?, ?, 'chiuso')`),
		setState: s.prepare('UPDATE monitoring_period SET state = ? WHERE plan_id = ? AND date = ?')
	};
	let values = 0;
	let phases = 0;
	const done: string[] = [];
	for (const [planId, dates] of touched) {
		const year = q.year.get(planId);
		for (const [date, place] of [...dates].sort(([a], [b]) => a.localeCompare(b))) {
			const state = q.state.get(planId, date);
			if (state === 'validato') continue; // already published; changed values were refused as locked
			const pending = q.pending.get(date, planId) ?? 0;
			if (pending > 0) {
				problems.error(place.file, place.line, 'data', `al ${formatDate(date)} (piano ${year}) ${pending} valori sono ancora in bozza, inviati o restituiti: la data non si può importare come validata`);
				continue;
			}
			const pendingPhases = pendingPhaseReports(db, planId, date);
			if (pendingPhases > 0) {
				problems.error(
					place.file,
					place.line,
					'data',
					`al ${formatDate(date)} (piano ${year}) ${pendingPhases === 1 ? '1 avanzamento di fase è ancora in bozza, inviato o restituito' : `${pendingPhases} avanzamenti di fase sono ancora in bozza, inviati o restituiti`}: la data non si può importare come validata`
				);
				continue;
			}
			if (problems.hasErrors) continue; // only checks from here: nothing will be written
			values += q.validateValues.run(date, planId).changes;
			// Before the date is validated: the triggers refuse any write to its reports afterwards.
			phases += lockPhaseReports(db, planId, date);
			// The database lets a date become validated only once closed (trigger): close it first.
			if (state === undefined) q.insertClosed.run(planId, date);
			else if (state === 'aperto') q.setState.run('chiuso', planId, date);
			q.setState.run('validato', planId, date);
			done.push(`${formatDate(date)} (${year})`);
		}
	}
	if (!problems.hasErrors && done.length > 0) {
		appendAudit(db, actor, {
			action: 'importazione di risultati validati',
			entity: 'data di monitoraggio',
			ref: done.join(', '),
			after: { date: done.length, valori: values, avanzamenti_fasi: phases },
			reason: options.reason
		});
	}
	return { dates: done.length, values, phases };
}
