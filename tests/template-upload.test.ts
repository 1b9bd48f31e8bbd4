/**
 * The pre-filled template, over real HTTP against the built server: a director downloads his own
 * indicators for the open date as CSV (Italian Excel dialect) and XLSX, fills them in as Excel would,
 * with hostile cells among them, and uploads them back; another director's file is refused whole.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'fabrizio.mechini', 'direzione', 'nucleo']) cookies[u] = await server.signIn(u);
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

type Own = { id: number; code: string; type: string | null };
const own = (director: string) =>
	db.sqlite
		.prepare('SELECT i.id, i.code, i.type FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = ? ORDER BY o.position, i.position')
		.all(director) as Own[];
const valueAt = (id: number) => db.sqlite.prepare('SELECT value, value_date, justification, state FROM measurement WHERE indicator_id = ? AND date = ?').get(id, DATE) as
	| { value: number | null; value_date: string | null; justification: string | null; state: string }
	| undefined;
const download = (format: 'csv' | 'xlsx', who?: string, query = `?data=${DATE}`) => fetch(`${server.url}/da-aggiornare/modello.${format}${query}`, { headers: who ? { cookie: cookies[who] } : {}, redirect: 'manual' });
const upload = (bytes: Uint8Array, name: string, who: string) => server.action(`/da-aggiornare?data=${DATE}&/carica`, { csv: new File([Buffer.from(bytes)], name) }, cookies[who]);
const HOSTILE = ['=HYPERLINK("http://x.invalid","clic")', '+39 0583 1234', '-2 rispetto al previsto', '@SOMMA(A1:A9)'];

describe('pre-filled template: download, fill in Excel, upload', () => {
	let luigi: Own[];
	let draft: Own;

	beforeAll(async () => {
		luigi = own('Luigi De Angelis');
		draft = luigi.find((i) => i.type === 'numero')!;
		// A draft whose justification looks like a formula: the template must carry it back as text.
		const r = await server.action('/da-aggiornare?/salva', { [`valore_${draft.id}`]: '1.234,5', [`motivazione_${draft.id}`]: HOSTILE[0], [`versione_${draft.id}`]: '0' }, cookies['luigi.deangelis']);
		expect(r.body.type).toBe('success');
	});

	it('the CSV is in the Italian Excel dialect: BOM, `;`, CRLF, decimal comma, 30/09/2022; formulas neutralised; only his own indicators', async () => {
		const res = await download('csv', 'luigi.deangelis');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="modello-valori-${DATE}-luigi-de-angelis.csv"`);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes.slice(3));
		const lines = text.split('\r\n');
		expect(lines[0]).toBe('Anno;Codice indicatore;Data;Valore;Motivazione;Fonte;Numeratore;Denominatore;Giudizio;Obiettivo (promemoria);Indicatore (promemoria);Come scrivere il valore (promemoria);Target (promemoria);Stato (promemoria)');
		expect(text.replace(/\r\n/g, '')).not.toContain('\n'.repeat(1) + 'x'); // CRLF only between records
		const body = lines.slice(1).filter((l) => l !== '');
		expect(body).toHaveLength(luigi.length);
		expect(new Set(body.map((l) => l.split(';')[1]))).toEqual(new Set(luigi.map((i) => i.code)));
		expect(new Set(body.map((l) => l.split(';')[0]))).toEqual(new Set(['2022']));
		const draftLine = body.find((l) => l.startsWith(`2022;${draft.code};`))!;
		expect(draftLine).toContain(`${draft.code};30/09/2022;1234,5;"'=HYPERLINK(""http://x.invalid"",""clic"")";`);
		// Nothing of another director.
		for (const other of own('Fabrizio Mechini')) expect(text).not.toContain(`\r\n${other.code};`);
	});

	it('the XLSX, filled with numbers, dates, sì/no and hostile text, comes back exactly; the success shows next to the upload form', async () => {
		const res = await download('xlsx', 'luigi.deangelis');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe(XLSX_TYPE);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const sheet = wb.getWorksheet('Valori')!;
		expect(sheet.getRow(1).getCell(1).value).toBe('Anno');
		expect(sheet.getRow(1).getCell(2).value).toBe('Codice indicatore');
		expect(sheet.rowCount).toBe(luigi.length + 1);
		const expected = new Map<number, { value: number | null; value_date: string | null; justification: string | null }>();
		let k = 0;
		sheet.eachRow((row, n) => {
			if (n === 1) return;
			const ind = luigi.find((i) => i.code === row.getCell(2).value)!;
			expect(row.getCell(3).value).toEqual(new Date(`${DATE}T00:00:00Z`));
			if (ind.id === draft.id) {
				// The draft is pre-filled: its number as a number, its justification guarded against formulas.
				expect(row.getCell(4).value).toBe(1234.5);
				expect(row.getCell(5).value).toBe(`'${HOSTILE[0]}`);
				expected.set(ind.id, { value: 1234.5, value_date: null, justification: HOSTILE[0] });
				return;
			}
			if (k % 5 === 4) return; // some rows left empty: they do not count
			const justification = HOSTILE[k % HOSTILE.length];
			if (ind.type === 'si_no') {
				row.getCell(4).value = k % 2 ? 'sì' : 'no';
				expected.set(ind.id, { value: k % 2 ? 1 : 0, value_date: null, justification });
			} else if (ind.type === 'data') {
				row.getCell(4).value = new Date(Date.UTC(2022, 8, 15));
				expected.set(ind.id, { value: null, value_date: '2022-09-15', justification });
			} else if (k % 3 === 0) {
				row.getCell(4).value = { formula: 'ROUND(1234.567,1)', result: 1234.6 } as ExcelJS.CellFormulaValue;
				expected.set(ind.id, { value: 1234.6, value_date: null, justification });
			} else {
				row.getCell(4).value = 0.1 + 0.2 * k;
				expected.set(ind.id, { value: 0.1 + 0.2 * k, value_date: null, justification });
			}
			row.getCell(5).value = justification;
			k++;
		});
		expect(expected.size).toBeGreaterThan(3); // the draft, sent back unchanged, is not saved again
		const filled = new Uint8Array(await wb.xlsx.writeBuffer());

		const r = await upload(filled, 'modello compilato.xlsx', 'luigi.deangelis');
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		expect((r.body.data as { uploaded: string }).uploaded).toBe(`Caricati in bozza ${expected.size - 1} valori da modello compilato.xlsx. Controllarli nella tabella sopra, poi «Invia alla Direzione».`);
		for (const [id, want] of expected) expect(valueAt(id), luigi.find((i) => i.id === id)!.code).toMatchObject({ ...want, state: 'bozza' });
		// The log names the file, the sheet and the row each value came from.
		const ref = db.sqlite.prepare("SELECT ref FROM audit_log WHERE action = 'valore caricato da CSV in bozza' ORDER BY id DESC LIMIT 1").pluck().get() as string;
		expect(ref).toMatch(/\(da modello compilato\.xlsx, foglio Valori, riga \d+\)$/);

		// Without JavaScript the page comes back with the message inside the upload section, after the form.
		const form = new FormData();
		form.append('csv', new File([Buffer.from(filled)], 'ancora.xlsx'));
		const html = await (await fetch(`${server.url}/da-aggiornare?data=${DATE}&/carica`, { method: 'POST', body: form, headers: { cookie: cookies['luigi.deangelis'], origin: server.url, accept: 'text/html' } })).text();
		const section = html.slice(html.indexOf('id="carica-titolo"'));
		expect(section.indexOf('Caricati in bozza')).toBeGreaterThan(section.indexOf('type="file"'));
		expect(html.slice(0, html.indexOf('id="carica-titolo"'))).not.toContain('Caricati in bozza');
	});

	it('downloaded again, hostile text stays text in both formats', async () => {
		const csv = await (await download('csv', 'luigi.deangelis')).text();
		for (const h of HOSTILE) expect(csv).not.toMatch(new RegExp(`;"?${h.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/"/g, '""')}`));
		expect(csv).toContain(";'+39 0583 1234;");
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await (await download('xlsx', 'luigi.deangelis')).arrayBuffer());
		const texts: string[] = [];
		wb.getWorksheet('Valori')!.eachRow((row) => row.eachCell((c) => void (typeof c.value === 'string' && texts.push(c.value))));
		expect(texts.filter((t) => /^[=+\-@]/.test(t))).toEqual([]);
		expect(texts).toContain("'@SOMMA(A1:A9)");
	});

	it('a CSV template filled as Italian Excel saves it goes back in too', async () => {
		const text = (await (await download('csv', 'luigi.deangelis')).text()).replace(/^\uFEFF/, '');
		const target = luigi.filter((i) => i.type === 'numero' && valueAt(i.id) === undefined)[0] ?? luigi.find((i) => i.type === 'numero' && i.id !== draft.id)!;
		const filled = text
			.split('\r\n')
			.map((l) => (l.startsWith(`2022;${target.code};`) ? l.replace(/^([^;]*;[^;]*;[^;]*;)[^;]*;[^;]*;/, '$11.234,56;Lavori sì, già fatti;') : l))
			.join('\r\n');
		expect(filled).not.toBe(text);
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(filled)]);
		const r = await upload(bytes, 'modello.csv', 'luigi.deangelis');
		expect(r.status, JSON.stringify(r.body)).toBe(200);
		expect(valueAt(target.id)).toMatchObject({ value: 1234.56, justification: 'Lavori sì, già fatti' });
	});

	it('another director’s file is refused whole, row by row with sheet and column; nothing of his is saved', async () => {
		const res = await download('xlsx', 'luigi.deangelis');
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(await res.arrayBuffer());
		const sheet = wb.getWorksheet('Valori')!;
		sheet.eachRow((row, n) => void (n > 1 && (row.getCell(4).value = row.getCell(4).value ?? 1)));
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
		const before = db.sqlite.prepare('SELECT count(*) FROM measurement').pluck().get();
		const r = await upload(bytes, 'modello.xlsx', 'fabrizio.mechini');
		expect(r.status).toBe(400);
		const errors = (r.body.data as { csvErrors: string[] }).csvErrors;
		expect(errors.length).toBe(sheet.rowCount - 1);
		expect(errors[0]).toMatch(/^modello\.xlsx, foglio Valori:2: codice_indicatore: l’indicatore \S+ non è tra i tuoi nel piano 2022$/);
		expect(db.sqlite.prepare('SELECT count(*) FROM measurement').pluck().get()).toBe(before);
	});

	it('only a director downloads a template, only his own, only for an open date', async () => {
		for (const who of ['direzione', 'nucleo']) expect((await download('csv', who)).status, who).toBe(403);
		const anonymous = await download('csv');
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/accesso\?/);
		expect((await download('xlsx', 'nucleo')).status).toBe(403);
		expect((await download('csv', 'luigi.deangelis', '?data=2022-06-30')).status).toBe(409);
		expect((await fetch(`${server.url}/da-aggiornare/modello.pdf`, { headers: { cookie: cookies['luigi.deangelis'] } })).status).toBe(404);
		// The rows come from the account, never from a parameter: asking with another director's id changes nothing.
		const text = await (await download('csv', 'fabrizio.mechini', `?data=${DATE}&dirigente=1`)).text();
		for (const i of luigi) expect(text).not.toContain(`\r\n${i.code};`);
	});

	it('an oversized or disguised file is refused with a clear message, and nothing changes', async () => {
		const before = db.sqlite.prepare('SELECT count(*) FROM measurement').pluck().get();
		const r = await upload(new TextEncoder().encode('PK\u0003\u0004 questo non è un foglio'), 'finto.xlsx', 'luigi.deangelis');
		expect(r.status).toBe(400);
		expect((r.body.data as { csvErrors: string[] }).csvErrors).toEqual(['finto.xlsx: il file non è un foglio Excel (.xlsx) leggibile']);
		expect(db.sqlite.prepare('SELECT count(*) FROM measurement').pluck().get()).toBe(before);
	});
});
