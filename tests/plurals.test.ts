/**
 * Italian plurals on every page, for every role, over real HTTP against the built server: a crawl of
 * the pages' visible text for «1 valori», «2 obiettivo» and the like, after making counts of one appear
 * (one value submitted, one returned, one director's queue of one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS } from '../src/lib/reports/builders';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';
const ROLES = ['luigi.deangelis', 'direzione', 'nucleo', 'admin'];

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ROLES) cookies[u] = await server.signIn(u);
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE, scadenza: '2099-12-31' }, cookies['direzione'])).body.type).toBe('success');
	// Exactly one value submitted by one director: his review queue, his completion and the campaign count one.
	const ind = db.sqlite
		.prepare(`SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Luigi De Angelis' AND i.type = 'numero' ORDER BY o.position, i.position LIMIT 1`)
		.pluck()
		.get() as number;
	const r = await server.action('/da-aggiornare?/invia', { [`valore_${ind}`]: '9999', [`motivazione_${ind}`]: 'prova', [`versione_${ind}`]: '0' }, cookies['luigi.deangelis']);
	expect(r.body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const NOUNS_PLURAL = 'valori|obiettivi|indicatori|dirigenti|fasi|problemi|giorni|misurazioni|righe|errori|anni|promemoria inviati|account';
const NOUNS_SINGULAR = 'valore|obiettivo|indicatore|dirigente|fase|problema|giorno|misurazione|riga|errore';
// A count is a number standing alone: not part of a date (30/06/2022), a code (B7-OP-02) or a decimal.
const ONE_WITH_PLURAL = new RegExp(`(?<![\\w.,/:-])1 (${NOUNS_PLURAL})\\b`, 'g');
const MANY_WITH_SINGULAR = new RegExp(`(?<![\\w.,/:-])(0|[2-9]|[1-9]\\d+) (${NOUNS_SINGULAR})\\b`, 'g');

function visibleText(html: string): string {
	return html
		.replace(/<script[\s\S]*?<\/script>/g, ' ')
		.replace(/<style[\s\S]*?<\/style>/g, ' ')
		.replace(/<!--[\s\S]*?-->/g, '')
		// A cell or a paragraph ends a phrase: «COVID 19» in one cell and «indicatore» in the next are not a count.
		.replace(/<\/(td|th|li|p|div|h[1-6]|dt|dd|tr|caption|section|article|button|label|option)>/g, ' ¦ ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ');
}

describe('Italian plurals', () => {
	it('the pattern finds what it is meant to find, and leaves dates and codes alone', () => {
		expect('Accetta tutti i 1 valori di X'.match(ONE_WITH_PLURAL)).toEqual(['1 valori']);
		expect('ne restano 3 obiettivo'.match(MANY_WITH_SINGULAR)).toEqual(['3 obiettivo']);
		expect('al 30/06/2021 valori · 2022-B7-OP-01 obiettivo · 1 valore · 2 valori · 1.234 valori'.match(ONE_WITH_PLURAL)).toBeNull();
		expect('al 30/06/2022 valore · 2022-B7-OP-02 obiettivo · 1 valore'.match(MANY_WITH_SINGULAR)).toBeNull();
	});

	it('no page, for any role, pairs a count with the wrong number', async () => {
		const directors = db.sqlite.prepare('SELECT id FROM director').pluck().all() as number[];
		const values = db.sqlite.prepare('SELECT id FROM public_value').pluck().all() as number[];
		const objectives = db.sqlite.prepare('SELECT code FROM objective ORDER BY position').pluck().all() as string[];
		const common = [
			'/',
			'/monitoraggio',
			'/report',
			...Object.keys(REPORTS).map((k) => `/report/${k}`),
			'/trasparenza',
			'/trasparenza/2022',
			'/cerca?q=archivi',
			...directors.map((id) => `/dirigenti/${id}`),
			...values.map((id) => `/valori-pubblici/${id}`),
			...objectives.map((code) => `/obiettivi/2022/${code}`)
		];
		const own: Record<string, string[]> = {
			'luigi.deangelis': ['/il-mio-lavoro', '/da-aggiornare'],
			direzione: ['/revisione'],
			nucleo: [],
			admin: ['/revisione', '/utenti', '/esempi']
		};
		const wrong: string[] = [];
		let pages = 0;
		for (const who of ROLES) {
			for (const path of [...common, ...own[who]]) {
				const res = await fetch(server.url + path, { headers: { cookie: cookies[who] } });
				expect(res.status, `${path} (${who})`).toBe(200);
				const text = visibleText(await res.text());
				pages++;
				for (const m of [...text.matchAll(ONE_WITH_PLURAL), ...text.matchAll(MANY_WITH_SINGULAR)]) {
					wrong.push(`${path} (${who}): «…${text.slice(Math.max(0, m.index! - 40), m.index! + m[0].length + 20)}…»`);
				}
			}
		}
		expect(pages).toBeGreaterThan(300);
		expect(wrong).toEqual([]);
	});

	it('where a count of one shows, it reads as one', async () => {
		const campaign = visibleText(await (await fetch(`${server.url}/monitoraggio`, { headers: { cookie: cookies['direzione'] } })).text());
		expect(campaign).toMatch(/1 valore inviato/);
	});
});
