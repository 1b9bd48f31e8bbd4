/**
 * Graded indicators in misurazioni.csv (`giudizio`): a grade of the year's rules, matched without case
 * or accents and stored as the rules spell it; an unknown grade, a grade for an indicator the rules do
 * not grade, or a number for a graded one is refused at file:line: column, and nothing is written. The
 * engine scores the stored grade; export writes it back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { csvInput, dumpDatabase, freshDb } from '../testing/db';
import { PlanBuilder } from '../testing/plan-builder';
import { importFiles } from './import.service';
import { exportFiles } from '../export/export.service';
import { formatProblem } from '../../interchange/problems';
import { writePlanRules, readPlanRules } from '../rules.repository';
import { parseRulesDocument } from '../../achievement/rules-document';
import { evaluateScope } from '../evaluation.service';

const RULES = 'descrizione: con giudizi\n\n[giudizi Q1]\nalto: 100 %\nmedio: 70 %\npiù che sufficiente: 60 %\nnullo: 0 %\n';

describe('graded values in misurazioni.csv', () => {
	let db: Db;
	let planId: number;
	beforeEach(async () => {
		db = await freshDb();
		new PlanBuilder()
			.newPlan(2022)
			.newObjective({ anno: 2022, codice: 'OB-1' })
			.importInto(db);
		expect(importFiles(db, [csvInput('indicatori.csv', 'anno;codice_obiettivo;codice;descrizione;tipo\r\n2022;OB-1;Q1;Qualità percepita;\r\n2022;OB-1;N1;Pratiche;numero\r\n')]).errors).toEqual([]);
		planId = db.sqlite.prepare('SELECT id FROM plan WHERE year = 2022').pluck().get() as number;
		const parsed = parseRulesDocument(RULES);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
		writePlanRules(db, planId, parsed.document, 'test', new Date());
	});
	afterEach(async () => {
		await db.close();
	});

	it('stores the grade as the rules spell it, and the engine scores it', async () => {
		const report = importFiles(db, [csvInput('misurazioni.csv', 'anno;codice_indicatore;data;valore;giudizio\r\n2022;Q1;30/06/2022;;PIU CHE SUFFICIENTE\r\n2022;N1;30/06/2022;12;\r\n')]);
		expect(report.errors).toEqual([]);
		expect(db.sqlite.prepare(`SELECT value, grade FROM measurement m JOIN indicator i ON i.id = m.indicator_id WHERE i.code = 'Q1'`).get()).toEqual({ value: null, grade: 'più che sufficiente' });
		db.sqlite.prepare(`UPDATE measurement SET state = 'accettato'`).run();
		const [objective] = await evaluateScope(db, { planId }, '2022-06-30', readPlanRules(db, planId).rules);
		expect(objective.indicators.find((i) => i.code === 'Q1')!.result).toEqual({ kind: 'measured', raw: 0.6, score: 0.6 });
		const csv = (await exportFiles(db)).find((f) => f.fileName === 'misurazioni.csv')!.text;
		expect(csv).toContain('2022,Q1,2022-06-30,,,,più che sufficiente,');
	});

	it('an unknown grade, a grade where the rules give none, a number for a graded indicator, a grade beside a number: each at its place, nothing written', () => {
		const before = dumpDatabase(db);
		const report = importFiles(db, [
			csvInput('misurazioni.csv', 'anno;codice_indicatore;data;valore;giudizio\r\n2022;Q1;30/06/2022;;ottimo\r\n2022;N1;30/06/2022;;alto\r\n2022;Q1;30/09/2022;80;\r\n2022;Q1;31/12/2022;80;alto\r\n')
		]);
		expect(report.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:2: giudizio: «ottimo» non è un giudizio dell’indicatore Q1 (giudizi ammessi: alto, medio, più che sufficiente, nullo)',
			'misurazioni.csv:3: giudizio: l’indicatore N1 non è a giudizi nelle regole del suo anno: si inserisce un valore, non un giudizio',
			'misurazioni.csv:4: valore: l’indicatore Q1 è a giudizi: scrivere nella colonna giudizio uno tra alto, medio, più che sufficiente, nullo',
			'misurazioni.csv:5: giudizio: un giudizio va da solo: senza valore né numeratore e denominatore'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});
});
