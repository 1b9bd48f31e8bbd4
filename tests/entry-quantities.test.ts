/**
 * A ratio indicator (its two quantities named in indicatori.csv) asks the director for numerator and
 * denominator, not the value: the server computes the value (× 100 for a percentage, the importer's
 * rule), refuses a zero or negative denominator and a value that disagrees, and stores both quantities,
 * from the form, from an uploaded misurazioni.csv and from the filled-in XLSX template. Real server,
 * real SQLite file, real HTTP.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';
import { windows1252 } from './support/italian-csv';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';
const DIRECTOR = 'Luigi De Angelis';
type Ind = { id: number; code: string; type: string | null; objective: string };
let ratio: Ind; // percentage, computed × 100
let plainRatio: Ind; // a number: the plain ratio
let plain: Ind; // no quantities

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'direzione']) cookies[u] = await server.signIn(u);
	const own = db.sqlite
		.prepare(
			`SELECT i.id, i.code, i.type, o.code AS objective FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = ? AND (i.type IS NULL OR i.type IN ('numero', 'percentuale')) ORDER BY o.position, i.position`
		)
		.all(DIRECTOR) as Ind[];
	expect(own.length).toBeGreaterThanOrEqual(3);
	[ratio, plainRatio, plain] = own;
	// Two of his indicators become ratios, as an indicatori.csv with `numeratore; denominatore` makes them.
	db.sqlite.prepare(`UPDATE indicator SET type = 'percentuale', unit = '%', numerator_name = 'pratiche evase', denominator_name = 'pratiche ricevute' WHERE id = ?`).run(ratio.id);
	db.sqlite.prepare(`UPDATE indicator SET type = 'numero', unit = NULL, numerator_name = 'ore di formazione', denominator_name = 'dipendenti' WHERE id = ?`).run(plainRatio.id);
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const stored = (id: number) =>
	db.sqlite.prepare('SELECT value, numerator, denominator, state, version FROM measurement WHERE indicator_id = ? AND date = ?').get(id, DATE) as
		| { value: number; numerator: number | null; denominator: number | null; state: string; version: number }
		| undefined;
const version = (id: number) => String(stored(id)?.version ?? 0);
const save = (fields: Record<string, string>, action = 'salva') => server.action(`/da-aggiornare?data=${DATE}&/${action}`, fields, cookies['luigi.deangelis']);
const page = async (path: string, who = 'luigi.deangelis') => {
	const res = await fetch(server.url + path, { headers: { cookie: cookies[who] } });
	expect(res.status).toBe(200);
	return res.text();
};
type Problems = Record<number, Array<{ field: string; message: string }>>;

describe('numerator and denominator in the entry form', () => {
	it('the form asks a ratio indicator for its two quantities by name, and the others for the value', async () => {
		const html = await page(`/da-aggiornare?data=${DATE}`);
		expect(html).toContain(`name="numeratore_${ratio.id}"`);
		expect(html).toContain(`name="denominatore_${ratio.id}"`);
		expect(html).not.toContain(`name="valore_${ratio.id}"`);
		expect(html).toMatch(new RegExp(`<label for="numeratore-${ratio.id}"[^>]*>pratiche evase <span class="muted[^"]*">\\(numeratore\\)</span></label>`));
		expect(html).toMatch(new RegExp(`<label for="denominatore-${ratio.id}"[^>]*>pratiche ricevute <span class="muted[^"]*">\\(denominatore\\)</span></label>`));
		expect(html).toContain(`name="valore_${plain.id}"`);
		expect(html).not.toContain(`name="numeratore_${plain.id}"`);
	});

	it('the server computes the value from Italian numbers (× 100 for a percentage) and stores both quantities', async () => {
		const r = await save({
			[`versione_${ratio.id}`]: version(ratio.id),
			[`numeratore_${ratio.id}`]: '1.234',
			[`denominatore_${ratio.id}`]: '1.851',
			[`versione_${plainRatio.id}`]: version(plainRatio.id),
			[`numeratore_${plainRatio.id}`]: '1.234,5',
			[`denominatore_${plainRatio.id}`]: '12'
		});
		expect(r.body.type).toBe('success');
		expect(stored(ratio.id)).toMatchObject({ value: (1234 / 1851) * 100, numerator: 1234, denominator: 1851, state: 'bozza' });
		expect(stored(plainRatio.id)).toMatchObject({ value: 1234.5 / 12, numerator: 1234.5, denominator: 12 });
		// Shown again as typed, the Italian way, with the value computed.
		const html = await page(`/da-aggiornare?data=${DATE}`);
		expect(html).toContain(`id="numeratore-${ratio.id}" value="1.234"`);
		expect(html).toContain(`id="numeratore-${plainRatio.id}" value="1.234,5"`);
		expect(html).toContain('Valore: 66,67 %');
	});

	it('a zero or negative denominator, a missing quantity, a non-number or a forged value that disagrees: clear errors, nothing saved', async () => {
		const before = stored(ratio.id);
		const cases: Array<[Record<string, string>, string, string]> = [
			[{ [`numeratore_${ratio.id}`]: '5', [`denominatore_${ratio.id}`]: '0' }, 'denominatore', 'il denominatore non può essere zero'],
			[{ [`numeratore_${ratio.id}`]: '5', [`denominatore_${ratio.id}`]: '-10' }, 'denominatore', 'il denominatore non può essere negativo (-10)'],
			[{ [`numeratore_${ratio.id}`]: '5', [`denominatore_${ratio.id}`]: '' }, 'denominatore', 'manca il denominatore: numeratore e denominatore vanno indicati insieme'],
			[{ [`numeratore_${ratio.id}`]: 'tanti', [`denominatore_${ratio.id}`]: '10' }, 'numeratore', '«tanti» non è un numero (esempi validi: 1.234,56 · 1234,5)'],
			[
				{ [`numeratore_${ratio.id}`]: '2.000', [`denominatore_${ratio.id}`]: '3.000', [`valore_${ratio.id}`]: '70' },
				'valore',
				'«70» non corrisponde a numeratore / denominatore (2.000 / 3.000 × 100 = 66,67)'
			]
		];
		for (const [fields, field, message] of cases) {
			// Together with a good value of another indicator: all or nothing.
			const r = await save({ ...fields, [`versione_${ratio.id}`]: version(ratio.id), [`versione_${plain.id}`]: version(plain.id), [`valore_${plain.id}`]: '7' });
			expect(r.status).toBe(400);
			expect((r.body.data as { problems: Problems }).problems[ratio.id]).toEqual([{ field, message }]);
			expect(stored(ratio.id)).toEqual(before);
			expect(stored(plain.id)).toBeUndefined();
		}
		// A value typed beside the quantities, rounded as people write it, is accepted.
		const ok = await save({ [`versione_${ratio.id}`]: version(ratio.id), [`numeratore_${ratio.id}`]: '2.000', [`denominatore_${ratio.id}`]: '3.000', [`valore_${ratio.id}`]: '66,7' });
		expect(ok.body.type).toBe('success');
		expect(stored(ratio.id)).toMatchObject({ value: (2000 / 3000) * 100, numerator: 2000, denominator: 3000 });
	});

	it('quantities for a yes/no indicator are refused', async () => {
		const yesNo = db.sqlite
			.prepare(`SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = ? AND i.type = 'si_no' LIMIT 1`)
			.pluck()
			.get(DIRECTOR) as number | undefined;
		if (yesNo === undefined) return;
		const r = await save({ [`versione_${yesNo}`]: version(yesNo), [`numeratore_${yesNo}`]: '1', [`denominatore_${yesNo}`]: '2' });
		expect(r.status).toBe(400);
		expect((r.body.data as { problems: Problems }).problems[yesNo][0]).toEqual({ field: 'numeratore', message: 'un indicatore di tipo si_no non si calcola da numeratore e denominatore' });
	});

	it('submitted, the quantities are on the review page and on the objective page; the change log names them', async () => {
		const r = await save({ [`versione_${ratio.id}`]: version(ratio.id), [`numeratore_${ratio.id}`]: '2.000', [`denominatore_${ratio.id}`]: '3.000', [`motivazione_${ratio.id}`]: 'Personale ridotto' }, 'invia');
		expect(r.body.type).toBe('success');
		expect(stored(ratio.id)?.state).toBe('inviato');
		const review = await page('/revisione', 'direzione');
		expect(review).toContain('(pratiche evase 2.000 / pratiche ricevute 3.000)');
		const objective = await page(`/obiettivi/2022/${encodeURIComponent(ratio.objective)}?data=${DATE}`, 'direzione');
		expect(objective).toMatch(/66,67 %<!--\[0--><span class="quantities muted small[^"]*">2.000 \/ 3.000<\/span>/);
		expect(objective).toMatch(/<li>Numeratore: [^<]*2\.000<\/li><li>Denominatore: [^<]*3\.000<\/li>/);
	});
});

describe('numerator and denominator in uploaded files', () => {
	it('misurazioni.csv as Italian Excel writes it stores the quantities; a zero denominator is refused at its line and column, nothing saved', async () => {
		const csv = `Anno;Codice indicatore;Data;Valore;Numeratore;Denominatore;Motivazione\r\n2022;${plainRatio.code};30/09/2022;;1.500;10;Più ore\r\n`;
		const ok = await server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(windows1252(csv))], 'misurazioni.csv') }, cookies['luigi.deangelis']);
		expect(ok.body.type).toBe('success');
		expect(stored(plainRatio.id)).toMatchObject({ value: 150, numerator: 1500, denominator: 10 });

		const bad = `Anno;Codice indicatore;Data;Valore;Numeratore;Denominatore\r\n2022;${plainRatio.code};30/09/2022;;7;0\r\n2022;${plain.code};30/09/2022;3;;\r\n`;
		const before = stored(plainRatio.id);
		const r = await server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(windows1252(bad))], 'misurazioni.csv') }, cookies['luigi.deangelis']);
		expect(r.status).toBe(400);
		expect((r.body.data as { csvErrors: string[] }).csvErrors).toEqual(['misurazioni.csv:2: denominatore: il denominatore non può essere zero']);
		expect(stored(plainRatio.id)).toEqual(before);
		expect(stored(plain.id)).toBeUndefined();
	});

	it('the XLSX template has the two quantities, says how to fill a ratio, and its upload stores them', async () => {
		const res = await fetch(`${server.url}/da-aggiornare/modello.xlsx?data=${DATE}`, { headers: { cookie: cookies['luigi.deangelis'] } });
		expect(res.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const sheet = wb.getWorksheet('Valori')!;
		const headers = (sheet.getRow(1).values as string[]).slice(1);
		expect(headers.slice(0, 8)).toEqual(['Anno', 'Codice indicatore', 'Data', 'Valore', 'Motivazione', 'Fonte', 'Numeratore', 'Denominatore']);
		const col = (name: string) => headers.indexOf(name) + 1;
		let row = 0;
		sheet.eachRow((r, n) => void (r.getCell(2).value === plainRatio.code && (row = n)));
		expect(row).toBeGreaterThan(1);
		// The draft's quantities come pre-filled; the value is left to them.
		expect(sheet.getRow(row).getCell(col('Numeratore')).value).toBe(1500);
		expect(sheet.getRow(row).getCell(col('Valore')).value).toBeNull();
		expect(String(sheet.getRow(row).getCell(col('Come scrivere il valore (promemoria)')).value)).toBe('Rapporto: in Numeratore ore di formazione, in Denominatore dipendenti; il valore si calcola');
		sheet.getRow(row).getCell(col('Numeratore')).value = 2400;
		sheet.getRow(row).getCell(col('Denominatore')).value = 16;
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const up = await server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(bytes)], 'modello.xlsx') }, cookies['luigi.deangelis']);
		expect(up.body.type).toBe('success');
		expect(stored(plainRatio.id)).toMatchObject({ value: 150, numerator: 2400, denominator: 16 });
	});
});
