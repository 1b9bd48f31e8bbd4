/**
 * «Misura dalle fasi» through the built server: a small plan year whose objectives without indicators
 * are «non misurabili» while the rule is off, and are measured by their phases when the administrator
 * turns it on in the year's rules (per numero, then per importo), with the rule stated on the objective
 * page, the director's page, the overview, the Schede and the public pages (validated reports only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { PlanBuilder } from '../src/lib/server/testing/plan-builder';
import { startServer, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot, seriousA11yViolations } from './support/browser';

const YEAR = 2025;
const DATE = `${YEAR}-06-30`;
let server: RunningServer;
let db: Db;
let admin: string;
let nucleo: string;
let direzione: string;

const html = async (path: string, cookie: string | null = nucleo) => {
	const res = await fetch(server.url + path, { headers: cookie ? { cookie } : {} });
	expect(res.status, path).toBe(200);
	return res.text();
};
/** Text of a page without tags, spaces collapsed: what a reader sees. */
const text = (page: string) => page.replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\s+/g, ' ');
/** The objective page's result box: figure and state. */
const result = (page: string) => {
	const from = page.indexOf('<div class="score');
	expect(from).toBeGreaterThan(0);
	return text(page.slice(from, page.indexOf('class="date-form', from)));
};

/** The overview's big figure: the plan's achievement. */
const planFigure = (page: string) => /<p class="figure[^"]*"[^>]*>([^<]*)</.exec(page)?.[1];

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	const plan = new PlanBuilder().newPlan(YEAR);
	// OB-F: no indicator; three phases due by 30/06 (two completed, one in progress), one due in October
	// already completed (not counted before it is due), one without dates (never counted).
	plan.newObjective({ anno: YEAR, codice: 'OB-F', titolo: 'Nuova sede degli uffici' });
	for (const [numero, fine, importo] of [[1, '2025-03-31', '30000'], [2, '2025-05-31', '10000'], [3, '2025-06-30', '20000'], [4, '2025-10-31', '40000'], [5, null, null]] as const) {
		plan.newPhase({ anno: YEAR, codice_obiettivo: 'OB-F', numero, importo, data_inizio: fine ? '2025-01-15' : null, data_fine: fine });
	}
	plan.newPhaseReport({ anno: YEAR, codice_obiettivo: 'OB-F', numero: 1, data: DATE, stato: 'completata', data_inizio_effettiva: '2025-01-15', data_fine_effettiva: '2025-03-20' });
	plan.newPhaseReport({ anno: YEAR, codice_obiettivo: 'OB-F', numero: 2, data: DATE, stato: 'in_corso', data_inizio_effettiva: '2025-02-01' });
	plan.newPhaseReport({ anno: YEAR, codice_obiettivo: 'OB-F', numero: 3, data: DATE, stato: 'completata', data_inizio_effettiva: '2025-02-01', data_fine_effettiva: '2025-06-28' });
	plan.newPhaseReport({ anno: YEAR, codice_obiettivo: 'OB-F', numero: 4, data: DATE, stato: 'completata', data_inizio_effettiva: '2025-02-01', data_fine_effettiva: '2025-06-15' });
	// OB-N: an indicator without target, and a due phase without amount: by amount it falls back to the count.
	plan.newObjective({ anno: YEAR, codice: 'OB-N', titolo: 'Archivio digitale' });
	plan.newIndicator({ anno: YEAR, codice_obiettivo: 'OB-N', codice: 'OB-N-I1', target: null });
	plan.newPhase({ anno: YEAR, codice_obiettivo: 'OB-N', numero: 1, importo: '5000', data_inizio: '2025-01-10', data_fine: '2025-04-30' });
	plan.newPhase({ anno: YEAR, codice_obiettivo: 'OB-N', numero: 2, importo: null, data_inizio: '2025-02-01', data_fine: '2025-05-31' });
	plan.newPhaseReport({ anno: YEAR, codice_obiettivo: 'OB-N', numero: 1, data: DATE, stato: 'completata', data_inizio_effettiva: '2025-01-10', data_fine_effettiva: '2025-04-30' });
	plan.newPhaseReport({ anno: YEAR, codice_obiettivo: 'OB-N', numero: 2, data: DATE, stato: 'sospesa', data_inizio_effettiva: '2025-02-01' });
	// OB-I: measured by its indicator (90 %), whatever the phases rule.
	plan.newObjective({ anno: YEAR, codice: 'OB-I', titolo: 'Strade riparate' });
	plan.newIndicator({ anno: YEAR, codice_obiettivo: 'OB-I', codice: 'OB-I-I1', target: 10 });
	plan.newPhase({ anno: YEAR, codice_obiettivo: 'OB-I', numero: 1, data_inizio: '2025-01-10', data_fine: '2025-02-28' });
	plan.newMeasurement({ anno: YEAR, codice_indicatore: 'OB-I-I1', data: DATE, valore: 9 });
	plan.importInto(db);
	[admin, nucleo, direzione] = await Promise.all(['admin', 'nucleo', 'direzione'].map((u) => server.signIn(u)));
}, 180_000);
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

