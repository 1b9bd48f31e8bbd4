/**
 * The weaknesses a security review found, each reproduced against the built server the way an
 * attacker or a careless user would meet it. The plan loaded here is hostile: its body name tries to
 * close the report's stylesheet and redirect the Nucleo's browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, tempDir, type RunningServer } from './support/server';
import { hasChromium, launchBrowser } from './support/browser';

const HOSTILE_BODY = 'Provincia di Prova</style><meta http-equiv="refresh" content="0;url=https://evil.example/">';
const DATE = '2022-09-30';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};

/** The shipped plan and example values, with a body name written by an attacker. */
function hostilePlanDirs(): string {
	const dir = tempDir('ostile');
	const plan = path.join(dir, 'piano');
	fs.cpSync('import/piao-2022', plan, { recursive: true });
	fs.writeFileSync(path.join(plan, 'piano.csv'), `anno,ente,titolo\n2022,"${HOSTILE_BODY.replace(/"/g, '""')}",PIAO 2022\n`);
	return `${plan},import/esempio-2022`;
}

beforeAll(async () => {
	server = await startServer({ SEED_DIRS: hostilePlanDirs() });
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'fabrizio.mechini', 'direzione', 'nucleo']) cookies[u] = await server.signIn(u);
	const opened = await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies.direzione);
	expect(opened.body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

/** One of Luigi De Angelis's indicators with a numeric target, and its objective's address. */
function luigisIndicator(): { id: number; objectivePath: string } {
	const row = db.sqlite
		.prepare(
			`SELECT i.id, o.code, p.year FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN plan p ON p.id = o.plan_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = 'Luigi De Angelis' AND i.type = 'numero' AND i.target IS NOT NULL ORDER BY o.position, i.position LIMIT 1`
		)
		.get() as { id: number; code: string; year: number };
	return { id: row.id, objectivePath: `/obiettivi/${row.year}/${row.code}` };
}
const versionOf = (indicatorId: number) => (db.sqlite.prepare('SELECT version FROM measurement WHERE indicator_id = ? AND date = ?').pluck().get(indicatorId, DATE) as number | undefined) ?? 0;
const page = async (pathname: string, cookie: string) => (await fetch(server.url + pathname, { headers: { cookie } })).text();

describe('2. plan text never becomes markup on report pages', () => {
	it('the report page carries the body name as escaped text, and its print head as a stylesheet', async () => {
		const html = await page('/report/scostamenti', cookies.nucleo);
		expect(html).not.toContain('<meta http-equiv="refresh"');
		expect(html).toContain('Provincia di Prova&lt;/style>');
		const href = /<link rel="stylesheet" href="(\/stampa\.css\?[^"]+)"/.exec(html)?.[1];
		expect(href).toBeDefined();
		const css = await (await fetch(server.url + href!.replace(/&amp;/g, '&'), { headers: { cookie: cookies.nucleo } })).text();
		expect(css).toContain('@page');
		expect(css).not.toMatch(/[<>]/);
	});

	it.runIf(hasChromium)('the Nucleo’s browser stays on the report', async () => {
		const browser = await launchBrowser();
		try {
			const context = await browser.newContext();
			const [name, value] = cookies.nucleo.split('=');
			await context.addCookies([{ name, value, url: server.url }]);
			const tab = await context.newPage();
			await tab.goto(`${server.url}/report/sintesi`);
			await tab.waitForTimeout(1500);
			expect(new URL(tab.url()).pathname).toBe('/report/sintesi');
			await tab.emulateMedia({ media: 'print' });
			// The print head was applied: the page's own stylesheet came from /stampa.css.
			const sheets = await tab.evaluate(() => [...document.styleSheets].map((s) => s.href ?? ''));
			expect(sheets.some((h) => h.includes('/stampa.css?'))).toBe(true);
		} finally {
			await browser.close();
		}
	});
});

