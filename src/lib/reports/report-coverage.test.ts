import { describe, expect, it } from 'vitest';
import { parseFilters } from '../filters';
import { loadReport } from '../server/reports/load';
import { csvInput, freshDb } from '../server/testing/db';
import { loadSmallPlan } from '../server/testing/small-plan';
import { importFiles } from '../server/import/import.service';
import { buildRelazioneDocument, type Block } from './relazione-document';
import type { ReportKind } from './builders';

/** The small plan (3 objectives: OB-1 and OB-2 under «Strade sicure», OB-3 under «Scuole») with values for OB-1 and OB-3. */
async function reports(minShare: number | null, kinds: ReportKind[]) {
	const db = await freshDb();
	loadSmallPlan(db);
	const r = importFiles(db, [csvInput('misurazioni.csv', 'codice_indicatore;data;valore\r\nOB-1-I1;2022-12-31;80\r\nOB-3-I1;2022-12-31;1250\r\n')]);
	expect(r.errors).toEqual([]);
	if (minShare !== null) db.sqlite.prepare("INSERT INTO setting (key, value) VALUES ('copertura', ?)").run(JSON.stringify({ minShare }));
	const out = await Promise.all(kinds.map((k) => loadReport(db, k, parseFilters(new URLSearchParams('data=2022-12-31')))));
	await db.close();
	return out;
}
const paragraphs = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'paragraph' }> => b.kind === 'paragraph').map((b) => b.text);
const table = (blocks: Block[], caption: string) => blocks.find((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table' && b.caption === caption)!;

describe('reports say what their figures rest on', () => {
	it('with enough objectives measured: the figure, and its base in every group of the sintesi, the relazione and the DOCX', async () => {
		const [sintesi, relazione] = await reports(null, ['sintesi', 'relazione']);
		const total = sintesi.report.tables[0].rows.at(-1)!;
		expect(total).toMatchObject({ nome: 'Totale', base: 'su 2 obiettivi misurati di 3' });
		expect(total.raggiungimento).toBeTypeOf('number');
		expect(relazione.report.tables[1].rows).toEqual([
			expect.objectContaining({ nome: 'Piano (totale)', obiettivi: 3, base: 'su 2 obiettivi misurati di 3' }),
			expect.objectContaining({ nome: 'Strade sicure', obiettivi: 2, base: 'su 1 obiettivo misurato di 2' }),
			expect.objectContaining({ nome: 'Scuole', obiettivi: 1, base: 'su 1 obiettivo misurato di 1' })
		]);
		const doc = buildRelazioneDocument(relazione.data, { body: 'Provincia di Prova', title: 'Piano', year: 2022, selection: '' }, '2023-03-15T10:00:00Z');
		expect(paragraphs(doc.blocks).find((t) => t.startsWith('Al 31/12/2022 il raggiungimento complessivo'))).toMatch(/^Al 31\/12\/2022 il raggiungimento complessivo del piano è [\d,]+ % \([a-z ]+\), su 2 obiettivi misurati di 3\. /);
		expect(paragraphs(doc.blocks)).toContain('1 obiettivo; raggiungimento 100,0 % (in linea), su 1 obiettivo misurato di 1.');
		expect(table(doc.blocks, 'Raggiungimento per valore pubblico').rows.at(-1)!.slice(0, 3)).toEqual(['Totale', '3', '2']);
	});

	it('below the minimum coverage (a setting) a group shows «non ancora disponibile» and what it needs, never a percentage', async () => {
		const [sintesi, relazione, schede] = await reports(0.9, ['sintesi', 'relazione', 'schede']);
		const total = sintesi.report.tables[0].rows.at(-1)!;
		expect(total).toMatchObject({ nome: 'Totale', raggiungimento: null, base: 'Non ancora disponibile: su 2 obiettivi misurati di 3 (ne servono almeno 3)' });
		const [plan, roads, schools] = relazione.report.tables[1].rows;
		expect(plan).toMatchObject({ raggiungimento: null, base: 'Non ancora disponibile: su 2 obiettivi misurati di 3 (ne servono almeno 3)' });
		expect(roads).toMatchObject({ raggiungimento: null, base: 'Non ancora disponibile: su 1 obiettivo misurato di 2 (ne servono almeno 2)' });
		expect(schools.raggiungimento).toBe(1);
		const doc = buildRelazioneDocument(relazione.data, { body: 'Provincia di Prova', title: 'Piano', year: 2022, selection: '' }, '2023-03-15T10:00:00Z');
		const text = paragraphs(doc.blocks);
		expect(text.find((t) => t.startsWith('Al 31/12/2022'))).toMatch(/^Al 31\/12\/2022 il raggiungimento complessivo del piano non è ancora disponibile: si baserebbe su 2 obiettivi misurati di 3 \(ne servono almeno 3\)\. /);
		expect(text).toContain('2 obiettivi; raggiungimento non ancora disponibile: si baserebbe su 1 obiettivo misurato di 2 (ne servono almeno 2).');
		const byValue = table(doc.blocks, 'Raggiungimento per valore pubblico').rows;
		expect(byValue.find((r) => r[0] === 'Strade sicure')![3]).toBe('non ancora disponibile');
		expect(byValue.find((r) => r[0] === 'Totale')![3]).toBe('non ancora disponibile');
		expect(byValue.find((r) => r[0] === 'Scuole')![3]).toBe('100,0 %');
		// Each objective's sheet says how many of its indicators with a target its figure rests on.
		expect(schede.report.tables[0].rows.map((r) => [r.codice, r.base])).toEqual([
			['OB-1', 'su 1 di 1 indicatore con target'],
			['OB-2', 'su 0 di 1 indicatore con target'],
			['OB-3', 'su 1 di 1 indicatore con target']
		]);
	});
});
