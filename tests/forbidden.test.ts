/**
 * The refusal page (403) over real HTTP against the built server, for several pages and roles: it says
 * in plain Italian what was asked, who may do it, whom to ask, and links back to the user's own page.
 * Never role codes («direzione, admin») or developer wording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
	server = await startServer();
	for (const u of ['luigi.deangelis', 'direzione', 'nucleo', 'admin']) cookies[u] = await server.signIn(u);
});
afterAll(async () => {
	await server?.stop();
});

/** The main content's words, as a reader sees them. */
async function refusal(path: string, who: string, init: RequestInit = {}): Promise<{ status: number; text: string; html: string }> {
	const res = await fetch(server.url + path, { ...init, headers: { cookie: cookies[who], accept: 'text/html', origin: server.url, ...(init.headers ?? {}) }, redirect: 'manual' });
	const html = await res.text();
	const main = /<main[\s\S]*?<\/main>/.exec(html)?.[0] ?? html;
	return { status: res.status, html: main, text: main.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').replace(/ ([.,])/g, '$1') };
}

describe('the 403 page says what, who may, whom to ask, and the way home', () => {
	const cases: Array<{ path: string; who: string; asked: string; rule: string; home: [string, string] }> = [
		{ path: '/da-aggiornare', who: 'direzione', asked: 'Valori da aggiornare', rule: 'Questa funzione è riservata ai dirigenti.', home: ['/monitoraggio', 'Date di monitoraggio'] },
		{ path: '/il-mio-lavoro', who: 'nucleo', asked: 'Il mio lavoro', rule: 'Questa funzione è riservata ai dirigenti.', home: ['/monitoraggio', 'Date di monitoraggio'] },
		{ path: '/revisione', who: 'luigi.deangelis', asked: 'Revisione dei valori inviati', rule: 'La revisione dei valori inviati spetta alla Direzione generale.', home: ['/il-mio-lavoro', 'Il mio lavoro'] },
		{ path: '/utenti', who: 'luigi.deangelis', asked: 'Account', rule: 'La gestione degli account spetta all’amministratore.', home: ['/il-mio-lavoro', 'Il mio lavoro'] },
		{ path: '/esempi', who: 'nucleo', asked: 'Valori di esempio', rule: 'Togliere i valori di esempio spetta all’amministratore.', home: ['/monitoraggio', 'Date di monitoraggio'] },
	];
	for (const c of cases) {
		it(`${c.path} for ${c.who}`, async () => {
			const r = await refusal(c.path, c.who);
			expect(r.status).toBe(403);
			expect(r.text).toContain('Accesso non consentito');
			expect(r.text).toContain(`Hai chiesto: ${c.asked}.`);
			expect(r.text).toContain(c.rule);
			expect(r.text).toContain('chiedi all’amministratore del cruscotto di rivedere il ruolo del tuo account');
			expect(r.html).toContain(`<a href="${c.home[0]}">Torna alla tua pagina: ${c.home[1]}</a>`);
			expect(r.text).not.toMatch(/Operazione riservata a:|dirigente, |direzione, admin|\bnucleo\b/);
		});
	}

	it('a download refused (not a page) says the same in plain Italian, with the way back', async () => {
		const r = await refusal('/da-aggiornare/modello.csv', 'nucleo');
		expect(r.status).toBe(403);
		expect(r.text).toContain('Questa funzione è riservata ai dirigenti.');
		expect(r.text).toContain('chiedi all’amministratore del cruscotto di rivedere il ruolo del tuo account');
		expect(r.html).toContain('<a href="/il-mio-lavoro">Il mio lavoro</a> (dirigenti)');
		expect(r.html).toContain('<a href="/monitoraggio">Date di monitoraggio</a>');
	});

	it('a director’s own name and role are said; the board and the direction by their role only', async () => {
		expect((await refusal('/revisione', 'luigi.deangelis')).text).toContain('Sei entrato come Luigi De Angelis (Dirigente).');
		expect((await refusal('/utenti', 'nucleo')).text).toContain('Sei entrato come Nucleo di valutazione.');
	});

	it('an action refused to a role (the board changing a target) names who may, with both roles', async () => {
		const body = new URLSearchParams({ indicatore: '1', target: '5', motivazione: 'prova' });
		const r = await refusal('/obiettivi/2022/2022-B7-OP-01?/target', 'nucleo', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(r.status).toBe(403);
		expect(r.text).toContain('Questa funzione è riservata alla Direzione generale e all’amministratore.');
	});

	it('the administrator, refused a director’s page, is told where roles are changed', async () => {
		const r = await refusal('/da-aggiornare', 'admin');
		expect(r.status).toBe(403);
		expect(r.text).toContain('Il ruolo di un account si cambia dalla pagina «Account».');
		expect(r.html).toContain('<a href="/monitoraggio">Torna alla tua pagina: Date di monitoraggio</a>');
	});
});
