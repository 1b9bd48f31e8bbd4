/**
 * Shared objectives through the real importer and the real evaluation: a transversal objective shared by
 * three directors with different quotas. Each director's achievement uses his share; the plan and the
 * public value count the objective once; lists name every director with his share.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db/database';
import { csvInput, dumpDatabase, freshDb } from './testing/db';
import { ids, PlanBuilder } from './testing/plan-builder';
import { importFiles } from './import/import.service';
import { exportFiles } from './export/export.service';
import { aggregateBy, aggregateOf, evaluateScope } from './evaluation.service';
import { aggregateByDirector, directorAchievement, heldBy, sharesLabel } from '../shared-objectives';
import { getAchievementRules } from './rules.repository';
import { formatProblem } from '../interchange/problems';

/**
 * OB-T (transversal, weight 30, achievement 50 %): Anna lead 50 %, Bruno 30 %, Carla 20 % on CDR3.
 * OB-A (Anna alone, weight 70, 100 %). OB-B (Bruno alone, weight 10, 0 %).
 */
function sharedPlan(): PlanBuilder {
	return new PlanBuilder()
		.newPlan(2022)
		.newObjective({ anno: 2022, codice: 'OB-T', titolo: 'Transizione digitale', dirigente: 'Anna Rossi', peso: 30, valore_pubblico: 'Digitale' })
		.newObjective({ anno: 2022, codice: 'OB-A', dirigente: 'Anna Rossi', peso: 70, valore_pubblico: 'Digitale' })
		.newObjective({ anno: 2022, codice: 'OB-B', dirigente: 'Bruno Verdi', cdr_codice: 'CDR2', cdr_nome: 'Edilizia', peso: 10 })
		.newObjective({ anno: 2022, codice: 'OB-C', dirigente: 'Carla Neri', cdr_codice: 'CDR3', cdr_nome: 'Personale', peso: 10 })
		.newAssignment({ anno: 2022, codice_obiettivo: 'OB-T', dirigente: 'Anna Rossi', quota: 50 })
		.newAssignment({ anno: 2022, codice_obiettivo: 'OB-T', dirigente: 'Bruno Verdi', cdr_codice: 'CDR2', quota: 30 })
		.newAssignment({ anno: 2022, codice_obiettivo: 'OB-T', dirigente: 'Carla Neri', cdr_codice: 'CDR3', quota: 20 })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-T', codice: 'T1', target: 100 })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-A', codice: 'A1', target: 10 })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-B', codice: 'B1', target: 10 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'T1', data: '2022-12-31', valore: 50 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'A1', data: '2022-12-31', valore: 10 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'B1', data: '2022-12-31', valore: 0 });
}