/** The year's rules through the editor, as the administrator saves them: preview, then save what was previewed. */
async function setRules(phases: 'no' | 'per numero' | 'per importo') {
	const testo = `descrizione: SMVP ${YEAR}, prova\n[obiettivi]\nmisura dalle fasi: ${phases}\n`;
	const preview = await server.action(`/regole/${YEAR}?/anteprima`, { testo, motivo: 'prova' }, admin);
	expect(preview.body.type, JSON.stringify(preview.body)).toBe('success');
	const data = preview.body.data as { fingerprint: string; preview: { changes: Array<{ code: string; before: { status: string }; after: { status: string; score: number | null } }> } };
	const saved = await server.action(`/regole/${YEAR}?/salva`, { testo, motivo: `misura dalle fasi: ${phases}`, anteprima: data.fingerprint }, admin);
	expect(saved.body.type, JSON.stringify(saved.body)).toBe('success');
	return data.preview.changes;
}

/** A report's CSV (as the Nucleo downloads it), and its rows split at the `;` (no field here holds one). */
const reportCsv = async (kind: string) => {
	const res = await fetch(`${server.url}/report/${kind}/csv?anno=${YEAR}&data=${DATE}`, { headers: { cookie: nucleo } });
	expect(res.status, kind).toBe(200);
	return new TextDecoder('utf-8').decode(await res.arrayBuffer());
};
const rowsOf = (csv: string) => csv.split(/\r?\n/).map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));

const objectivePage = (code: string) => html(`/obiettivi/${YEAR}/${code}?data=${DATE}`);
const directorId = () => db.sqlite.prepare("SELECT id FROM director WHERE name = 'Anna Rossi'").pluck().get() as number;

