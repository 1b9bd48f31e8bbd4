/**
 * The phases' timeline on the public pages (validated progress only, server-rendered SVG with its table,
 * no JavaScript) and their progress in the Schede's XLSX, through the built server.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['nucleo']) cookies[u] = await server.signIn(u);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const CODE = '2022-H1-OP-03';
/** The part of the page about one objective: from its heading to the next objective's. */
function sectionOf(html: string, code: string): string {
	const at = html.indexOf(`id="ob-${code}"`);
	if (at < 0) return '';
	const next = html.indexOf('<section', at);
	return html.slice(at, next < 0 ? undefined : next);
}
const screenChart = (section: string) => {
	const at = section.search(/<svg class="gantt[ "]/);
	return at < 0 ? '' : section.slice(at, section.indexOf('</svg>', at));
};
const started = (date: string) =>
	db.sqlite
		.prepare(
			`SELECT count(*) FROM phase_progress pp JOIN phase f ON f.id = pp.phase_id JOIN objective o ON o.id = f.objective_id
			 WHERE o.code = ? AND pp.date = ? AND pp.actual_start IS NOT NULL`
		)
		.pluck()
		.get(CODE, date) as number;

describe('the public timeline of the phases', () => {
	it('shows only validated progress: none before a date is validated, that date’s after', async () => {
		const phases = db.sqlite.prepare('SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = ?').pluck().get(CODE) as number;
		// The example's reports at 30/06 and 31/12 are accepted, not validated: nothing of them is public.
		let res = await fetch(`${server.url}/trasparenza/2022/cronoprogramma`);
		expect(res.status).toBe(200);
		let html = await res.text();
		expect(html).toContain('Per ora nessuna data è validata');
		expect(html).not.toContain('<rect class="actual');
		expect(html).not.toMatch(/<script[\s>]/); // drawn on the server, nothing to run
		let section = sectionOf(html, CODE);
		expect(screenChart(section)).toContain('role="img"');
		expect(screenChart(section).match(/<rect class="planned/g)).toHaveLength(phases);
		expect(section).toContain(`Cronoprogramma di ${CODE}: i dati del grafico`);
		expect(section.match(/<th scope="row"/g)?.length).toBeGreaterThanOrEqual(phases);
		// No date to draw a line at: no «al 01/01/2022» that a reader would take for a monitoring date.
		expect(section).not.toContain('class="today');
		expect(section).not.toContain('01/01/2022');
		expect(section).toContain(`${phases} fasi previste (nessun avanzamento ancora validato): `);
		// The public page of the year links to it.
		expect(await (await fetch(`${server.url}/trasparenza/2022`)).text()).toContain('href="/trasparenza/2022/cronoprogramma"');

		// The Nucleo validates 30/06: its reports become public; the 31/12 ones (more phases started) do not.
		const validated = await server.action('/monitoraggio', { azione: 'valida', data: '2022-06-30', conferma: 'si' }, cookies['nucleo']);
		expect(validated.body.type, JSON.stringify(validated.body)).toBe('success');
		expect(started('2022-12-31')).toBeGreaterThan(started('2022-06-30'));
		html = await (await fetch(`${server.url}/trasparenza/2022/cronoprogramma`)).text();
		expect(html).toContain('al più tardi al <strong>30/06/2022</strong>');
		section = sectionOf(html, CODE);
		expect(screenChart(section).match(/<rect class="actual/g) ?? []).toHaveLength(started('2022-06-30'));
		expect(section).toMatch(new RegExp(`${phases} fasi al 30/06/2022: `));
		expect(screenChart(section)).toContain('<line class="today');
		expect(section).not.toContain('al 31/12/2022');
	});

	it('a year without a plan is a 404', async () => {
		expect((await fetch(`${server.url}/trasparenza/1999/cronoprogramma`)).status).toBe(404);
	});
});

describe('the phases’ progress in the Schede’s XLSX', () => {
	it('has a sheet of the phases with state, actual dates and lateness', async () => {
		const res = await fetch(`${server.url}/report/schede/xlsx?data=2022-12-31`, { headers: { cookie: cookies['nucleo'] } });
		expect(res.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
		const sheet = wb.worksheets.find((w) => w.name === 'Fasi')!;
		expect(sheet).toBeDefined();
		const texts: string[] = [];
		sheet.eachRow((row) => texts.push(row.values!.toString()));
		const header = texts.find((t) => t.includes('Inizio effettivo'))!;
		for (const label of ['Stato', 'Inizio effettivo', 'Fine effettiva', 'In ritardo']) expect(header).toContain(label);
		const rows = texts.filter((t) => t.includes(CODE));
		const phases = db.sqlite.prepare('SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = ?').pluck().get(CODE) as number;
		expect(rows).toHaveLength(phases);
		expect(rows.filter((t) => t.includes('completata')).length).toBeGreaterThan(0);
		expect(rows.filter((t) => t.includes('giorni di ritardo')).length).toBeGreaterThan(0);
	});
});
