/**
 * Indicators defined by a formula (numerator / denominator) and their dimension: read and written by
 * import and export, values computed from the two quantities, and refused when they disagree.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { csvInput, dumpDatabase, freshDb } from '../testing/db';
import { PlanBuilder } from '../testing/plan-builder';
import { importFiles } from './import.service';
import { exportFiles } from '../export/export.service';
import { formatProblem } from '../../interchange/problems';

const INDICATORS =
	'anno;codice_obiettivo;codice;descrizione;tipo;unita;polarita;target;dimensione;formula;numeratore;denominatore;fonte_dato\r\n' +
	'2022;OB-1;P1;Pratiche evase nei termini;percentuale;%;crescente;90;Qualità;pratiche evase / pratiche ricevute × 100;pratiche evase;pratiche ricevute;Protocollo informatico\r\n' +
	'2022;OB-1;P2;Pratiche lavorate;numero;;crescente;1.000;efficienza;;;;\r\n';

describe('formulas and dimensions', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
		new PlanBuilder().newPlan(2022).newObjective({ anno: 2022, codice: 'OB-1' }).importInto(db);
		const report = importFiles(db, [csvInput('indicatori.csv', INDICATORS)]);
		expect(report.errors).toEqual([]);
	});
	afterEach(async () => {
		await db.close();
	});

	it('indicatori.csv keeps formula, the names of the two quantities, the dimension and the data source', () => {
		expect(db.sqlite.prepare(`SELECT code, dimension, formula, numerator_name, denominator_name, data_source FROM indicator ORDER BY code`).all()).toEqual([
			{ code: 'P1', dimension: 'qualita', formula: 'pratiche evase / pratiche ricevute × 100', numerator_name: 'pratiche evase', denominator_name: 'pratiche ricevute', data_source: 'Protocollo informatico' },
			{ code: 'P2', dimension: 'efficienza', formula: null, numerator_name: null, denominator_name: null, data_source: null }
		]);
	});

	it('a value is computed from numerator and denominator, accepted when written rounded beside them, refused when it disagrees', () => {
		const ok = importFiles(db, [csvInput('misurazioni.csv', 'anno;codice_indicatore;data;valore;numeratore;denominatore\n2022;P1;30/06/2022;;1.234;1.851\n2022;P1;31/12/2022;66,7;2.000;3.000\n')]);
		expect(ok.errors).toEqual([]);
		const values = db.sqlite.prepare(`SELECT date, value, numerator, denominator FROM measurement ORDER BY date`).all() as Array<{ value: number }>;
		expect(values).toEqual([
			{ date: '2022-06-30', value: (1234 / 1851) * 100, numerator: 1234, denominator: 1851 },
			{ date: '2022-12-31', value: (2000 / 3000) * 100, numerator: 2000, denominator: 3000 }
		]);
		const before = dumpDatabase(db);
		const bad = importFiles(db, [
			csvInput('misurazioni.csv', 'anno;codice_indicatore;data;valore;numeratore;denominatore\n2022;P1;31/12/2022;70;2.000;3.000\n2022;P1;30/09/2022;;5;0\n2022;P1;30/11/2022;;5;\n2022;P1;31/10/2022;;;\n2022;P1;31/08/2022;;5;-10\n')
		]);
		expect(bad.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:2: valore: «70» non corrisponde a numeratore / denominatore (2.000 / 3.000 × 100 = 66,67)',
			'misurazioni.csv:3: denominatore: il denominatore non può essere zero',
			'misurazioni.csv:4: denominatore: numeratore e denominatore vanno indicati insieme',
			'misurazioni.csv:5: valore: valore obbligatorio mancante (oppure numeratore e denominatore, o il giudizio)',
			'misurazioni.csv:6: denominatore: il denominatore non può essere negativo (-10)'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});

	it('a dimension outside the four, or a numerator without its denominator, is refused at its column', () => {
		const bad = importFiles(db, [
			csvInput('indicatori.csv', 'anno;codice_obiettivo;codice;descrizione;dimensione;numeratore\n2022;OB-1;P3;Nuovo;economicità;\n2022;OB-1;P4;Altro;;pratiche\n')
		]);
		expect(bad.errors.map(formatProblem)).toEqual([
			'indicatori.csv:2: dimensione: «economicità» non è ammesso (valori ammessi: efficacia, efficienza, qualita, impatto)',
			'indicatori.csv:3: denominatore: numeratore e denominatore vanno indicati insieme (i nomi delle due quantità del rapporto)'
		]);
	});

	it('export → import into an empty database gives the same indicators and values, quantities included', async () => {
		importFiles(db, [csvInput('misurazioni.csv', 'anno;codice_indicatore;data;valore;numeratore;denominatore\n2022;P1;30/06/2022;;1.234;1.851\n2022;P2;30/06/2022;512;;\n')]);
		const files = await exportFiles(db);
		expect(files.find((f) => f.fileName === 'misurazioni.csv')!.text.split('\n')[0]).toBe('anno,codice_indicatore,data,valore,numeratore,denominatore,giudizio,motivazione,fonte');
		const copy = await freshDb();
		try {
			expect(importFiles(copy, files.map((f) => csvInput(f.fileName, f.text))).errors).toEqual([]);
			expect(dumpDatabase(copy)).toEqual(dumpDatabase(db));
		} finally {
			await copy.close();
		}
	});
});

describe('dimensions in the quality report', () => {
	it('is a column and a filter, and an objective of activity counts only is a finding', async () => {
		const { buildQualita, qualityFindings } = await import('../../reports/builders');
		const { getAchievementRules } = await import('../rules.repository');
		const { evaluateScope } = await import('../evaluation.service');
		const db = await freshDb();
		try {
			new PlanBuilder()
				.newPlan(2022)
				.newObjective({ anno: 2022, codice: 'OB-CONTI' })
				.newObjective({ anno: 2022, codice: 'OB-ESITI' })
				.newIndicator({ anno: 2022, codice_obiettivo: 'OB-CONTI', codice: 'C1', tipo: 'numero', dimensione: 'efficienza', target: 5 })
				.newIndicator({ anno: 2022, codice_obiettivo: 'OB-CONTI', codice: 'C2', tipo: 'numero', target: 5 })
				.newIndicator({ anno: 2022, codice_obiettivo: 'OB-ESITI', codice: 'E1', tipo: 'numero', dimensione: 'efficacia', target: 5 })
				.importInto(db);
			const settings = await getAchievementRules(db, 1);
			const objectives = await evaluateScope(db, { planId: 1 }, '2022-12-31', settings);
			const data = { objectives, phases: [], history: [], dates: ['2022-12-31'], date: '2022-12-31', settings, weightSum: 100 };
			expect(qualityFindings(data).filter((f) => f.check === 'solo_attivita').map((f) => f.objective)).toEqual(['OB-CONTI']);
			const [, list, dimensions] = buildQualita(data);
			expect(list.columns.map((c) => c.key)).toContain('dimensione');
			expect(dimensions.rows).toEqual([
				{ dimensione: 'efficacia', indicatori: 1 },
				{ dimensione: 'efficienza', indicatori: 1 },
				{ dimensione: 'qualità', indicatori: 0 },
				{ dimensione: 'impatto', indicatori: 0 },
				{ dimensione: 'non indicata', indicatori: 1 }
			]);
			// Filtered to efficienza: only findings about efficiency indicators (C1 has no baseline).
			const [, filtered] = buildQualita({ ...data, dimension: 'efficienza' });
			expect(filtered.rows.length).toBeGreaterThan(0);
			expect(new Set(filtered.rows.map((r) => r.indicatore))).toEqual(new Set(['C1']));
		} finally {
			await db.close();
		}
	});
});