describe('misura dalle fasi', () => {
	it('off (the default): objectives without measurable indicators are «non misurabili»', async () => {
		const f = result(await objectivePage('OB-F'));
		expect(f).toContain('—');
		expect(f).toContain('Senza indicatori');
		expect(f).not.toContain('Misurato dalle fasi');
		expect(result(await objectivePage('OB-N'))).toContain('Senza target');
		expect(result(await objectivePage('OB-I'))).toContain('90,0 %');
		// The director's figure and the overview rest on OB-I alone.
		expect(text(await html(`/dirigenti/${directorId()}?anno=${YEAR}&data=${DATE}`))).toMatch(/Raggiungimento[^%]*90,0 %/);
		expect(planFigure(await html(`/?anno=${YEAR}&data=${DATE}`))).toBe('90,0 %');
		const rules = text(await html(`/trasparenza/${YEAR}/regole`, null));
		expect(rules).not.toContain('Obiettivi senza indicatori misurabili');
		// Reports: no row and no column «dalle fasi» while the rule is off.
		expect(await reportCsv('scostamenti')).not.toContain('dalle fasi');
		expect(await reportCsv('sintesi')).not.toContain('Di cui dalle fasi');
	});

	it('per numero: completed phases of those due by the date, stated on the page, and the figures follow', async () => {
		const changes = await setRules('per numero');
		// The editor's preview lists what changes: the two objectives measured by their phases.
		expect(changes.map((c) => [c.code, c.before.status, c.after.status]).sort()).toEqual([
			['OB-F', 'not_measurable', 'at_risk'],
			['OB-N', 'not_measurable', 'off_track']
		]);
		const f = result(await objectivePage('OB-F'));
		expect(f).toContain('66,7 %');
		expect(f).toContain('A rischio');
		expect(f).toContain('Misurato dalle fasi: 2 di 3 fasi previste entro il 30/06/2025 completate (per numero).');
		expect(f).toContain('Regola dell’anno «misura dalle fasi»');
		const n = result(await objectivePage('OB-N'));
		expect(n).toContain('50,0 %');
		expect(n).toContain('Misurato dalle fasi: 1 di 2 fasi previste entro il 30/06/2025 completate (per numero).');
		// OB-I keeps its indicator's result.
		expect(result(await objectivePage('OB-I'))).toContain('90,0 %');
		expect(result(await objectivePage('OB-I'))).not.toContain('Misurato dalle fasi');
		// Director and plan: mean of 90 %, 66,67 % and 50 % = 68,9 %.
		const director = text(await html(`/dirigenti/${directorId()}?anno=${YEAR}&data=${DATE}`));
		expect(director).toMatch(/Raggiungimento[^%]*68,9 %/);
		expect(director).toContain('misurato dalle fasi');
		const overview = await html(`/?anno=${YEAR}&data=${DATE}`);
		expect(planFigure(overview)).toBe('68,9 %');
		expect(text(overview)).toContain('dalle fasi');
		// OB-N is critical by its phases: the «Da guardare» list says where its figure comes from.
		const from = overview.indexOf('id="attenzione"');
		expect(text(overview.slice(from, overview.indexOf('</section>', from)))).toMatch(/OB-N [^–]*– [^,]+, 50,0 % dalle fasi/);
		// The Schede say where the result comes from, on the page and in the CSV.
		const schede = text(await html(`/report/schede?anno=${YEAR}&data=${DATE}&obiettivo=OB-F`));
		expect(schede).toContain('66,7 %');
		expect(schede).toContain('Misurato dalle fasi: 2 di 3 fasi previste entro il 30/06/2025 completate (per numero).');
		// Scostamenti: the two objectives short by their phases have a row each, worded as on their page.
		const scostamenti = rowsOf(await reportCsv('scostamenti'));
		const byPhases = scostamenti.filter((r) => r[2] === 'dalle fasi');
		expect(byPhases.map((r) => [r[1], r[3], r[4], r[5], r[6], r[7]])).toEqual([
			['OB-F', 'Misurato dalle fasi: 2 di 3 fasi previste entro il 30/06/2025 completate (per numero).', '3 fasi completate', '2 di 3', '66,7', 'A rischio'],
			['OB-N', 'Misurato dalle fasi: 1 di 2 fasi previste entro il 30/06/2025 completate (per numero).', '2 fasi completate', '1 di 2', '50', 'Critico']
		]);
		expect(text(await html(`/report/scostamenti?anno=${YEAR}&data=${DATE}`))).toContain('Misurato dalle fasi: 1 di 2 fasi previste');
		// Sintesi: each group says how many of its figures come from phases (2 of the 3 with a value).
		const sintesi = rowsOf(await reportCsv('sintesi'));
		const header = sintesi.find((r) => r[0] === 'Dirigente')!;
		const total = sintesi.find((r) => r[0] === 'Totale')!;
		expect(header.slice(1, 4)).toEqual(['Obiettivi', 'Di cui con valore', 'Di cui dalle fasi']);
		expect(total.slice(1, 4)).toEqual(['3', '3', '2']);
		// The public rules page states the rule, and regole.txt reads back.
		expect(text(await html(`/trasparenza/${YEAR}/regole`, null))).toContain('Obiettivi senza indicatori misurabili');
		expect(await html(`/trasparenza/${YEAR}/regole.txt`, null)).toContain('misura dalle fasi: per numero');
	});

	it('per importo: weighted by the phases’ amounts, or by count where a due phase has none, said so', async () => {
		await setRules('per importo');
		const f = result(await objectivePage('OB-F'));
		expect(f).toContain('83,3 %');
		expect(f).toContain('Misurato dalle fasi: € 50.000,00 di € 60.000,00 (2 di 3 fasi previste entro il 30/06/2025 completate, per importo).');
		const n = result(await objectivePage('OB-N'));
		expect(n).toContain('50,0 %');
		expect(n).toContain('(per numero: non tutte hanno un importo)');
		// Mean of 90 %, 83,33 % and 50 % = 74,4 %.
		expect(text(await html(`/dirigenti/${directorId()}?anno=${YEAR}&data=${DATE}`))).toMatch(/Raggiungimento[^%]*74,4 %/);
		// The Relazione's CSV carries the statement on the objective's row.
		const relazione = await html(`/report/relazione/csv?anno=${YEAR}&data=${DATE}`);
		expect(relazione).toContain('Misurato dalle fasi: € 50.000,00 di € 60.000,00');
	});

	it.runIf(hasChromium)('the objective page states the rule readably at 1366 and 390 px, without serious accessibility problems', async () => {
		const browser = await launchBrowser();
		try {
			const context = await browser.newContext({ extraHTTPHeaders: { cookie: nucleo } });
			const page = await context.newPage();
			await page.goto(`${server.url}/obiettivi/${YEAR}/OB-F?data=${DATE}`);
			const note = page.locator('.by-phases[role="note"]');
			expect(await note.innerText()).toContain('Misurato dalle fasi: € 50.000,00 di € 60.000,00');
			await screenshot(page, 'misura-dalle-fasi-1366');
			expect(await seriousA11yViolations(page)).toEqual([]);
			await page.setViewportSize({ width: 390, height: 844 });
			await screenshot(page, 'misura-dalle-fasi-390');
			// Nothing wider than the phone's screen.
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		} finally {
			await browser.close();
		}
	});

	it('the public pages count only validated phase reports', async () => {
		const pub = async () => text(await html(`/trasparenza/${YEAR}`, null));
		// Nothing validated yet (the page then reads 31/12): no phase has a validated report, so no result.
		const before = await pub();
		expect(before).toContain('Misurato dalle fasi: nessuna delle 4 fasi previste entro il 31/12/2025 ha un avanzamento dichiarato.');
		expect(before).not.toContain('2 di 3 fasi');
		for (const azione of ['apri', 'chiudi']) expect((await server.action(`/monitoraggio?anno=${YEAR}`, { azione, data: DATE, conferma: 'si' }, direzione)).body.type).toBe('success');
		expect((await server.action(`/monitoraggio?anno=${YEAR}`, { azione: 'valida', data: DATE, conferma: 'si' }, nucleo)).body.type).toBe('success');
		const page = await pub();
		expect(page).toContain('Misurato dalle fasi: € 50.000,00 di € 60.000,00 (2 di 3 fasi previste entro il 30/06/2025 completate, per importo).');
		expect(page).toContain('misurato dalle fasi');
	});

	it('off again: back to «non misurabile» (rules are per year, the cached results never stale)', async () => {
		// The date is validated: the rules are locked until it is reopened.
		const reopened = await server.action(`/monitoraggio?anno=${YEAR}`, { azione: 'riapri', data: DATE, motivazione: 'correzione delle regole', conferma: 'si' }, admin);
		expect(reopened.body.type, JSON.stringify(reopened.body)).toBe('success');
		await setRules('no');
		expect(result(await objectivePage('OB-F'))).not.toContain('Misurato dalle fasi');
		expect(result(await objectivePage('OB-F'))).toContain('Senza indicatori');
		// The shipped 2022 plan never had the rule: its objectives without indicators stay as they were.
		expect(text(await html('/trasparenza/2022/regole', null))).not.toContain('Obiettivi senza indicatori misurabili');
	});
});
