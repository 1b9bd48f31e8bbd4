/**
 * Pages that list every objective of a selection read it in pages of 100 once it is longer: the public
 * page of the year, a public value's page and the public timeline. At a hundred times the shipped plan
 * the public page of the year was 23 MB of HTML, made in 2–3 s for every anonymous reader. Through the
 * built server, on twice the shipped plan (154 objectives): every objective shows on exactly one page,
 * the figures above the list stay the whole selection's, and a page out of range or not a number
 * shows a real page instead of an error or an empty list.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/cli/generate-data';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, tempDir, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
let cookie: string;
beforeAll(async () => {
	const dir = path.join(tempDir('scale2'), 'data');
	generate(2, dir, 4, null);
	server = await startServer({ SEED_DIRS: dir });
	expect(server.output()).toContain('154 obiettivi');
	db = openDatabase(server.databasePath);
	cookie = await server.signIn('direzione');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const get = async (page: string, signedIn = false) => {
	const res = await fetch(server.url + page, { headers: signedIn ? { cookie } : {} });
	expect(res.status, page).toBe(200);
	return res.text();
};
/** Codes of the objectives a page lists (ObjectiveList), or of its timelines (the public timeline). */
const listed = (html: string) => [...html.matchAll(/<summary[^>]*><span class="head[^"]*"><span class="code[^"]*">([^<]+)</g)].map((m) => m[1]);
const timelines = (html: string) => [...html.matchAll(/<h2[^>]* id="ob-([^"]+)"/g)].map((m) => m[1]);
const pagerText = (html: string) => /<nav class="pager[^"]*" aria-label="[^"]*"[^>]*>[\s\S]*?<span[^>]*>([^<]+)<\/span>/.exec(html)?.[1];

describe('long lists in pages of 100', () => {
	it('the public page of the year: 100 and 54 objectives, each once, with the whole plan’s figures', async () => {
		const all = db.sqlite.prepare("SELECT o.code FROM objective o JOIN plan p ON p.id = o.plan_id WHERE p.year = 2022").pluck().all() as string[];
		expect(all).toHaveLength(154);
		const first = await get('/trasparenza/2022');
		const second = await get('/trasparenza/2022?pagina=2');
		expect(listed(first)).toHaveLength(100);
		expect(listed(second)).toHaveLength(54);
		expect([...listed(first), ...listed(second)].sort()).toEqual([...all].sort());
		expect(pagerText(first)).toBe('Obiettivi 1–100 di 154');
		expect(pagerText(second)).toBe('Obiettivi 101–154 di 154');
		expect(first).toContain('href="?pagina=2#obiettivi" rel="next"');
		expect(second).toContain('href="?pagina=1#obiettivi" rel="prev"');
		expect(second).not.toContain('rel="next"');
		// The per-director table and the counts above the list are the whole plan's on every page.
		const countOf = (html: string) => /<p class="label">(\d+) obiettivi per stato/.exec(html)?.[1] ?? /(\d+) obiettivi, 100 per pagina/.exec(html)?.[1];
		expect(countOf(first)).toBe('154');
		expect(countOf(second)).toBe('154');
		// Out of range, or not a page number: a real page, never an error or an empty list.
		expect(listed(await get('/trasparenza/2022?pagina=99'))).toEqual(listed(second));
		for (const q of ['abc', '-1', '0', '2.5']) expect(listed(await get(`/trasparenza/2022?pagina=${q}`)), q).toEqual(listed(first));
	});

	it('a public value’s page: its objectives in pages, the pager keeping the date', async () => {
		const [small, large] = db.sqlite.prepare('SELECT id FROM public_value ORDER BY id LIMIT 2').pluck().all() as number[];
		// A value that fits one page has no pager at all.
		expect(await get(`/valori-pubblici/${small}`, true)).not.toContain('class="pager');
		// One value with 120 objectives (moved to it here): two pages.
		db.sqlite.prepare('UPDATE objective SET public_value_id = ? WHERE id IN (SELECT id FROM objective ORDER BY id LIMIT 120)').run(large);
		const codes = db.sqlite.prepare('SELECT code FROM objective WHERE public_value_id = ?').pluck().all(large) as string[];
		expect(codes.length).toBeGreaterThanOrEqual(120);
		const first = await get(`/valori-pubblici/${large}?data=2022-12-31`, true);
		const second = await get(`/valori-pubblici/${large}?data=2022-12-31&pagina=2`, true);
		expect(listed(first)).toHaveLength(100);
		expect([...listed(first), ...listed(second)].sort()).toEqual([...codes].sort());
		expect(first).toContain('href="?data=2022-12-31&amp;pagina=2#obiettivi-vp"');
		expect(pagerText(second)).toBe(`Obiettivi 101–${codes.length} di ${codes.length}`);
	});

	it('the overview: its objectives table in pages, with the shared pager and the page number read as elsewhere', async () => {
		const section = (html: string) => html.slice(html.indexOf('id="obiettivi"'));
		const codes = (html: string) => [...new Set([...section(html).matchAll(/href="\/obiettivi\/2022\/([^"?]+)/g)].map((m) => m[1]))];
		const first = await get('/', true);
		const second = await get('/?pagina=2', true);
		expect(codes(first)).toHaveLength(100);
		expect(codes(second)).toHaveLength(54);
		expect(new Set([...codes(first), ...codes(second)]).size).toBe(154);
		expect(pagerText(section(first))).toBe('Obiettivi 1–100 di 154');
		expect(pagerText(section(second))).toBe('Obiettivi 101–154 di 154');
		expect(section(first)).toContain('pagina=2#obiettivi" rel="next"');
		for (const q of ['abc', '-1', '0', '2.5']) expect(codes(await get(`/?pagina=${q}`, true)), q).toEqual(codes(first));
	});

	it('the public timeline: every objective with planned phases on exactly one page', async () => {
		// Planned dates for every phase (the generated plan has few): more than a page of timelines.
		db.sqlite.prepare("UPDATE phase SET start_date = '2022-02-01', end_date = '2022-11-30' WHERE start_date IS NULL AND end_date IS NULL").run();
		const first = await get('/trasparenza/2022/cronoprogramma');
		const codes = timelines(first);
		expect(codes).toHaveLength(100);
		const rest: string[] = [];
		for (let p = 2; ; p++) {
			const html = await get(`/trasparenza/2022/cronoprogramma?pagina=${p}`);
			const more = timelines(html);
			if (more.length === 0 || more[0] === rest[0]) break;
			rest.push(...more);
			if (!html.includes('rel="next"')) break;
		}
		expect(new Set([...codes, ...rest]).size).toBe(codes.length + rest.length);
		const withDates = db.sqlite
			.prepare("SELECT count(DISTINCT f.objective_id) FROM phase f WHERE f.start_date IS NOT NULL OR f.end_date IS NOT NULL")
			.pluck()
			.get() as number;
		expect(codes.length + rest.length).toBe(withDates);
	});
});
