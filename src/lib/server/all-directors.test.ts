/**
 * «tutti i dirigenti»: an objective assigned to every director of its plan year, each counting it whole,
 * the plan and public value counting it once; kept up to date when a director joins the year later,
 * written back in one row, and refused when mixed with named rows or given a partial quota.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db/database';
import { csvInput, dumpDatabase, freshDb } from './testing/db';
import { ids, PlanBuilder } from './testing/plan-builder';
import { importFiles } from './import/import.service';
import { exportFiles } from './export/export.service';
import { aggregateOf, evaluateScope } from './evaluation.service';
import { aggregateByDirector, sharesLabel } from '../shared-objectives';
import { getAchievementRules } from './rules.repository';
import { formatProblem } from '../interchange/problems';
import { rollForward } from './roll-forward.service';

/** OB-X (transversal, weight 20, 50 %), OB-A (Anna, weight 80, 100 %), OB-B (Bruno, weight 80, 0 %). */
function plan(): PlanBuilder {
	return new PlanBuilder()
		.newPlan(2022)
		.newObjective({ anno: 2022, codice: 'OB-X', titolo: 'Anticorruzione', dirigente: 'Anna Rossi', peso: 20 })
		.newObjective({ anno: 2022, codice: 'OB-A', dirigente: 'Anna Rossi', peso: 80 })
		.newObjective({ anno: 2022, codice: 'OB-B', dirigente: 'Bruno Verdi', cdr_codice: 'CDR2', cdr_nome: 'Edilizia', peso: 80 })
		.newAssignment({ anno: 2022, codice_obiettivo: 'OB-X', dirigente: 'Tutti i Dirigènti' })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-X', codice: 'X1', target: 100 })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-A', codice: 'A1', target: 10 })
		.newIndicator({ anno: 2022, codice_obiettivo: 'OB-B', codice: 'B1', target: 10 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'X1', data: '2022-12-31', valore: 50 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'A1', data: '2022-12-31', valore: 10 })
		.newMeasurement({ anno: 2022, codice_indicatore: 'B1', data: '2022-12-31', valore: 0 });
}

const shares = (db: Db, year = 2022) =>
	db.sqlite
		.prepare(`SELECT d.name, a.quota FROM objective_assignment a JOIN objective o ON o.id = a.objective_id JOIN plan p ON p.id = o.plan_id JOIN director d ON d.id = a.director_id WHERE o.code = 'OB-X' AND p.year = ? ORDER BY d.name`)
		.all(year);

describe('«tutti i dirigenti»', () => {
	let db: Db;
	beforeEach(async () => {
		db = await freshDb();
		plan().importInto(db);
	});
	afterEach(async () => {
		await db.close();
	});

	it('expands to every director of the year at quota 100: each counts it whole, the plan counts it once', async () => {
		expect(shares(db)).toEqual([{ name: 'Anna Rossi', quota: 100 }, { name: 'Bruno Verdi', quota: 100 }]);
		const settings = await getAchievementRules(db, ids(db).plan(2022));
		const objectives = await evaluateScope(db, { planId: ids(db).plan(2022) }, '2022-12-31', settings);
		const byName = Object.fromEntries(aggregateByDirector(objectives, settings).map((g) => [g.label, g.achievement.score]));
		expect(byName['Anna Rossi']).toBeCloseTo((20 * 0.5 + 80 * 1) / 100, 12);
		expect(byName['Bruno Verdi']).toBeCloseTo((20 * 0.5 + 80 * 0) / 100, 12);
		// The plan: 20 × 0,5 + 80 × 1 + 80 × 0 over 180, the objective once.
		expect(aggregateOf(objectives, settings).score).toBeCloseTo(90 / 180, 12);
		const x = objectives.find((o) => o.code === 'OB-X')!;
		expect(x.allDirectors).toBe(true);
		expect(sharesLabel(x, String)).toBe('Anna Rossi (capofila), tutti i dirigenti (2), ciascuno per intero');
		// In Bruno's own scope.
		expect((await evaluateScope(db, { planId: ids(db).plan(2022), directorId: ids(db).director('Bruno Verdi') }, '2022-12-31', settings)).map((o) => o.code)).toEqual(['OB-X', 'OB-B']);
	});

	it('a director who joins the year later gets it; export writes the one row back and a re-import changes nothing; roll forward keeps it', async () => {
		new PlanBuilder().newObjective({ anno: 2022, codice: 'OB-C', dirigente: 'Carla Neri', cdr_codice: 'CDR3', cdr_nome: 'Personale' }).importInto(db);
		expect(shares(db).map((s) => (s as { name: string }).name)).toEqual(['Anna Rossi', 'Bruno Verdi', 'Carla Neri']);
		const files = await exportFiles(db, { year: 2022 });
		const assignments = files.find((f) => f.fileName === 'assegnazioni.csv')!.text;
		expect(assignments.trim().split(/\r?\n/)).toEqual(['anno,codice_obiettivo,dirigente,cdr_codice,quota', '2022,OB-X,tutti i dirigenti,,']);
		const before = dumpDatabase(db);
		expect(importFiles(db, files.map((f) => csvInput(f.fileName, f.text))).errors).toEqual([]);
		expect(dumpDatabase(db)).toEqual(before);
		expect(rollForward(db, { userId: null, name: 'prova' }, { from: 2022, to: 2023 }).ok).toBe(true);
		expect(db.sqlite.prepare(`SELECT all_directors FROM objective o JOIN plan p ON p.id = o.plan_id WHERE p.year = 2023 AND o.code = 'OB-X'`).pluck().get()).toBe(1);
		expect(shares(db, 2023)).toEqual(shares(db, 2022));
	});

	it('named shares make it an ordinary shared objective again', () => {
		const r = importFiles(db, [csvInput('assegnazioni.csv', 'anno;codice_obiettivo;dirigente;cdr_codice;quota\n2022;OB-X;Anna Rossi;;60\n2022;OB-X;Bruno Verdi;CDR2;40\n')]);
		expect(r.errors).toEqual([]);
		expect(shares(db)).toEqual([{ name: 'Anna Rossi', quota: 60 }, { name: 'Bruno Verdi', quota: 40 }]);
		expect(db.sqlite.prepare(`SELECT all_directors FROM objective WHERE code = 'OB-X'`).pluck().get()).toBe(0);
	});

	it('refuses a partial quota, other rows beside it, and a CdR other than the objective’s, at their lines; nothing written', () => {
		const before = dumpDatabase(db);
		const bad = importFiles(db, [
			csvInput(
				'assegnazioni.csv',
				'anno;codice_obiettivo;dirigente;cdr_codice;quota\n2022;OB-A;tutti i dirigenti;;50\n2022;OB-B;tutti i dirigenti;;\n2022;OB-B;Anna Rossi;;100\n2022;OB-X;TUTTI I DIRIGENTI;CDR2;\n'
			)
		]);
		expect(bad.errors.map(formatProblem)).toEqual([
			'assegnazioni.csv:2: quota: con «tutti i dirigenti» ogni dirigente conta l’obiettivo per intero: quota vuota o 100 (non 50)',
			'assegnazioni.csv:4: dirigente: l’obiettivo OB-B (2022) è assegnato a «tutti i dirigenti» alla riga 3: con «tutti i dirigenti» non si indicano altre righe per lo stesso obiettivo',
			'assegnazioni.csv:5: cdr_codice: con «tutti i dirigenti» il CdR è quello dell’obiettivo: lasciare vuoto cdr_codice (non CDR2)'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});
});
