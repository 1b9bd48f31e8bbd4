/**
 * indicatori.csv's `dirigente`: who enters an indicator's values when not the objective's lead. Read,
 * written back exactly, emptied again, and refused (at its line and column, nothing written) when the
 * name is of no known director.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { csvInput, dumpDatabase, freshDb } from '../testing/db';
import { PlanBuilder } from '../testing/plan-builder';
import { importFiles } from './import.service';
import { exportFiles } from '../export/export.service';
import { formatProblem } from '../../interchange/problems';

const owners = (db: Db) =>
	db.sqlite.prepare(`SELECT i.code, d.name AS owner FROM indicator i LEFT JOIN director d ON d.id = i.director_id ORDER BY i.code`).all();

describe('indicator owner (indicatori.csv dirigente)', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
		new PlanBuilder()
			.newPlan(2022)
			.newObjective({ anno: 2022, codice: 'OB-1' })
			.newObjective({ anno: 2022, codice: 'OB-2', dirigente: 'Bruno Verdà', cdr_codice: 'CDR2' })
			.importInto(db);
	});
	afterEach(async () => {
		await db.close();
	});

	it('names a known director, or none (the lead); export writes it back and a second import changes nothing', async () => {
		const report = importFiles(db, [
			csvInput('indicatori.csv', 'anno;codice_obiettivo;codice;descrizione;dirigente\r\n2022;OB-1;P1;Pratiche;Bruno Verdà\r\n2022;OB-1;P2;Altro;\r\n')
		]);
		expect(report.errors).toEqual([]);
		expect(owners(db)).toEqual([{ code: 'P1', owner: 'Bruno Verdà' }, { code: 'P2', owner: null }]);
		const before = dumpDatabase(db);
		const files = await exportFiles(db, { year: 2022 });
		const indicators = files.find((f) => f.fileName === 'indicatori.csv')!.text;
		expect(indicators.split(/\r?\n/)[0].endsWith(',dirigente')).toBe(true);
		const again = importFiles(db, [csvInput('indicatori.csv', indicators)]);
		expect(again.errors).toEqual([]);
		expect(again.counts.indicators).toMatchObject({ unchanged: 2 });
		expect(dumpDatabase(db)).toEqual(before);
		// Emptied: back to the lead.
		expect(importFiles(db, [csvInput('indicatori.csv', 'anno;codice_obiettivo;codice;descrizione;dirigente\n2022;OB-1;P1;Pratiche;\n')]).errors).toEqual([]);
		expect(owners(db)).toEqual([{ code: 'P1', owner: null }, { code: 'P2', owner: null }]);
	});

	it('an unknown name is an error at its line and column, and nothing is written', () => {
		const before = dumpDatabase(db);
		const bad = importFiles(db, [csvInput('indicatori.csv', 'anno;codice_obiettivo;codice;descrizione;dirigente\n2022;OB-1;P1;Pratiche;Bruno Verdi\n')]);
		expect(bad.errors.map(formatProblem)).toEqual([
			'indicatori.csv:2: dirigente: dirigente «Bruno Verdi» sconosciuto: va indicato in obiettivi.csv o assegnazioni.csv (vuoto: il dirigente dell’obiettivo)'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});
});