describe('3. after sign-in, only a path on this site', () => {
	it.each(['%2F%09%2Fevil.example', '%2F%5Cevil.example', '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example'])('ritorno=%s sends a signed-in user home', async (ritorno) => {
		const res = await fetch(`${server.url}/accesso?ritorno=${ritorno}`, { headers: { cookie: cookies.nucleo }, redirect: 'manual' });
		expect(res.status).toBe(303);
		// Home is each role's own work (the board's: the monitoring dates), never the forged address.
		expect(res.headers.get('location')).toBe('/monitoraggio');
	});

	it.each(['%2F%0A%2Fevil.example', '%2F%0D%0ASet-Cookie%3A%20x%3D1'])('ritorno=%s is no server error', async (ritorno) => {
		const signedIn = await fetch(`${server.url}/accesso?ritorno=${ritorno}`, { headers: { cookie: cookies.nucleo }, redirect: 'manual' });
		expect(signedIn.status).toBe(303);
		expect(signedIn.headers.get('location')).toBe('/monitoraggio');
		const form = await fetch(`${server.url}/accesso?ritorno=${ritorno}`, { redirect: 'manual' });
		expect(form.status).toBe(200);
	});

	it('the sign-in form itself ignores a forged ritorno', async () => {
		const res = await fetch(`${server.url}/accesso`, {
			method: 'POST',
			body: new URLSearchParams({ utente: 'direzione', password: server.password('direzione'), ritorno: '/\t/evil.example' }),
			headers: { origin: server.url, accept: 'text/html' },
			redirect: 'manual'
		});
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/monitoraggio');
	});
});

describe('4. upload limits are the ones the page promises', () => {
	const pdf = (bytes: number) => new File([new Uint8Array(bytes).fill(37)], 'verbale.pdf', { type: 'application/pdf' });

	it('an evidence file of 1 MB is accepted (the server used to stop at 512 KB), and a replaced one is deleted', async () => {
		const { id } = luigisIndicator();
		const first = await server.action('/da-aggiornare?/salva', { [`valore_${id}`]: '1', [`motivazione_${id}`]: 'in corso', [`versione_${id}`]: String(versionOf(id)), [`file_${id}`]: pdf(1024 * 1024) }, cookies['luigi.deangelis']);
		expect(first.status).toBe(200);
		expect(first.body.type).toBe('success');
		const second = await server.action('/da-aggiornare?/salva', { [`valore_${id}`]: '1', [`motivazione_${id}`]: 'in corso', [`versione_${id}`]: String(versionOf(id)), [`file_${id}`]: pdf(2 * 1024 * 1024) }, cookies['luigi.deangelis']);
		expect(second.body.type).toBe('success');
		const files = db.sqlite.prepare('SELECT size FROM evidence_file').pluck().all();
		expect(files).toEqual([2 * 1024 * 1024]);
	});

	it('an evidence file downloads as an attachment, for its director and the reviewers only', async () => {
		const fileId = db.sqlite.prepare('SELECT id FROM evidence_file').pluck().get() as number;
		const get = (who: string) => fetch(`${server.url}/allegati/${fileId}`, { headers: { cookie: cookies[who] } });
		const own = await get('luigi.deangelis');
		expect(own.status).toBe(200);
		expect(own.headers.get('content-disposition')).toMatch(/^attachment;/);
		expect((await get('direzione')).status).toBe(200);
		expect((await get('fabrizio.mechini')).status).toBe(403);
	});

	it('a 6 MB evidence file is refused in Italian on the same page, with what was typed kept', async () => {
		const { id } = luigisIndicator();
		const res = await server.action('/da-aggiornare?/salva', { [`valore_${id}`]: '7', [`motivazione_${id}`]: 'testo scritto con cura', [`versione_${id}`]: String(versionOf(id)), [`file_${id}`]: pdf(6 * 1024 * 1024) }, cookies['luigi.deangelis']);
		expect(res.status).toBe(400);
		const data = JSON.stringify(res.body.data);
		expect(data).toContain('file troppo grande (al massimo 5 MB)');
		expect(data).toContain('testo scritto con cura');
	});

	it('a CSV upload of 2 MB reaches the importer and is answered line by line', async () => {
		const rows = Array.from({ length: 40_000 }, (_, i) => `NON-MIO-${i};${DATE};1;;`).join('\r\n');
		const file = new File([`codice_indicatore;data;valore;motivazione;fonte\r\n${rows}\r\n`], 'misurazioni.csv', { type: 'text/csv' });
		expect(file.size).toBeGreaterThan(1024 * 1024);
		const res = await server.action('/da-aggiornare?/carica', { csv: file }, cookies['luigi.deangelis']);
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body.data)).toContain('misurazioni.csv:2');
	});

	it('a body over the server’s limit gets an Italian page, not an English one', async () => {
		const res = await fetch(`${server.url}/da-aggiornare?/carica`, {
			method: 'POST',
			body: new Uint8Array(65 * 1024 * 1024),
			headers: { origin: server.url, cookie: cookies['luigi.deangelis'], 'content-type': 'application/octet-stream' }
		});
		expect(res.status).toBe(413);
		const text = await res.text();
		expect(text).toContain('Invio troppo grande');
		expect(text).toContain('Nulla è stato salvato');
	});
});

