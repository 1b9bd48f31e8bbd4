/**
 * A long report on screen, in pages, through the built server: a plan year with 1.200 indicators short
 * of their target (twelve directors) makes a deviations report too long for one page. Every row is on
 * exactly one page, «Tutte le pagine» shows them all for printing, the downloads stay whole, and odd
 * page numbers in the address land on a real page. The shipped plan's reports stay one page.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { PlanBuilder } from '../src/lib/server/testing/plan-builder';
import { LINES_PER_PAGE } from '../src/lib/reports/paging';
import { startServer, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot } from './support/browser';

const YEAR = 2031;
const DIRECTORS = 12;
const PER_DIRECTOR = 100;
const code = (d: number, i: number) => `${YEAR}-D${String(d).padStart(2, '0')}-I${String(i).padStart(3, '0')}`;
const ALL_CODES = Array.from({ length: DIRECTORS }, (_, d) => Array.from({ length: PER_DIRECTOR }, (_, i) => code(d, i))).flat();

let server: RunningServer;
let db: Db;
let nucleo: string;
const html = async (p: string) => {
	const res = await fetch(server.url + p, { headers: { cookie: nucleo } });
	expect(res.status, p).toBe(200);
	return res.text();
};
// Each code once per page (it is also in the indicator's default description).
const codesIn = (page: string) => [...new Set(page.match(new RegExp(`${YEAR}-D\\d\\d-I\\d\\d\\d`, 'g')) ?? [])];
const nextLink = (page: string) => /<a href="([^"]+)" rel="next">/.exec(page)?.[1]?.replaceAll('&amp;', '&') ?? null;

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	const plan = new PlanBuilder().newPlan(YEAR);
	for (let d = 0; d < DIRECTORS; d++) {
		plan.newObjective({ anno: YEAR, codice: `${YEAR}-D${String(d).padStart(2, '0')}`, dirigente: `Dirigente ${String(d).padStart(2, '0')}`, cdr_codice: `C${d}` });
		for (let i = 0; i < PER_DIRECTOR; i++) plan.newIndicator({ anno: YEAR, codice_obiettivo: `${YEAR}-D${String(d).padStart(2, '0')}`, codice: code(d, i), target: 10 });
	}
	plan.importInto(db);
	nucleo = await server.signIn('nucleo');
}, 240_000);
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

describe('a long report in pages', () => {
	it('shows every deviation on exactly one page, following «Pagina successiva» to the last', async () => {
		const seen: string[] = [];
		let href: string | null = `/report/scostamenti?anno=${YEAR}`;
		let pages = 0;
		while (href) {
			const page = await html(href);
			pages++;
			const codes = codesIn(page);
			expect(codes.length).toBeGreaterThan(0);
			expect(codes.length).toBeLessThanOrEqual(LINES_PER_PAGE);
			// The count is the report's, not the page's.
			expect(page).toContain('1.200 indicatori sotto il target');
			expect(page).toContain(`Pagina ${pages} di `);
			seen.push(...codes);
			href = nextLink(page);
			expect(pages).toBeLessThan(50);
		}
		expect(pages).toBeGreaterThan(1);
		expect(seen).toHaveLength(ALL_CODES.length);
		expect(new Set(seen)).toEqual(new Set(ALL_CODES));
	});

	it('shows the whole report with «Tutte le pagine», for printing', async () => {
		const first = await html(`/report/scostamenti?anno=${YEAR}`);
		const all = /<a href="([^"]+)">Tutte le pagine, per stampare<\/a>/.exec(first)?.[1]?.replaceAll('&amp;', '&');
		expect(all).toContain('pagina=tutte');
		const whole = await html(all!);
		expect(new Set(codesIn(whole))).toEqual(new Set(ALL_CODES));
		expect(whole).not.toContain('rel="next"');
		expect(whole).toContain('Torna alle pagine');
	});

	it('builds the Schede one page at a time, a scheda never split, each indicator on exactly one page', async () => {
		// Each scheda is 101 lines (its objective and 100 indicators): one per page of 150 lines.
		const objectives: string[] = [];
		const indicators: string[] = [];
		let href: string | null = `/report/schede?anno=${YEAR}`;
		while (href) {
			const page = await html(href);
			const here = [...new Set([...page.matchAll(new RegExp(`<h2[^>]*><span class="code[^"]*">(${YEAR}-D\\d\\d)</span>`, 'g'))].map((m) => m[1]))];
			expect(here).toHaveLength(1);
			objectives.push(...here);
			const codes = codesIn(page);
			expect(codes.every((c) => here[0].includes(c.slice(0, 8)))).toBe(true);
			indicators.push(...codes);
			href = nextLink(page);
			expect(objectives.length).toBeLessThanOrEqual(DIRECTORS);
		}
		expect(objectives).toHaveLength(DIRECTORS);
		expect(indicators).toHaveLength(ALL_CODES.length);
		expect(new Set(indicators)).toEqual(new Set(ALL_CODES));
		const whole = await html(`/report/schede?anno=${YEAR}&pagina=tutte`);
		expect(new Set(codesIn(whole))).toEqual(new Set(ALL_CODES));
	});

	it('keeps the downloads whole', async () => {
		const res = await fetch(`${server.url}/report/scostamenti/csv?anno=${YEAR}&formato=standard`, { headers: { cookie: nucleo } });
		expect(res.status).toBe(200);
		const rows = Papa.parse<Record<string, string>>((await res.text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
		expect(new Set(rows.map((r) => Object.values(r).find((v) => v.startsWith(`${YEAR}-D`) && v.includes('-I'))))).toEqual(new Set(ALL_CODES));
	});

	it.each([
		['abc', 1],
		['-3', 1],
		['0', 1],
		['2.5', 1],
		['99999', 'last']
	])('lands ?pagina=%s on a real page (%s)', async (raw, expected) => {
		const page = await html(`/report/scostamenti?anno=${YEAR}&pagina=${raw}`);
		const [, shown, total] = /Pagina (\d+) di (\d+)/.exec(page)!;
		expect(Number(shown)).toBe(expected === 'last' ? Number(total) : expected);
		expect(codesIn(page).length).toBeGreaterThan(0);
	});

	it('leaves the shipped plan’s reports in one page each', async () => {
		for (const kind of ['schede', 'scostamenti', 'sintesi', 'qualita', 'relazione']) {
			const page = await html(`/report/${kind}?anno=2022`);
			expect(page, kind).not.toMatch(/Pagina \d+ di/);
		}
	});

	it.runIf(hasChromium)('reads well at 1366 and 390 px, and a printed page says it is one of several', async () => {
		const browser = await launchBrowser();
		try {
			const context = await browser.newContext({ extraHTTPHeaders: { cookie: nucleo } });
			const page = await context.newPage();
			await page.goto(`${server.url}/report/scostamenti?anno=${YEAR}&pagina=2`);
			await screenshot(page, 'report-pagine-1366');
			await page.setViewportSize({ width: 390, height: 844 });
			await screenshot(page, 'report-pagine-390');
			// The pager is reachable by keyboard: its links are in the tab order.
			const links = await page.locator('nav.pager a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).tabIndex));
			expect(links.length).toBeGreaterThanOrEqual(3);
			expect(links.every((t) => t === 0)).toBe(true);
			await page.emulateMedia({ media: 'print' });
			await expect.poll(() => page.locator('.print-note').isVisible()).toBe(true);
			expect(await page.locator('.print-note').innerText()).toContain('Pagina 2 di');
			expect(await page.locator('nav.pager').first().isVisible()).toBe(false);
		} finally {
			await browser.close();
		}
	});
});
