/**
 * Issue 11: the importer reads exactly what a file says, in every dialect, or refuses it. Files are
 * written here as Italian Excel writes them (`;`, decimal comma, thousands dots, Windows-1252, CRLF).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { csvInput, dumpDatabase, freshDb } from '../testing/db';
import { formatProblem } from '../../interchange/problems';
import { importFiles } from './import.service';

let db: Db;
beforeEach(async () => {
	db = await freshDb();
});
afterEach(async () => {
	await db.close();
});

/** Windows-1252 bytes of a text made only of Latin-1 characters (as Italian Excel saves). */
function cp1252(text: string): Uint8Array {
	return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}

const PLAN = [
	csvInput('piano.csv', 'anno;ente;titolo\r\n2023;Comune di Prova;Piano 2023\r\n'),
	csvInput('obiettivi.csv', 'anno;codice;valore_pubblico;titolo;cdr_codice;dirigente\r\n2023;OB-1;Benessere;Titolo;X1;Anna Rossi\r\n'),
	csvInput(
		'indicatori.csv',
		'codice_obiettivo;codice;descrizione;tipo;polarita;baseline;target\r\n' +
			'OB-1;IND-1;Utenti serviti;numero;crescente;58.200;60.000\r\n' +
			'OB-1;IND-2;Pratiche;numero;crescente;9.000;9.500\r\n'
	)
];

describe('measurements are read with their file’s dialect', () => {
	it('60.730 and 9.281 in a `;` misurazioni.csv are thousands, like 58.200 in indicatori.csv', () => {
		const report = importFiles(db, [
			...PLAN,
			csvInput('misurazioni.csv', 'codice_indicatore;data;valore\r\nIND-1;31/12/2023;60.730\r\nIND-2;31/12/2023;9.281\r\n')
		]);
		expect(report.errors).toEqual([]);
		expect(dumpDatabase(db).measurement).toMatchObject([{ code: 'IND-1', value: 60730 }, { code: 'IND-2', value: 9281 }]);
		expect(dumpDatabase(db).indicator).toMatchObject([{ code: 'IND-1', baseline: 58200 }, { code: 'IND-2', baseline: 9000 }]);
	});

	it('the Excel copy re-imported over the program copy changes nothing', () => {
		importFiles(db, [...PLAN, csvInput('misurazioni.csv', 'codice_indicatore,data,valore\nIND-1,2023-12-31,60730\nIND-2,2023-12-31,9281.5\n')]);
		const before = dumpDatabase(db);
		const report = importFiles(db, [csvInput('misurazioni.csv', cp1252('Codice indicatore;Data;Valore\r\nIND-1;31/12/2023;60.730\r\nIND-2;31/12/2023;9.281,5\r\n'))]);
		expect(report.errors).toEqual([]);
		expect(report.counts.measurements).toEqual({ created: 0, updated: 0, unchanged: 2 });
		expect(dumpDatabase(db)).toEqual(before);
	});

	it('in a `,` file written by a program, 1.500 is one and a half', () => {
		importFiles(db, [...PLAN, csvInput('misurazioni.csv', 'codice_indicatore,data,valore\nIND-1,2023-12-31,1.500\n')]);
		expect(dumpDatabase(db).measurement).toMatchObject([{ value: 1.5 }]);
	});
});

describe('mixed encodings are refused, with line and byte', () => {
	it('a UTF-8 file with one stray Windows-1252 byte is not imported as Windows-1252', () => {
		const utf8 = new TextEncoder().encode('anno;codice;valore_pubblico;titolo;cdr_codice;dirigente\r\n2023;OB-1;Benessere;Attività città perché;X1;Anna Rossi\r\n2023;OB-2;Benessere;Caff');
		const bytes = new Uint8Array([...utf8, 0xe8, ...new TextEncoder().encode(';X1;Anna Rossi\r\n')]);
		const report = importFiles(db, [PLAN[0], csvInput('obiettivi.csv', bytes)]);
		expect(report.applied).toBe(false);
		expect(report.errors.map(formatProblem)).toEqual([
			expect.stringMatching(/^obiettivi\.csv:3: codifica mista: .*riga 3, byte 25 della riga \(0xE8\)/)
		]);
		expect(dumpDatabase(db).objective).toEqual([]);
	});

	it('the same text, all in Windows-1252, is read right', () => {
		const report = importFiles(db, [
			PLAN[0],
			csvInput('obiettivi.csv', cp1252('anno;codice;valore_pubblico;titolo;cdr_codice;dirigente\r\n2023;OB-1;Benessere;Attività città perché;X1;Anna Rossi\r\n'))
		]);
		expect(report.errors).toEqual([]);
		expect(dumpDatabase(db).objective).toMatchObject([{ title: 'Attività città perché' }]);
	});
});

/** A monitoring date closed, then validated by the Nucleo (the only way a date becomes validated). */
function validate(date: string) {
	db.sqlite.prepare(`INSERT INTO monitoring_period (plan_id, date, state) SELECT id, ?, 'chiuso' FROM plan`).run(date);
	db.sqlite.prepare(`UPDATE monitoring_period SET state = 'validato' WHERE date = ?`).run(date);
}

describe('every error at once', () => {
	it('a value error on line 2 does not hide the locked-date errors on lines 3 and 4', () => {
		importFiles(db, [...PLAN, csvInput('misurazioni.csv', 'codice_indicatore;data;valore\nIND-1;30/06/2023;100\nIND-2;30/06/2023;200\n')]);
		validate('2023-06-30');
		const before = dumpDatabase(db);
		const report = importFiles(db, [
			csvInput(
				'misurazioni.csv',
				'codice_indicatore;data;valore\n' +
					'IND-1;31/12/2023;dieci\n' + // value error
					'IND-1;30/06/2023;101\n' + // locked: changed
					'IND-2;30/06/2023;201\n' + // locked: changed
					'IND-2;31/12/2023;5\n' // fine
			)
		]);
		expect(report.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:2: valore: «dieci» non è un numero (esempi validi: 1.234,56 · 1234.56) (indicatore di tipo numero)',
			'misurazioni.csv:3: data: data di monitoraggio validata dal Nucleo: valori bloccati (30/06/2023)',
			'misurazioni.csv:4: data: data di monitoraggio validata dal Nucleo: valori bloccati (30/06/2023)'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});

	it('every row on a locked date is reported, also for indicators with no value yet; unchanged values pass', () => {
		importFiles(db, [...PLAN, csvInput('misurazioni.csv', 'codice_indicatore;data;valore\nIND-1;30/06/2023;100\n')]);
		validate('2023-06-30');
		const report = importFiles(db, [
			csvInput('misurazioni.csv', 'codice_indicatore;data;valore\nIND-1;30/06/2023;100\nIND-2;30/06/2023;7\n')
		]);
		expect(report.errors.map((e) => `${e.line}: ${e.message}`)).toEqual(['3: data di monitoraggio validata dal Nucleo: valori bloccati (30/06/2023)']);
		expect(report.counts.measurements.unchanged).toBe(1);
	});
});
