import { describe, expect, it } from 'vitest';
import { parseFilters } from '../filters';
import { loadReport } from '../server/reports/load';
import { relazioneToDocx } from '../server/reports/relazione-docx';
import { csvInput, freshDb } from '../server/testing/db';
import { loadSmallPlan } from '../server/testing/small-plan';
import { importFiles } from '../server/import/import.service';
import { buildRelazioneDocument, type Block } from './relazione-document';
import { PlanBuilder } from '../server/testing/plan-builder';

async function draft() {
	const db = await freshDb();
	loadSmallPlan(db);
	const r = importFiles(db, [
		csvInput('misurazioni.csv', 'codice_indicatore;data;valore;motivazione;fonte\r\nOB-1-I1;2022-12-31;80;Cantiere sospeso per le piogge;ufficio\r\nOB-3-I1;2022-12-31;1250;;ufficio\r\n')
	]);
	expect(r.errors).toEqual([]);
	const { data, report } = await loadReport(db, 'relazione', parseFilters(new URLSearchParams('data=2022-12-31')));
	const doc = buildRelazioneDocument(data, { body: 'Provincia di Prova', title: 'Piano di prova 2022', year: 2022, selection: report.selection }, '2023-03-15T10:00:00Z');
	await db.close();
	return doc;
}

describe('the Relazione’s first draft', () => {
	it('follows the Relazione’s order: body and plan, overall result, public values with their objectives, directors and CdR, quality, method', async () => {
		const doc = await draft();
		expect(doc.title).toBe('Relazione sulla performance 2022');
		const headings = doc.blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading').map((b) => `${b.level} ${b.text}`);
		expect(headings).toEqual([
			'1 1. L’ente e il piano',
			'1 2. Il risultato complessivo',
			'1 3. I risultati per valore pubblico',
			'2 3.1 Strade sicure',
			'3 OB-1 Manutenzione strade',
			'3 OB-2 Ponti',
			'2 3.2 Scuole',
			'3 OB-3 Edilizia scolastica',
			'1 4. I risultati per dirigente e per centro di responsabilità',
			'1 5. La qualità degli indicatori',
			'1 6. Nota sul metodo'
		]);
	});

	it('gives each objective its indicators with target and value in Italian formats, and the deviations with their justification or its absence', async () => {
		const doc = await draft();
		const tables = doc.blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
		const ob1 = tables.find((t) => t.caption === 'Indicatori di OB-1')!;
		expect(ob1.rows).toEqual([['OB-1-I1 Km di strade asfaltate', '100 km', '80 km', '80,0 %', 'A rischio']]);
		expect(tables.find((t) => t.caption === 'Indicatori di OB-3')!.rows[0]).toEqual(['OB-3-I1 Scuole a norma', '20', '1.250', '100,0 %', 'In linea']);
		const lists = doc.blocks.filter((b): b is Extract<Block, { kind: 'list' }> => b.kind === 'list').flatMap((b) => b.items);
		expect(lists).toContain('OB-1-I1 (80,0 %): Cantiere sospeso per le piogge');
		expect(lists).toContain('OB-2-I1 (—): motivazione assente');
		expect(lists.some((t) => t.startsWith('OB-3-I1'))).toBe(false);
		const total = tables.find((t) => t.caption === 'Raggiungimento per valore pubblico')!;
		expect(total.rows.at(-1)![0]).toBe('Totale');
		expect(lists.find((t) => t.startsWith('Copertura'))).toBe('Copertura: 3 indicatori su 3 hanno un target; di questi 2 hanno un valore al 31/12/2022 (66,7 %).');
	});

	it('gives each objective with phases their progress at the date: the counts and late ones in a sentence, the phases not completed in a table', async () => {
		const db = await freshDb();
		loadSmallPlan(db);
		const phases = new PlanBuilder()
			.newPhase({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, descrizione: 'Progetto esecutivo', data_inizio: '2022-01-10', data_fine: '2022-04-30' })
			.newPhase({ anno: 2022, codice_obiettivo: 'OB-1', numero: 2, descrizione: 'Lavori', data_inizio: '2022-05-01', data_fine: '2022-10-31' })
			.newPhaseReport({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, data: '2022-12-31', stato: 'completata', data_inizio_effettiva: '2022-01-12', data_fine_effettiva: '2022-05-06' })
			.newPhaseReport({ anno: 2022, codice_obiettivo: 'OB-1', numero: 2, data: '2022-12-31', stato: 'in_corso', percentuale: 60, data_inizio_effettiva: '2022-05-20' });
		expect(importFiles(db, phases.files()).errors).toEqual([]);
		const { data, report } = await loadReport(db, 'relazione', parseFilters(new URLSearchParams('data=2022-12-31')));
		const doc = buildRelazioneDocument(data, { body: 'Provincia di Prova', title: 'Piano di prova 2022', year: 2022, selection: report.selection }, '2023-03-15T10:00:00Z');
		await db.close();
		const tables = doc.blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
		const paragraphs = doc.blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph').map((b) => b.text);
		expect(paragraphs).toContain('Fasi al 31/12/2022: 2 fasi, 1 completata, 1 in corso; 1 in ritardo (fase 2).');
		// The table lists the phases not completed (the completed one is counted above).
		const ob1 = tables.find((t) => t.caption === 'Fasi non completate di OB-1 al 31/12/2022')!;
		expect(ob1.columns.map((c) => c.label)).toEqual(['Fase', 'Prevista', 'Effettiva', 'Stato', 'In ritardo']);
		expect(ob1.rows).toHaveLength(1);
		expect(ob1.rows[0].slice(0, 4)).toEqual(['2. Lavori', '01/05/2022 – 31/10/2022', 'dal 20/05/2022', 'in corso (60 %)']);
		expect(ob1.rows[0][4]).toMatch(/^Sì: .*31\/10\/2022/);
		// Before the indicators of the same objective; an objective without phases has neither.
		expect(doc.blocks.indexOf(ob1)).toBeLessThan(doc.blocks.findIndex((b) => b.kind === 'table' && b.caption === 'Indicatori di OB-1'));
		expect(tables.some((t) => t.caption.includes('di OB-2 al'))).toBe(false);
		expect(paragraphs.filter((t) => t.startsWith('Fasi al'))).toHaveLength(1);
	});

	it('is written as a DOCX (a zip with the Word document inside)', async () => {
		const bytes = await relazioneToDocx(await draft());
		expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
		expect(bytes.includes(Buffer.from('word/document.xml'))).toBe(true);
	});
});

