/**
 * Every page makes a fixed number of SQL queries, whatever the size of the plan: the built server is
 * started on the shipped plan and on ten times as much, and each page's count (Server-Timing) compared.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/cli/generate-data';
import { runCli, startServer, tempDir, type RunningServer } from './support/server';

/** Pages seen by a director (with an open monitoring date), and by the general direction. */
const DIRECTOR_PAGES = ['/da-aggiornare'];
const PAGES = [
	'/revisione',
	'/monitoraggio',
	'/',
	'/?dirigente=1&data=2022-06-30',
	'/?stato=critico&ordina=raggiungimento&verso=disc',
	'/dirigenti/1',
	'/valori-pubblici/1',
	'/obiettivi/2022/2022-H1-OP-03',
	'/obiettivi/2022/2022-B7-OP-01?data=2022-06-30',
	'/cerca?q=scuola',
	'/report/sintesi',
	'/report/scostamenti?dirigente=1',
	'/trasparenza/2022'
];

/**
 * A small number, whatever the data: a dozen reads plus the reads of the data revision token (a counter,
 * ≈2 µs) by the page cache, the plan context, the evaluation memo and the trend memo. The trend's memo
 * added one such read (18 → 19) and in exchange runs the page's heaviest statement (every value of
 * every indicator of every plan year) only when the data changed in a way value writes do not explain.
 */
const MAX_QUERIES = 19;

let small: RunningServer;
let large: RunningServer;
const cookies = new Map<RunningServer, string>();
const directorCookies = new Map<RunningServer, string>();
beforeAll(async () => {
	const dir = path.join(tempDir('scale10'), 'data');
	generate(10, dir, 12, null);
	[small, large] = await Promise.all([startServer(), startServer({ SEED_DIRS: dir })]);
	expect(large.output()).toContain('770 obiettivi');
	for (const s of [small, large]) {
		cookies.set(s, await s.signIn('direzione'));
		directorCookies.set(s, await s.signIn('paolo.benedetti'));
		const opened = await s.action('/monitoraggio', { azione: 'apri', data: '2022-12-31' }, cookies.get(s));
		expect(opened.body.type).toBe('success');
	}
});
afterAll(async () => {
	await Promise.all([small?.stop(), large?.stop()]);
});

async function queryCount(server: RunningServer, page: string, asDirector = false): Promise<number> {
	const res = await fetch(server.url + page, { headers: { cookie: (asDirector ? directorCookies : cookies).get(server)! } });
	expect(res.status, page).toBe(200);
	const timing = res.headers.get('server-timing') ?? '';
	const m = /db;desc="(\d+) query"/.exec(timing);
	expect(m, `Server-Timing of ${page}: ${timing}`).not.toBeNull();
	return Number(m![1]);
}

describe('SQL queries per page', () => {
	it.each(PAGES)('%s: the same count on 1× and 10× the data, and a small one', async (page) => {
		const [a, b] = [await queryCount(small, page), await queryCount(large, page)];
		expect(b).toBe(a);
		expect(a).toBeLessThanOrEqual(MAX_QUERIES);
	});
	it.each(DIRECTOR_PAGES)('%s (a director): the same count on 1× and 10× the data', async (page) => {
		const [a, b] = [await queryCount(small, page, true), await queryCount(large, page, true)];
		expect(b).toBe(a);
		expect(a).toBeLessThanOrEqual(MAX_QUERIES);
	});
	it('open data: the rules file and a wrong file name read no plan rows; one CSV reads only its own', async () => {
		const count = async (page: string, status: number) => {
			const res = await fetch(large.url + page);
			expect(res.status, page).toBe(status);
			await res.arrayBuffer();
			return Number(/db;desc="(\d+) query"/.exec(res.headers.get('server-timing') ?? '')?.[1]);
		};
		// The plan and its rules (4); before, the whole year's export besides (8 more, every row of 770 objectives).
		expect(await count('/trasparenza/2022/regole.txt', 200)).toBeLessThanOrEqual(4);
		expect(await count('/trasparenza/2022/nessuno.csv', 404)).toBeLessThanOrEqual(1);
		expect(await count('/trasparenza/2022/fasi.csv', 200)).toBeLessThanOrEqual(2);
	});

	it('with hundreds of CdRs (240 at 10×) the filter is a code field, on the overview and the reports', async () => {
		for (const page of ['/', '/report']) {
			const [smallPage, largePage] = await Promise.all(
				[small, large].map(async (s) => (await fetch(s.url + page, { headers: { cookie: cookies.get(s)! } })).text())
			);
			expect(smallPage, page).toContain('<select name="cdr"');
			expect(largePage, page).not.toContain('<select name="cdr"');
			expect(largePage, page).toMatch(/<input name="cdr"/);
		}
	});
});

/**
 * With several plan years the pages that compare years (the objective's lineage, the indicator view, the
 * director, public-value and plan trends) still make a fixed, small number of queries: 2023 is rolled
 * forward from 2022 on both servers, and the same pages are counted again, for both years.
 */
describe('SQL queries per page, with two plan years', () => {
	const TWO_YEAR_PAGES = [
		'/obiettivi/2022/2022-H1-OP-03',
		'/obiettivi/2023/2022-H1-OP-03',
		'/obiettivi/2022/2022-B7-OP-01?data=2022-06-30',
		'/indicatori/2022/2022-B7-OP-01-I01',
		'/indicatori/2023/2022-B7-OP-01-I01',
		'/?anno=2022',
		'/',
		'/dirigenti/1?anno=2022',
		'/dirigenti/1',
		'/valori-pubblici/1?anno=2022'
	];
	beforeAll(async () => {
		for (const s of [small, large]) {
			const made = await runCli(['src/cli/new-year.ts', '--da', '2022', '--a', '2023', '--db', s.databasePath]);
			expect(made.status, made.stderr).toBe(0);
			// Each year's plan context (years, rules, dates, filter lists) is read once per data revision by
			// whichever page comes first; a page that shows no figures reads it here, so the counts below
			// are each page's own.
			for (const year of [2022, 2023]) expect((await fetch(`${s.url}/report?anno=${year}`, { headers: { cookie: cookies.get(s)! } })).status).toBe(200);
		}
	}, 120_000);

	it.each(TWO_YEAR_PAGES)('%s: the same count on 1× and 10× the data, and a small one', async (page) => {
		const [a, b] = [await queryCount(small, page), await queryCount(large, page)];
		expect(b).toBe(a);
		expect(a).toBeLessThanOrEqual(MAX_QUERIES);
	});
});
