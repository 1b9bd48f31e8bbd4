/**
 * Historical results already validated (a published Relazione of past years), imported with the explicit
 * `validated` act: values and their monitoring dates become validated, the change log says who and why,
 * and the public pages publish them like current ones. Without it nothing changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { dumpDatabase, freshDb } from '../testing/db';
import { ids, PlanBuilder } from '../testing/plan-builder';
import { importFiles } from './import.service';
import { formatProblem } from '../../interchange/problems';
import { loadTransparency, openDataFiles } from '../transparency';
import { changePeriod, saveEntries } from '../monitoring.service';
import { savePhaseReports } from '../phase-progress.service';

const HISTORY = { reason: 'Relazione sulla performance 2022 validata dal Nucleo il 28/06/2023' };

function plan2022(): PlanBuilder {
	return new PlanBuilder()
		.newPlan(2022)
		.newObjective({ anno: 2022, codice: 'OB-1' })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-1', codice: 'I1', target: 100 })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-1', codice: 'I2', target: 10 })
		.newPhase({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, data_inizio: '2022-02-01', data_fine: '2022-10-31' });
}

function results2022(): PlanBuilder {
	return new PlanBuilder()
		.newMeasurement({ anno: 2022, codice_indicatore: 'I1', data: '2022-06-30', valore: 40 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'I1', data: '2022-12-31', valore: 90, motivazione: 'gara slittata' })
		.newMeasurement({ anno: 2022, codice_indicatore: 'I2', data: '2022-12-31', valore: 10 });
}

const states = (db: Db) => ({
	values: db.sqlite.prepare('SELECT date, state FROM measurement ORDER BY indicator_id, date').all(),
	dates: db.sqlite.prepare('SELECT date, state FROM monitoring_period ORDER BY date').all()
});

describe('import of historical validated results', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
		plan2022().importInto(db);
	});
	afterEach(async () => {
		await db.close();
	});

	it('without the act, values are accepted and nothing is published', async () => {
		results2022().importInto(db);
		expect(states(db)).toEqual({
			values: [{ date: '2022-06-30', state: 'accettato' }, { date: '2022-12-31', state: 'accettato' }, { date: '2022-12-31', state: 'accettato' }],
			dates: []
		});
		expect((await loadTransparency(db, 2022))!.dates).toEqual([]);
	});

	it('with the act, values and their dates are validated, recorded with who and why, and published', async () => {
		const report = results2022().importInto(db, { validated: HISTORY, enteredBy: 'importazione di risultati validati (utente di sistema prova)' });
		expect(report.validated).toEqual({ dates: 2, values: 3, phases: 0 });
		expect(states(db)).toEqual({
			values: [{ date: '2022-06-30', state: 'validato' }, { date: '2022-12-31', state: 'validato' }, { date: '2022-12-31', state: 'validato' }],
			dates: [{ date: '2022-06-30', state: 'validato' }, { date: '2022-12-31', state: 'validato' }]
		});
		const audit = db.sqlite.prepare(`SELECT actor, ref, reason, after FROM audit_log WHERE action = 'importazione di risultati validati'`).all();
		expect(audit).toEqual([
			{ actor: 'importazione di risultati validati (utente di sistema prova)', ref: '30/06/2022 (2022), 31/12/2022 (2022)', reason: HISTORY.reason, after: JSON.stringify({ date: 2, valori: 3, avanzamenti_fasi: 0 }) }
		]);
		const published = (await loadTransparency(db, 2022))!;
		expect(published.dates).toEqual(['2022-06-30', '2022-12-31']);
		// I1 at 90 of 100 (0.9) and I2 at 10 of 10 (1), equal weights.
		expect(published.total.score).toBeCloseTo(0.95, 10);
		const openData = (await openDataFiles(db, 2022)).find((f) => f.fileName === 'misurazioni.csv')!;
		expect(openData.rows).toBe(3);
		// Locked like any validated result: the definition and the values.
		expect(() => db.sqlite.prepare('UPDATE indicator SET target = 1 WHERE id = ?').run(ids(db).indicator(2022, 'I1'))).toThrow(/bloccata/);
	});

	it('re-importing the same validated file changes nothing; a changed value is refused as locked', () => {
		results2022().importInto(db, { validated: HISTORY });
		const again = importFiles(db, results2022().files(), { validated: HISTORY });
		expect(again.errors).toEqual([]);
		expect(again.counts.measurements.unchanged).toBe(3);
		const changed = new PlanBuilder().newMeasurement({ anno: 2022, codice_indicatore: 'I1', data: '2022-12-31', valore: 95 });
		const refused = importFiles(db, changed.files(), { validated: HISTORY });
		expect(refused.errors.map(formatProblem)).toEqual(['misurazioni.csv:2: data: data di monitoraggio validata dal Nucleo: valori bloccati (31/12/2022)']);
	});

	it('a date where a director still has a draft is refused, at the line that names it, and nothing is written', async () => {
		const direzione = { id: 1, username: 'direzione', displayName: 'Direzione', role: 'direzione' as const, directorId: null };
		const anna = { id: 2, username: 'anna', displayName: 'Anna Rossi', role: 'dirigente' as const, directorId: ids(db).director('Anna Rossi') };
		expect(changePeriod(db, direzione, ids(db).plan(2022), '2022-12-31', 'apri', null).ok).toBe(true);
		expect(saveEntries(db, anna, '2022-12-31', [{ indicatorId: ids(db).indicator(2022, 'I2'), rawValue: '7', justification: 'x', evidenceUrl: null, evidenceFile: null, expectedVersion: null }], { submit: false }).ok).toBe(true);
		const before = { ...dumpDatabase(db), ...states(db) };
		const report = importFiles(db, new PlanBuilder().newMeasurement({ anno: 2022, codice_indicatore: 'I1', data: '2022-12-31', valore: 90 }).files(), { validated: HISTORY });
		expect(report.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:2: data: al 31/12/2022 (piano 2022) 1 valori sono ancora in bozza, inviati o restituiti: la data non si può importare come validata'
		]);
		expect({ ...dumpDatabase(db), ...states(db) }).toEqual(before);
	});

	it('phase reports are validated with their dates too, also at a date the files give no value for', () => {
		const files = results2022()
			.newPhaseReport({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, data: '2022-06-30', stato: 'in_corso', percentuale: 40, data_inizio_effettiva: '2022-02-10' })
			.newPhaseReport({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, data: '2022-09-30', stato: 'completata', data_inizio_effettiva: '2022-02-10', data_fine_effettiva: '2022-09-15' });
		const report = files.importInto(db, { validated: HISTORY });
		expect(report.validated).toEqual({ dates: 3, values: 3, phases: 2 });
		expect(db.sqlite.prepare('SELECT date, state FROM phase_progress ORDER BY date').all()).toEqual([
			{ date: '2022-06-30', state: 'validato' },
			{ date: '2022-09-30', state: 'validato' }
		]);
		expect(states(db).dates).toEqual([
			{ date: '2022-06-30', state: 'validato' },
			{ date: '2022-09-30', state: 'validato' },
			{ date: '2022-12-31', state: 'validato' }
		]);
		// Locked like reports the Nucleo validated on the page.
		expect(() => db.sqlite.prepare('UPDATE phase_progress SET percent = 99').run()).toThrow(/validata dal Nucleo/);
		// Without the act the same reports enter as accepted (and nothing is published).
		const plain = new PlanBuilder().newPhaseReport({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, data: '2022-03-31', stato: 'in_corso', data_inizio_effettiva: '2022-02-10' });
		expect(plain.importInto(db).validated).toBeUndefined();
		expect(db.sqlite.prepare("SELECT state FROM phase_progress WHERE date = '2022-03-31'").pluck().get()).toBe('accettato');
	});

	it('a date where a director still has a phase report in draft is refused, and nothing is written', async () => {
		const direzione = { id: 1, username: 'direzione', displayName: 'Direzione', role: 'direzione' as const, directorId: null };
		const anna = { id: 2, username: 'anna', displayName: 'Anna Rossi', role: 'dirigente' as const, directorId: ids(db).director('Anna Rossi') };
		expect(changePeriod(db, direzione, ids(db).plan(2022), '2022-12-31', 'apri', null).ok).toBe(true);
		const phaseId = db.sqlite.prepare('SELECT id FROM phase').pluck().get() as number;
		const draft = savePhaseReports(db, anna, '2022-12-31', [{ phaseId, status: 'in_corso', percent: '50', actualStart: '2022-02-10', actualEnd: '', note: '', expectedVersion: 0 }], { submit: false });
		expect(draft.ok).toBe(true);
		const before = { ...dumpDatabase(db), ...states(db) };
		const report = importFiles(db, new PlanBuilder().newMeasurement({ anno: 2022, codice_indicatore: 'I1', data: '2022-12-31', valore: 90 }).files(), { validated: HISTORY });
		expect(report.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:2: data: al 31/12/2022 (piano 2022) 1 avanzamento di fase è ancora in bozza, inviato o restituito: la data non si può importare come validata'
		]);
		expect({ ...dumpDatabase(db), ...states(db) }).toEqual(before);
	});

	it('a dry run with the act writes nothing', () => {
		const before = states(db);
		const report = importFiles(db, results2022().files(), { validated: HISTORY, dryRun: true });
		expect(report.errors).toEqual([]);
		expect(report.applied).toBe(false);
		expect(states(db)).toEqual(before);
	});
});