describe('shared objectives', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
		sharedPlan().importInto(db);
	});
	afterEach(async () => {
		await db.close();
	});

	const evaluate = async (scope: { directorId?: number } = {}) => {
		const settings = await getAchievementRules(db, ids(db).plan(2022));
		return { settings, objectives: await evaluateScope(db, { planId: ids(db).plan(2022), ...scope }, '2022-12-31', settings) };
	};

	it('each director’s achievement uses his shares; the plan and the public value count the objective once', async () => {
		const { settings, objectives } = await evaluate();
		expect(objectives.map((o) => o.code)).toEqual(['OB-T', 'OB-A', 'OB-B', 'OB-C']);
		const byName = Object.fromEntries(aggregateByDirector(objectives, settings).map((g) => [g.label, g.achievement.score]));
		// Anna: (30×0,5 × 0,5 + 70 × 1) / (15 + 70); Bruno: (9 × 0,5 + 10 × 0) / 19; Carla: OB-T 6 × 0,5 (OB-C not measured).
		expect(byName['Anna Rossi']).toBeCloseTo((15 * 0.5 + 70) / 85, 12);
		expect(byName['Bruno Verdi']).toBeCloseTo(4.5 / 19, 12);
		expect(byName['Carla Neri']).toBeCloseTo(0.5, 12);
		// Plan: each objective once, with its own weight: (30 × 0,5 + 70 + 0) / 110 (OB-C has no indicator).
		expect(aggregateOf(objectives, settings).score).toBeCloseTo((15 + 70) / 110, 12);
		const digital = aggregateBy(objectives, (o) => o.publicValue, (o) => o.publicValue, settings).find((g) => g.key === 'Digitale')!;
		expect(digital.objectives.map((o) => o.code)).toEqual(['OB-T', 'OB-A']);
		expect(digital.achievement.objectives).toBe(2);
	});

	it('a director’s scope holds the objectives he shares, and his page figure is the share-weighted one', async () => {
		const carla = ids(db).director('Carla Neri');
		const { settings, objectives } = await evaluate({ directorId: carla });
		expect(objectives.map((o) => o.code)).toEqual(['OB-T', 'OB-C']);
		expect(heldBy(objectives, carla).map((h) => [h.objective.code, h.quota])).toEqual([['OB-T', 20], ['OB-C', 100]]);
		expect(directorAchievement(heldBy(objectives, carla), settings).score).toBeCloseTo(0.5, 12);
		expect(sharesLabel(objectives[0], (q) => `${q} %`)).toBe('Anna Rossi (capofila) 50 %, Bruno Verdi 30 % (CDR2), Carla Neri 20 % (CDR3)');
	});

	it('assegnazioni.csv round-trips through export and import, and re-importing changes nothing', async () => {
		const files = await exportFiles(db);
		expect(files.find((f) => f.fileName === 'assegnazioni.csv')!.text).toBe(
			'anno,codice_obiettivo,dirigente,cdr_codice,quota\n2022,OB-T,Anna Rossi,CDR1,50\n2022,OB-T,Bruno Verdi,CDR2,30\n2022,OB-T,Carla Neri,CDR3,20\n'
		);
		const again = importFiles(db, files.map((f) => csvInput(f.fileName, f.text)));
		expect(again.counts.assignments).toEqual({ created: 0, updated: 0, unchanged: 3 });
		const copy = await freshDb();
		try {
			expect(importFiles(copy, files.map((f) => csvInput(f.fileName, f.text))).errors).toEqual([]);
			expect(dumpDatabase(copy)).toEqual(dumpDatabase(db));
		} finally {
			await copy.close();
		}
	});

	it('a file’s rows for an objective replace its shares; quotas must sum to 100; an unknown CdR is an error', () => {
		const changed = importFiles(db, [csvInput('assegnazioni.csv', 'anno;codice_obiettivo;dirigente;cdr_codice;quota\r\n2022;OB-T;Anna Rossi;;60\r\n2022;OB-T;Bruno Verdi;CDR2;40\r\n')]);
		expect(changed.errors).toEqual([]);
		expect(dumpDatabase(db).objective_assignment).toEqual([
			{ year: 2022, code: 'OB-T', director: 'Anna Rossi', centre: 'CDR1', quota: 60 },
			{ year: 2022, code: 'OB-T', director: 'Bruno Verdi', centre: 'CDR2', quota: 40 }
		]);
		const before = dumpDatabase(db);
		const bad = importFiles(db, [
			csvInput('assegnazioni.csv', 'anno;codice_obiettivo;dirigente;cdr_codice;quota\n2022;OB-T;Anna Rossi;;60\n2022;OB-T;Bruno Verdi;CDR9;40\n2022;OB-A;Anna Rossi;;50,5\n2022;OB-B;Dario Blu;;120\n')
		]);
		expect(bad.errors.map(formatProblem)).toEqual([
			'assegnazioni.csv:3: cdr_codice: CdR CDR9 sconosciuto nel piano 2022: va indicato in obiettivi.csv',
			'assegnazioni.csv:4: quota: le quote dell’obiettivo OB-A (2022) sommano a 50,5: devono fare 100',
			'assegnazioni.csv:5: quota: la quota è una percentuale del peso dell’obiettivo: maggiore di 0 e al massimo 100 (non 120)'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});
});
