/**
 * Plans by year: codes of objectives and indicators are unique within a plan year, the same code in
 * another year is the same objective or indicator in another year, and files say the year in `anno`
 * (older files without it stay readable while a code is in one year only).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { csvInput, dumpDatabase, freshDb } from '../testing/db';
import { ids, PlanBuilder } from '../testing/plan-builder';
import { importFiles } from './import.service';
import { exportFiles } from '../export/export.service';
import { formatProblem } from '../../interchange/problems';

/** 2022 and 2023 with the same objective and indicator codes, different targets and values. */
function twoYears(): PlanBuilder {
	const plan = new PlanBuilder();
	for (const [anno, target, value] of [[2022, 100, 60], [2023, 120, 130]] as const) {
		plan
			.newPlan(anno)
			.newObjective({ anno, codice: 'OB-1', titolo: `Manutenzione strade ${anno}` })
			.newPhase({ anno, codice_obiettivo: 'OB-1', numero: 1, descrizione: `Gara ${anno}` })
			.newIndicator({ anno, codice_obiettivo: 'OB-1', codice: 'I182', target })
			.newMeasurement({ anno, codice_indicatore: 'I182', data: `${anno}-12-31`, valore: value });
	}
	return plan;
}

describe('plans by year', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
	});
	afterEach(async () => {
		await db.close();
	});

	it('the same indicator code in two plan years is two indicators, one per year, each with its own target and values', () => {
		twoYears().importInto(db);
		const rows = db.sqlite
			.prepare(`SELECT p.year, i.target, m.value FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN measurement m ON m.indicator_id = i.id WHERE i.code = 'I182' ORDER BY p.year`)
			.all();
		expect(rows).toEqual([
			{ year: 2022, target: 100, value: 60 },
			{ year: 2023, target: 120, value: 130 }
		]);
		expect(ids(db).indicator(2022, 'I182')).not.toBe(ids(db).indicator(2023, 'I182'));
		// Phases went to the objective of their own year.
		expect(db.sqlite.prepare(`SELECT p.year || ':' || f.description FROM phase f JOIN objective o ON o.id = f.objective_id JOIN plan p ON p.id = o.plan_id ORDER BY p.year`).pluck().all()).toEqual([
			'2022:Gara 2022',
			'2023:Gara 2023'
		]);
	});

	it('re-importing the two years changes nothing', () => {
		twoYears().importInto(db);
		const again = twoYears().importInto(db);
		expect(again.counts.indicators).toEqual({ created: 0, updated: 0, unchanged: 2 });
		expect(again.counts.measurements).toEqual({ created: 0, updated: 0, unchanged: 2 });
		expect(again.counts.phases).toEqual({ created: 0, updated: 0, unchanged: 2 });
	});

	it('a code twice in the same year is still refused, with both lines', () => {
		const plan = new PlanBuilder().newPlan(2022).newObjective({ anno: 2022, codice: 'OB-1' });
		plan.newIndicator({ anno: 2022, codice_obiettivo: 'OB-1', codice: 'I1' }).newIndicator({ anno: 2022, codice_obiettivo: 'OB-1', codice: 'I1' });
		const report = importFiles(db, plan.files());
		expect(report.applied).toBe(false);
		expect(report.errors.map(formatProblem)).toEqual(['indicatori.csv:3: codice: codice indicatore I1 nel 2022 duplicato (già alla riga 2)']);
	});

	it('the database itself refuses a second indicator with the same code in a plan, and an indicator in another year’s objective', () => {
		twoYears().importInto(db);
		const o22 = ids(db).objective(2022, 'OB-1');
		const p22 = ids(db).plan(2022);
		const p23 = ids(db).plan(2023);
		const insert = db.sqlite.prepare('INSERT INTO indicator (objective_id, plan_id, code, position, description) VALUES (?, ?, ?, 9, ?)');
		expect(() => insert.run(o22, p22, 'I182', 'doppio')).toThrow(/UNIQUE/);
		expect(() => insert.run(o22, p23, 'NUOVO', 'anno sbagliato')).toThrow(/FOREIGN KEY/);
		expect(() => db.sqlite.prepare('UPDATE indicator SET objective_id = ? WHERE id = ?').run(ids(db).objective(2023, 'OB-1'), ids(db).indicator(2022, 'I182'))).toThrow(/FOREIGN KEY/);
	});

	it('files without anno are read as before while each code is in one year only', () => {
		importFiles(db, [csvInput('piano.csv', 'anno,ente,titolo\n2022,Provincia di Prova,Piano 2022\n')]);
		const report = importFiles(db, [
			csvInput('obiettivi.csv', 'anno,codice,valore_pubblico,titolo,cdr_codice,dirigente\n2022,OB-1,Strade,Strade,CDR1,Anna Rossi\n'),
			csvInput('fasi.csv', 'codice_obiettivo;numero;descrizione\nOB-1;1;Gara\n'),
			csvInput('indicatori.csv', 'codice_obiettivo;codice;descrizione;tipo;target\nOB-1;I1;Km;numero;100\n'),
			csvInput('misurazioni.csv', 'codice_indicatore;data;valore\nI1;30/06/2022;45,5\n')
		]);
		expect(report.errors).toEqual([]);
		expect(db.sqlite.prepare(`SELECT value FROM measurement`).pluck().all()).toEqual([45.5]);
	});

	it('without anno, a code that is in two years is refused with a clear error at its line, and nothing changes', () => {
		twoYears().importInto(db);
		const before = dumpDatabase(db);
		const report = importFiles(db, [
			csvInput('fasi.csv', 'codice_obiettivo;numero;descrizione\nOB-1;2;Collaudo\n'),
			csvInput('indicatori.csv', 'codice_obiettivo;codice;descrizione\nOB-1;I9;Nuovo\n'),
			csvInput('misurazioni.csv', 'codice_indicatore;data;valore\nI182;30/06/2023;45\n')
		]);
		expect(report.errors.map(formatProblem)).toEqual([
			'fasi.csv:2: codice_obiettivo: il codice OB-1 esiste in più anni (2022, 2023): aggiungere la colonna anno per dire di quale anno si tratta',
			'indicatori.csv:2: codice_obiettivo: il codice OB-1 esiste in più anni (2022, 2023): aggiungere la colonna anno per dire di quale anno si tratta',
			'misurazioni.csv:2: codice_indicatore: l’indicatore I182 esiste in più anni (2022, 2023): aggiungere la colonna anno per dire di quale anno si tratta'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});

	it('with anno, a code in an year that does not have it is unknown, said with the year', () => {
		twoYears().importInto(db);
		const report = importFiles(db, [
			csvInput('misurazioni.csv', 'anno;codice_indicatore;data;valore\n2024;I182;30/06/2024;45\n2023;I182;30/06/2023;1\n'),
			csvInput('fasi.csv', 'anno;codice_obiettivo;numero;descrizione\n2021;OB-1;1;Gara\n')
		]);
		expect(report.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:2: codice_indicatore: indicatore I182 del 2024 sconosciuto: non è in indicatori.csv né nel database',
			'fasi.csv:2: codice_obiettivo: obiettivo OB-1 del 2021 sconosciuto: non è in obiettivi.csv né nel database'
		]);
	});

	it('export writes anno in every file that names a code, and the two years come back identical in an empty database', async () => {
		twoYears().importInto(db);
		const files = await exportFiles(db);
		for (const name of ['fasi.csv', 'indicatori.csv', 'misurazioni.csv']) {
			expect(files.find((f) => f.fileName === name)!.text.split('\n')[0].split(',')[0], name).toBe('anno');
		}
		const copy = await freshDb();
		try {
			const report = importFiles(copy, files.map((f) => csvInput(f.fileName, f.text)));
			expect(report.errors).toEqual([]);
			expect(dumpDatabase(copy)).toEqual(dumpDatabase(db));
		} finally {
			await copy.close();
		}
	});

	it('an objective code recurring in obiettivi.csv for two years is one objective per year (lineage by code)', () => {
		twoYears().importInto(db);
		expect(db.sqlite.prepare(`SELECT p.year || ':' || o.title FROM objective o JOIN plan p ON p.id = o.plan_id WHERE o.code = 'OB-1' ORDER BY p.year`).pluck().all()).toEqual([
			'2022:Manutenzione strade 2022',
			'2023:Manutenzione strade 2023'
		]);
	});
});