describe('6. a draft is its owner’s until submitted', () => {
	it('the change log shows a draft’s save to its owner only', async () => {
		const { id, objectivePath } = luigisIndicator();
		const secret = 'BOZZA-RISERVATA-e7f3';
		const saved = await server.action('/da-aggiornare?/salva', { [`valore_${id}`]: '3', [`motivazione_${id}`]: secret, [`versione_${id}`]: String(versionOf(id)) }, cookies['luigi.deangelis']);
		expect(saved.body.type).toBe('success');
		expect(await page(objectivePath, cookies['luigi.deangelis'])).toContain(secret);
		for (const other of ['direzione', 'fabrizio.mechini', 'nucleo']) expect(await page(objectivePath, cookies[other])).not.toContain(secret);
	});

	it('once submitted, others see the submitted value but not the drafts before it', async () => {
		const { id, objectivePath } = luigisIndicator();
		const submitted = await server.action('/da-aggiornare?/invia', { [`valore_${id}`]: '4', [`motivazione_${id}`]: 'INVIATO-visibile', [`versione_${id}`]: String(versionOf(id)) }, cookies['luigi.deangelis']);
		expect(submitted.body.type).toBe('success');
		const seen = await page(objectivePath, cookies.direzione);
		expect(seen).toContain('INVIATO-visibile');
		expect(seen).not.toContain('BOZZA-RISERVATA-e7f3');
	});
});

describe('7. monitoring dates are real dates', () => {
	it.each([
		['apri', '2022-13-45'],
		['apri', '2022-02-31'],
		['valida', '2022-02-31'],
		['valida', '2022-11-30']
	])('%s %s is refused, and nothing is published', async (azione, data) => {
		const who = azione === 'valida' ? cookies.nucleo : cookies.direzione;
		const res = await server.action('/monitoraggio', { azione, data }, who);
		expect(res.status).toBe(400);
		expect(db.sqlite.prepare('SELECT count(*) FROM monitoring_period WHERE date = ?').pluck().get(data)).toBe(0);
		const [y, m, d] = data.split('-');
		expect(await (await fetch(`${server.url}/trasparenza`)).text()).not.toContain(`${d}/${m}/${y}`);
	});
});

describe('11. caches', () => {
	it('open data must be revalidated, and an unchanged file costs a 304', async () => {
		const first = await fetch(`${server.url}/trasparenza/2022/obiettivi.csv`);
		expect(first.headers.get('cache-control')).toBe('public, no-cache');
		const etag = first.headers.get('etag');
		expect(etag).toMatch(/^"[\w-]+"$/);
		const again = await fetch(`${server.url}/trasparenza/2022/obiettivi.csv`, { headers: { 'if-none-match': etag! } });
		expect(again.status).toBe(304);
	});

	it('a query string no page reads is not stored in the page cache', async () => {
		const timing = async (q: string) => (await fetch(`${server.url}/trasparenza/2022${q}`, { redirect: "manual" })).headers.get('server-timing') ?? '';
		expect(await timing('?riempi=1')).toContain('cache;desc="skip"');
		expect(await timing('?riempi=1')).toContain('cache;desc="skip"');
		await timing('');
		expect(await timing('')).toContain('cache;desc="hit"');
	});
});

