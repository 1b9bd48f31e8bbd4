/**
 * Issue 11: what the engine assumes for a missing polarity is said wherever its number is (reports,
 * quality report); an objective without indicators is called so; the quality report prints numbers the
 * Italian way. A real database, a plan imported from CSV, the real evaluation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/database';
import { csvInput, freshDb } from '../server/testing/db';
import { importFiles } from '../server/import/import.service';
import { evaluateScope } from '../server/evaluation.service';
import { DEFAULT_SETTINGS, assumedPolarity, indicatorAchievement } from '../achievement/achievement';
import { polarityText } from '../indicator-labels';
import { buildQualita, buildSchede, buildScostamenti, qualityFindings, type ReportData } from './builders';

let db: Db;
beforeEach(async () => {
	db = await freshDb();
});
afterEach(async () => {
	await db.close();
});

const DATE = '2023-12-31';

async function reportData(): Promise<ReportData> {
	const report = importFiles(db, [
		csvInput('piano.csv', 'anno;ente;titolo\n2023;Comune di Prova;Piano 2023\n'),
		csvInput(
			'obiettivi.csv',
			'anno;codice;valore_pubblico;titolo;cdr_codice;dirigente;peso\n2023;OB-1;Benessere;Con indicatori;X1;Anna Rossi;1,1\n2023;OB-2;Benessere;Senza indicatori;X1;Anna Rossi;3,34\n'
		),
		csvInput(
			'indicatori.csv',
			'codice_obiettivo;codice;descrizione;tipo;polarita;baseline;target\n' +
				'OB-1;I-1;Pratiche arretrate;numero;;5;2\n' + // target below the baseline, no polarity
				'OB-1;I-2;Utenti serviti;numero;;;10\n' + // no polarity, no baseline
				'OB-1;I-3;Tempi medi;numero;decrescente;30;20\n'
		),
		csvInput('misurazioni.csv', 'codice_indicatore;data;valore\nI-1;31/12/2023;0\nI-3;31/12/2023;25\n')
	]);
	expect(report.errors).toEqual([]);
	const plan = db.sqlite.prepare('SELECT id FROM plan').get() as { id: number };
	const objectives = await evaluateScope(db, { planId: plan.id }, DATE, DEFAULT_SETTINGS);
	return { objectives, phases: [], history: [], dates: [], date: DATE, settings: DEFAULT_SETTINGS, weightSum: 100 };
}

describe('a missing polarity', () => {
	it('the engine’s assumption is explicit: baseline 5, target 2 is taken as lower-is-better', () => {
		const spec = { type: 'numero' as const, polarity: null, baseline: 5, target: 2, targetDate: null };
		expect(assumedPolarity(spec)).toEqual({ polarity: 'decrescente', targetBelowBaseline: true });
		expect(indicatorAchievement(spec, { value: 0, valueDate: null })).toMatchObject({ raw: 5 / 3 });
		expect(polarityText(spec)).toBe('polarità non indicata: dedotta decrescente (target inferiore alla baseline)');
		expect(polarityText({ ...spec, baseline: null })).toBe('polarità non indicata: dedotta crescente (più alto è meglio)');
		expect(assumedPolarity({ ...spec, polarity: 'crescente' })).toBeNull();
		expect(assumedPolarity({ ...spec, type: 'si_no' })).toBeNull();
	});

	it('is said in the reports next to the achievement it gives, and in the quality report', async () => {
		const data = await reportData();
		const indicators = buildSchede(data).find((t) => t.name === 'Indicatori')!.rows;
		expect(indicators.map((r) => [r.codice, r.polarita])).toEqual([
			['I-1', 'polarità non indicata: dedotta decrescente (target inferiore alla baseline)'],
			['I-2', 'polarità non indicata: dedotta crescente'],
			['I-3', 'Decrescente']
		]);
		expect(buildScostamenti(data)[0].rows.find((r) => r.codice === 'I-2')?.polarita).toBe('polarità non indicata: dedotta crescente');

		const findings = qualityFindings(data);
		expect(findings.filter((f) => f.check === 'target_sotto_baseline').map((f) => [f.indicator, f.detail])).toEqual([
			['I-1', 'polarità non indicata: dedotta decrescente (baseline 5, target 2): verificare con la fonte']
		]);
		expect(findings.filter((f) => f.check === 'polarita_dedotta').map((f) => f.indicator)).toEqual(['I-2']);
		const listed = buildQualita(data).find((t) => t.name === 'Rilievi')!.rows;
		expect(listed.map((r) => r.controllo)).toContain('Target inferiore alla baseline senza polarità');
		// The totals per director and check are the findings counted: each row, and the total row.
		const totals = buildQualita(data).find((t) => t.name === 'Totali')!.rows;
		expect(totals.length).toBeGreaterThan(1);
		for (const row of totals) {
			const mine = findings.filter((f) => row.dirigente === 'Totale' || f.director === row.dirigente);
			expect(row.totale).toBe(mine.length);
			for (const check of new Set(findings.map((f) => f.check))) expect(row[check]).toBe(mine.filter((f) => f.check === check).length);
		}
		expect(totals.at(-1)!.totale).toBe(findings.length);
		expect(findings.length).toBeGreaterThan(1);
	});
});

describe('wording and numbers of the reports', () => {
	it('an objective without indicators is «Senza indicatori», not «Senza target»', async () => {
		const data = await reportData();
		const objectives = buildSchede(data).find((t) => t.name === 'Obiettivi')!.rows;
		expect(objectives.find((r) => r.codice === 'OB-2')?.stato).toBe('Senza indicatori');
		expect(qualityFindings(data).filter((f) => f.objective === 'OB-2').map((f) => f.check)).toContain('senza_indicatori');
	});

	it('the quality report prints numbers the Italian way: «somma dei pesi 4,44», not 4.4399999999999995', async () => {
		const data = await reportData();
		const weights = qualityFindings(data).find((f) => f.check === 'pesi')!;
		expect(weights.detail).toBe('CdR X1: somma dei pesi 4,44 su 2 di 2 obiettivi (richiesta 100)');
	});
});