describe('the Relazione with «misura dalle fasi»', () => {
	it('states the rule where an objective’s result comes from its phases, and in the note on the method', async () => {
		const db = await freshDb();
		loadSmallPlan(db);
		const r = importFiles(db, [
			csvInput('obiettivi.csv', 'anno,codice,valore_pubblico,titolo,descrizione,cdr_codice,cdr_nome,dirigente,peso\n2022,OB-4,Scuole,Palestre,,CDR2,Edilizia,Bruno Verdi,\n'),
			csvInput('fasi.csv', 'anno,codice_obiettivo,numero,descrizione,importo,data_inizio,data_fine\n2022,OB-4,1,Progetto,,2022-01-10,2022-03-31\n2022,OB-4,2,Lavori,,2022-04-01,2022-09-30\n'),
			csvInput(
				'avanzamento_fasi.csv',
				'anno,codice_obiettivo,numero,data,stato,percentuale,data_inizio_effettiva,data_fine_effettiva,nota\n2022,OB-4,1,2022-12-31,completata,100,2022-01-10,2022-03-25,\n2022,OB-4,2,2022-12-31,in_corso,70,2022-04-05,,\n'
			),
			csvInput('misurazioni.csv', 'codice_indicatore;data;valore\r\nOB-1-I1;2022-12-31;80\r\n')
		]);
		expect(r.errors).toEqual([]);
		const planId = db.sqlite.prepare('SELECT id FROM plan').pluck().get() as number;
		const { writePlanRules } = await import('../server/rules.repository');
		const { DEFAULT_SETTINGS } = await import('../achievement/rules');
		db.sqlite.transaction(() => writePlanRules(db, planId, { description: 'SMVP di prova', rules: { ...DEFAULT_SETTINGS, phaseMeasure: 'numero' } }, 'prova', new Date()))();
		const { data, report } = await loadReport(db, 'relazione', parseFilters(new URLSearchParams('data=2022-12-31')));
		const doc = buildRelazioneDocument(data, { body: 'Provincia di Prova', title: 'Piano di prova 2022', year: 2022, selection: report.selection }, '2023-03-15T10:00:00Z');
		await db.close();
		const paragraphs = doc.blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph').map((b) => b.text);
		expect(paragraphs.find((p) => p.includes('CdR: CDR2 Edilizia') && p.includes('50,0 %'))).toBeDefined();
		expect(paragraphs).toContain('Misurato dalle fasi: 1 di 2 fasi previste entro il 31/12/2022 completate (per numero).');
		expect(paragraphs).not.toContain('L’obiettivo non ha indicatori: il risultato non è misurabile.');
		const method = doc.blocks.filter((b): b is Extract<Block, { kind: 'list' }> => b.kind === 'list').flatMap((b) => b.items);
		expect(method.some((p) => p.includes('obiettivi senza indicatori misurabili: misurati dalle fasi'))).toBe(true);
	});
});