// Last: it locks the test address out of signing in.
describe('1. sign-in throttle under concurrency', () => {
	it('40 concurrent wrong passwords and the right one among them: at most 5 are checked, the right one is refused', async () => {
		const attempt = (password: string) =>
			fetch(`${server.url}/accesso`, {
				method: 'POST',
				body: new URLSearchParams({ utente: 'nucleo', password }),
				headers: { origin: server.url, accept: 'text/html' },
				redirect: 'manual'
			});
		const passwords = Array.from({ length: 41 }, (_, i) => (i === 20 ? server.password('nucleo') : `sbagliata-${i}`));
		const answers = await Promise.all(passwords.map(attempt));
		const statuses = answers.map((r) => r.status);
		expect(statuses.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
		expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(36);
		expect(statuses[20]).not.toBe(303);
		expect(answers.some((r) => r.headers.getSetCookie().some((c) => c.startsWith('sessione=')))).toBe(false);
	});
});

describe('1b. an office signs in from one address', () => {
	it('ten colleagues signing in at the same moment from one address all get in', async () => {
		const own = await startServer();
		try {
			const usernames = [...own.output().matchAll(/^\s+(\S+)\s+.+password: \S+$/gm)].map((m) => m[1]);
			expect(usernames.length).toBeGreaterThanOrEqual(10);
			const answers = await Promise.all(
				usernames.slice(0, 10).map((u) =>
					fetch(`${own.url}/accesso`, { method: 'POST', body: new URLSearchParams({ utente: u, password: own.password(u) }), headers: { origin: own.url, accept: 'text/html' }, redirect: 'manual' })
				)
			);
			expect(answers.map((r) => r.status)).toEqual(Array(10).fill(303));
		} finally {
			await own.stop();
		}
	});
});

describe('5. disabling every account does not open the dashboard', () => {
	it('anonymous requests are still sent to sign in, on the running server and after a restart', async () => {
		const own = await startServer();
		try {
			const other = openDatabase(own.databasePath);
			expect(other.sqlite.prepare('UPDATE user SET disabled = 1').run().changes).toBeGreaterThan(5);
			await other.close();
			const anonymous = async (s: RunningServer) => (await fetch(`${s.url}/dirigenti/1`, { redirect: 'manual' })).status;
			expect(await anonymous(own)).toBe(303);
			await own.stop();
			const restarted = await startServer({ DATABASE_PATH: own.databasePath });
			try {
				expect(await anonymous(restarted)).toBe(303);
				const post = await fetch(`${restarted.url}/monitoraggio`, { method: 'POST', body: new URLSearchParams({ azione: 'apri', data: DATE }), headers: { origin: restarted.url } });
				expect(post.status).toBe(403);
			} finally {
				await restarted.stop();
			}
		} finally {
			await own.stop();
		}
	});
});

describe('6. names from the plan in the filter menus stay text', () => {
	it('a director and a public value named with markup are escaped in the overview’s menus, and the menu still selects them', async () => {
		const hostile = '</option></select><img src=x onerror="alert(1)">Rossi & Figli';
		const other = openDatabase(server.databasePath);
		const director = other.sqlite.prepare(`SELECT id, name FROM director WHERE name NOT IN ('Luigi De Angelis', 'Fabrizio Mechini') ORDER BY id LIMIT 1`).get() as { id: number; name: string };
		const value = other.sqlite.prepare('SELECT id, name FROM public_value ORDER BY id LIMIT 1').get() as { id: number; name: string };
		other.sqlite.prepare('UPDATE director SET name = ? WHERE id = ?').run(hostile, director.id);
		other.sqlite.prepare('UPDATE public_value SET name = ? WHERE id = ?').run(`${hostile} (vp)`, value.id);
		try {
			const html = await (await fetch(`${server.url}/?dirigente=${director.id}&vp=${value.id}`, { headers: { cookie: cookies.direzione } })).text();
			const escaped = '&lt;/option&gt;&lt;/select&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Rossi &amp; Figli';
			expect(html).toContain(`<option value="${director.id}" selected>${escaped}</option>`);
			expect(html).toContain(`<option value="${value.id}" selected>${escaped} (vp)</option>`);
			expect(html).not.toContain('<img src=x');
		} finally {
			other.sqlite.prepare('UPDATE director SET name = ? WHERE id = ?').run(director.name, director.id);
			other.sqlite.prepare('UPDATE public_value SET name = ? WHERE id = ?').run(value.name, value.id);
			await other.close();
		}
	});
});

describe('6b. the objective page’s timeline, inserted as server-rendered HTML, keeps plan text as text', () => {
	it('a phase description with markup is escaped in the timeline, its table and the planned-dates menu', async () => {
		const hostile = '</text></svg><img src=x onerror="alert(1)">Lavori & collaudo';
		const other = openDatabase(server.databasePath);
		const phase = other.sqlite
			.prepare("SELECT f.id, f.description, o.code FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = '2022-H1-OP-03' ORDER BY f.number LIMIT 1")
			.get() as { id: number; description: string; code: string };
		other.sqlite.prepare('UPDATE phase SET description = ? WHERE id = ?').run(hostile, phase.id);
		try {
			const html = await (await fetch(`${server.url}/obiettivi/2022/${phase.code}`, { headers: { cookie: cookies.direzione } })).text();
			expect(html).toMatch(/class="phase-timeline"/);
			expect(html).not.toContain('<img src=x');
			// Svelte escapes `<` and `&` in text (a `>` alone opens nothing).
			expect(html).toContain('&lt;/text>&lt;/svg>&lt;img src=x onerror=');
			// The router's copy of the timeline, inside the page's script, cannot close the script either.
			const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
			expect(scripts).not.toMatch(/<\/svg>|<img/i);
		} finally {
			other.sqlite.prepare('UPDATE phase SET description = ? WHERE id = ?').run(phase.description, phase.id);
			await other.close();
		}
	});
});
