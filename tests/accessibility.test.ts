/**
 * WCAG 2.1 AA, measured: axe-core with the A/AA rules and the best practices, every impact, on every page
 * type, signed out and as each role, at desktop (1366 px) and phone (390 px) width, including the pages
 * after a refused save and a refused upload; and reflow at 320 px (nothing wider than the viewport).
 * One server and one browser for the whole file; each page is loaded once and measured at the three widths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { createUser } from '../src/lib/server/auth/users.repository';
import { startServer, type RunningServer } from './support/server';
import { a11yViolations, hasChromium, launchBrowser, screenshot, type A11yViolation } from './support/browser';

/** Rules judged false positives here, each with the reason. Empty: none is switched off. */
const FALSE_POSITIVES: Record<string, string> = {};

const DATE = '2022-09-30';
let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};

/** Signs in with a known password through the real form (for the account this test creates). */
async function signInWith(username: string, password: string): Promise<string> {
	const res = await fetch(`${server.url}/accesso`, { method: 'POST', body: new URLSearchParams({ utente: username, password }), headers: { origin: server.url, accept: 'text/html' }, redirect: 'manual' });
	const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sessione='));
	if (res.status !== 303 || !cookie) throw new Error(`accesso di ${username} non riuscito (${res.status})`);
	return cookie.split(';')[0];
}

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['luigi.deangelis', 'direzione', 'nucleo']) cookies[u] = await server.signIn(u);
	const password = 'una-password-lunga-di-prova';
	await createUser(db, { username: 'amministratore', displayName: 'Amministratore', role: 'admin', password }, { userId: null, name: 'test' });
	cookies['amministratore'] = await signInWith('amministratore', password);
	// An open date with one submitted value: the review queue and the director's table both have content.
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
	const yesNo = db.sqlite
		.prepare(
			`SELECT i.id FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = 'Luigi De Angelis' AND i.type = 'si_no' ORDER BY o.position, i.position`
		)
		.pluck()
		.get() as number;
	const sent = await server.action('/da-aggiornare?/invia', { [`valore_${yesNo}`]: 'si', [`versione_${yesNo}`]: '0' }, cookies['luigi.deangelis']);
	expect(sent.body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

interface PageState {
	name: string;
	path: string;
	/** Brings the page into the state to measure (a refused save, a refused upload). */
	act?: (page: Page) => Promise<void>;
}

const REPORTS = ['schede', 'scostamenti', 'sintesi', 'qualita', 'relazione'];
const SIGNED_IN: PageState[] = [
	{ name: 'andamento', path: '/' },
	{ name: 'dirigente', path: '/dirigenti/1' },
	{ name: 'obiettivo con grafico', path: '/obiettivi/2022/2022-B7-OP-01' },
	{ name: 'obiettivo con fasi', path: '/obiettivi/2022/2022-H1-OP-03' },
	{ name: 'valore pubblico', path: '/valori-pubblici/1' },
	{ name: 'date di monitoraggio', path: '/monitoraggio' },
	{ name: 'report', path: '/report' },
	// One director's part of each report: the same page type as the whole plan's, at a sixth of axe's time.
	...REPORTS.map((k) => ({ name: `report ${k}`, path: `/report/${k}?dirigente=1` })),
	{ name: 'ricerca', path: '/cerca?q=scuola' },
	{ name: 'ricerca vuota', path: '/cerca' },
	{ name: 'trasparenza', path: '/trasparenza/2022' },
	{ name: 'pagina non trovata', path: '/obiettivi/2022/2022-Z9-OP-99' }
];

/** A measurements file as Excel writes it in Italy, with a value that is not a number on line 3. */
function badCsv(): Buffer {
	const text = 'codice_indicatore;data;valore;motivazione\r\n2022-B7-OP-01-I01;30/09/2022;12;Censimento in corso\r\n2022-B7-OP-02-I01;30/09/2022;dodici;Verifica più lunga\r\n';
	return Buffer.from(text, 'latin1');
}

const ROLES: Record<string, PageState[]> = {
	anonimo: [
		{ name: 'accesso', path: '/accesso' },
		{
			name: 'accesso rifiutato',
			path: '/accesso',
			act: async (page) => {
				await page.getByLabel('Nome utente').fill('nucleo');
				await page.getByLabel('Password').fill('sbagliata-davvero');
				await page.getByRole('button', { name: 'Entra' }).click();
				await page.getByText('Nome utente o password non corretti').first().waitFor();
			}
		},
		{ name: 'trasparenza', path: '/trasparenza/2022' },
		{ name: 'regole dell’anno', path: '/trasparenza/2022/regole' },
		{ name: 'anno non trovato', path: '/trasparenza/1999' }
	],
	'luigi.deangelis': [
		...SIGNED_IN,
		{ name: 'da aggiornare', path: '/da-aggiornare' },
		{
			name: 'salvataggio rifiutato',
			path: '/da-aggiornare',
			act: async (page) => {
				const census = page.getByRole('row').filter({ hasText: '2022-B7-OP-01-I01' });
				await census.getByRole('textbox', { name: /Numero di istituti censiti/ }).fill('20');
				await page.getByRole('button', { name: 'Invia alla Direzione' }).click();
				await page.getByText('la motivazione dello scostamento è obbligatoria').first().waitFor();
			}
		},
		{
			name: 'caricamento rifiutato',
			path: '/da-aggiornare',
			act: async (page) => {
				await page.getByLabel('File CSV o Excel', { exact: true }).setInputFiles({ name: 'misurazioni.csv', mimeType: 'text/csv', buffer: badCsv() });
				await page.getByRole('button', { name: 'Carica', exact: true }).click();
				await page.getByText('misurazioni.csv:3').first().waitFor();
			}
		},
		{ name: 'il mio lavoro', path: '/il-mio-lavoro' },
		{ name: 'vietato', path: '/revisione' }
	],
	direzione: [...SIGNED_IN, { name: 'revisione', path: '/revisione' }],
	nucleo: [...SIGNED_IN, { name: 'vietato', path: '/da-aggiornare' }],
	amministratore: [
		...SIGNED_IN,
		{ name: 'revisione', path: '/revisione' },
		{ name: 'account', path: '/utenti' },
		{ name: 'valori di esempio', path: '/esempi' },
		{ name: 'regole', path: '/regole/2022' },
		{
			name: 'anteprima delle regole',
			path: '/regole/2022',
			act: async (page) => {
				const field = page.getByLabel('Testo delle regole');
				await field.fill((await field.inputValue()).replace('in linea da: 90 %', 'in linea da: 80 %').replace('tetto: 100 %', 'tetto: 90 %'));
				await page.getByLabel(/Motivo della modifica/).fill('prova');
				await page.getByRole('button', { name: 'Vedi che cosa cambia' }).click();
				await page.getByText('nulla è stato salvato').waitFor();
				await field.fill((await field.inputValue()).replace('tetto: 90 %', 'tetto: 100 %'));
				await page.getByRole('button', { name: 'Vedi che cosa cambia' }).click();
				await page.getByText(/cambiano? stato su/).waitFor();
			}
		}
	]
};

/** Waits for the layout to follow a resize (Chart.js redraws its canvas on the next frames). */
async function settled(page: Page): Promise<void> {
	await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
}

/**
 * The page's width when it is wider than the viewport, with the outermost elements that stick out (and
 * are not inside a scroll container of their own), to say where to look; null when it fits.
 */
async function overflowAt320(page: Page): Promise<{ width: number; culprits: string[] } | null> {
	return page.evaluate(() => {
		const width = document.documentElement.scrollWidth;
		if (width <= window.innerWidth) return null;
		const culprits: string[] = [];
		const scrolls = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
		for (const el of document.body.querySelectorAll('*')) {
			if (el.getBoundingClientRect().right <= window.innerWidth + 0.5) continue;
			let inner = false;
			for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a) || a.getBoundingClientRect().right > window.innerWidth + 0.5) inner = true;
			if (!inner && culprits.length < 5) culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} (${Math.round(el.getBoundingClientRect().right)} px)`);
		}
		return { width, culprits };
	});
}

describe.runIf(hasChromium)('accessibility in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it.each(Object.keys(ROLES))('as %s: no axe violation at 1366 and 390 px, nothing wider than the viewport at 320 px', async (role) => {
		const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		if (cookies[role]) await context.addCookies([{ name: 'sessione', value: cookies[role].split('=')[1], url: server.url }]);
		const page = await context.newPage();
		const violations: Record<string, A11yViolation[]> = {};
		const tooWide: Record<string, { width: number; culprits: string[] }> = {};
		for (const state of ROLES[role]) {
			await page.setViewportSize({ width: 1366, height: 900 });
			await page.goto(server.url + state.path);
			// Only a page driven by the test needs its JavaScript running; the others are measured as served.
			if (state.act) {
				await page.waitForLoadState('networkidle');
				await state.act(page);
			}
			for (const width of [1366, 390]) {
				await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
				await settled(page);
				const found = await a11yViolations(page, FALSE_POSITIVES);
				if (found.length > 0) violations[`${state.name} @${width}`] = found;
				// Every page type on a phone, to be looked at (test-results/screenshots/).
				if (width === 390) await screenshot(page, `telefono-${role}-${state.name.replace(/\s+/g, '-')}-390`);
			}
			await page.setViewportSize({ width: 320, height: 640 });
			await settled(page);
			const wide = await overflowAt320(page);
			if (wide) tooWide[state.name] = wide;
			if (state.act) await screenshot(page, `a11y-${role}-${state.name.replace(/\s+/g, '-')}-320`);
		}
		await context.close();
		expect.soft(violations).toEqual({});
		expect.soft(tooWide).toEqual({});
	}, 600_000);
});

interface RingProblem {
	element: string;
	problem: string;
}

/**
 * Focuses every visible control of the page in turn (after one real Tab, so that Chromium shows the
 * keyboard focus ring for script focus too) and measures the ring: an outline at least 2 px wide whose
 * colour has at least 3:1 contrast (WCAG 2.1 relative luminance) with the background painted at the
 * ring's place on each side, found with elementsFromPoint (so a box positioned over the dark header is
 * measured against the header, not against its parent in the DOM). Answers the failures and how many
 * controls were measured.
 */
async function focusRingProblems(page: Page): Promise<{ measured: number; backgrounds: string[]; problems: RingProblem[] }> {
	await page.keyboard.press('Tab');
	return page.evaluate(() => {
		const parse = (c: string) => {
			const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
			return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
		};
		const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
			const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
			return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
		};
		const contrast = (x: { r: number; g: number; b: number }, y: { r: number; g: number; b: number }) => {
			const [hi, lo] = [luminance(x), luminance(y)].sort((a, b) => b - a);
			return (hi + 0.05) / (lo + 0.05);
		};
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''} «${(el.textContent ?? '').trim().slice(0, 30)}»`;
		/** The opaque background painted at a point, skipping the focused control itself. */
		const backgroundAt = (x: number, y: number, self: Element) => {
			for (const el of document.elementsFromPoint(x, y)) {
				if (self.contains(el)) continue;
				const c = parse(getComputedStyle(el).backgroundColor);
				if (c && c.a >= 0.5) return c;
			}
			return { r: 255, g: 255, b: 255, a: 1 }; // the canvas: the page's white
		};
		const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]')].filter(
			// <main> takes focus only as the skip link's target: it is not a control and shows no ring.
			(el) => el.tagName !== 'MAIN' && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
		);
		const problems: Array<{ element: string; problem: string }> = [];
		const backgrounds = new Set<string>();
		let measured = 0;
		for (const el of controls) {
			el.focus();
			if (document.activeElement !== el) continue;
			measured++;
			const style = getComputedStyle(el);
			const width = parseFloat(style.outlineWidth);
			if (!el.matches(':focus-visible') || style.outlineStyle === 'none' || width < 2) {
				problems.push({ element: name(el), problem: `nessun anello di focus visibile (${style.outlineStyle} ${style.outlineWidth})` });
				continue;
			}
			const ring = parse(style.outlineColor)!;
			const r = el.getBoundingClientRect();
			const d = parseFloat(style.outlineOffset) + width / 2;
			const sides = [
				[r.left - d, r.top + r.height / 2],
				[r.right + d, r.top + r.height / 2],
				[r.left + r.width / 2, r.top - d],
				[r.left + r.width / 2, r.bottom + d]
			].filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
			for (const [x, y] of sides) {
				const bg = backgroundAt(x, y, el);
				backgrounds.add(`rgb(${bg.r}, ${bg.g}, ${bg.b})`);
				const ratio = contrast(ring, bg);
				if (ratio < 3) {
					problems.push({ element: name(el), problem: `anello ${style.outlineColor} su rgb(${bg.r}, ${bg.g}, ${bg.b}): ${ratio.toFixed(2)}:1` });
					break;
				}
			}
		}
		return { measured, backgrounds: [...backgrounds], problems };
	});
}

describe.runIf(hasChromium)('focus in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('the focus ring has at least 3:1 contrast against every background it appears on', async () => {
		const visits: Array<{ role: string; state: PageState }> = [
			{ role: 'anonimo', state: ROLES.anonimo[1] },
			{ role: 'anonimo', state: ROLES.anonimo[2] },
			{ role: 'luigi.deangelis', state: ROLES['luigi.deangelis'].find((s) => s.name === 'salvataggio rifiutato')! },
			{ role: 'luigi.deangelis', state: ROLES['luigi.deangelis'].find((s) => s.name === 'caricamento rifiutato')! },
			...['andamento', 'obiettivo con grafico', 'date di monitoraggio', 'report sintesi', 'ricerca'].map((n) => ({ role: 'direzione', state: SIGNED_IN.find((s) => s.name === n)! })),
			{ role: 'direzione', state: ROLES.direzione.find((s) => s.name === 'revisione')! }
		];
		const problems: Record<string, RingProblem[]> = {};
		const backgrounds = new Set<string>();
		let measured = 0;
		for (const { role, state } of visits) {
			const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
			if (cookies[role]) await context.addCookies([{ name: 'sessione', value: cookies[role].split('=')[1], url: server.url }]);
			const page = await context.newPage();
			await page.goto(server.url + state.path);
			await page.waitForLoadState('networkidle');
			if (state.act) await state.act(page);
			const found = await focusRingProblems(page);
			measured += found.measured;
			for (const b of found.backgrounds) backgrounds.add(b);
			if (found.problems.length > 0) problems[`${role}: ${state.name}`] = found.problems.slice(0, 5);
			await context.close();
		}
		expect(problems).toEqual({});
		// The measure covered many controls, on the light page and on the dark header at least.
		expect(measured).toBeGreaterThan(300);
		expect(backgrounds).toContain('rgb(255, 255, 255)');
		expect(backgrounds).toContain('rgb(0, 102, 204)');
		expect(backgrounds).toContain('rgb(0, 51, 102)');
	}, 300_000);

	/** Presses Tab until the focused element matches, as a keyboard user would; fails after `limit` presses. */
	async function tabTo(page: Page, selector: string, limit = 60): Promise<number> {
		for (let n = 1; n <= limit; n++) {
			await page.keyboard.press('Tab');
			if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return n;
		}
		throw new Error(`${selector} non raggiunto con ${limit} pressioni di Tab`);
	}
	const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);

	it('by keyboard alone: sign in, enter a wrong value, land on the error summary, follow it to the field, fix, save', async () => {
		const census = db.sqlite.prepare("SELECT id FROM indicator WHERE code = '2022-B7-OP-02-I01'").pluck().get() as number;
		const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		const page = await context.newPage();
		await page.goto(`${server.url}/da-aggiornare`);
		await page.waitForURL(/\/accesso/);

		// A wrong password first: the page (no JavaScript) reloads with focus on the error, which links to the field.
		await tabTo(page, '#utente');
		await page.keyboard.type('luigi.deangelis');
		await page.keyboard.press('Tab');
		await page.keyboard.type('non-e-questa');
		await page.keyboard.press('Enter');
		await page.getByText('Nome utente o password non corretti').waitFor();
		expect(await focused(page)).toBe('errore-accesso');
		expect(await page.title()).toMatch(/^Errore: Accesso/);
		expect(await page.locator('#utente').getAttribute('aria-invalid')).toBe('true');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#utente');
		await page.keyboard.press('Enter');
		expect(await focused(page)).toBe('utente');
		await page.keyboard.press('Tab');
		await page.keyboard.type(server.password('luigi.deangelis'));
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/da-aggiornare/);
		await page.waitForLoadState('networkidle');

		// A value that is not a number, submitted with Enter.
		const presses = await tabTo(page, `#valore-${census}`);
		expect(presses).toBeLessThan(30);
		await page.keyboard.type('dodici');
		await page.keyboard.press('Enter');
		await page.locator('#riepilogo-errori').waitFor();
		await expect.poll(() => focused(page)).toBe('riepilogo-errori');
		expect(await page.title()).toMatch(/^Errore: Da aggiornare/);
		// The summary is in view, not 8,000 px down the page.
		const top = await page.locator('#riepilogo-errori').evaluate((el) => el.getBoundingClientRect().top);
		expect(top).toBeGreaterThanOrEqual(0);
		expect(top).toBeLessThan(900);
		const field = page.locator(`#valore-${census}`);
		expect(await field.getAttribute('aria-invalid')).toBe('true');
		expect(await field.getAttribute('aria-describedby')).toBe(`err-${census}`);
		// Fields without a problem point at no description and are not marked invalid.
		expect(await page.locator('[aria-describedby^="err-"]').evaluateAll((els) => els.every((el) => document.getElementById(el.getAttribute('aria-describedby')!)))).toBe(true);

		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(`#valore-${census}`);
		expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('2022-B7-OP-02-I01');
		await page.keyboard.press('Enter');
		expect(await focused(page)).toBe(`valore-${census}`);
		expect(await field.inputValue()).toBe('dodici');
		await page.keyboard.press('Control+A');
		await page.keyboard.type('12');
		await page.keyboard.press('Enter');
		await page.getByText(/Salvat[oi] in bozza/).waitFor();
		expect(await page.locator('#riepilogo-errori').count()).toBe(0);
		expect(await field.getAttribute('aria-invalid')).toBeNull();
		const saved = db.sqlite.prepare('SELECT value, state FROM measurement WHERE indicator_id = ? AND date = ?').get(census, DATE);
		expect(saved).toEqual({ value: 12, state: 'bozza' });
		await context.close();
	}, 120_000);

	it('the sticky Save/Submit bar never covers the control that has focus (1366 × 900, every tab stop)', async () => {
		const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
		await context.addCookies([{ name: 'sessione', value: cookies['luigi.deangelis'].split('=')[1], url: server.url }]);
		const page = await context.newPage();
		await page.goto(`${server.url}/da-aggiornare`);
		await page.waitForLoadState('networkidle');
		const covered: string[] = [];
		let stops = 0;
		for (let n = 0; n < 600; n++) {
			await page.keyboard.press('Tab');
			const hidden = await page.evaluate(() => {
				const el = document.activeElement as HTMLElement | null;
				const bar = document.querySelector('.sticky-actions');
				if (!el || el === document.body || !bar || bar.contains(el)) return el === document.body ? 'fine' : null;
				const r = el.getBoundingClientRect();
				const b = bar.getBoundingClientRect();
				const overlap = Math.max(0, Math.min(r.bottom, b.bottom) - Math.max(r.top, b.top));
				return overlap > 0 ? `${el.getAttribute('name') ?? el.id ?? el.tagName}: ${Math.round((overlap / r.height) * 100)} % coperto` : null;
			});
			if (hidden === 'fine') break;
			stops++;
			if (hidden) covered.push(hidden);
			if ((await page.evaluate(() => document.activeElement?.closest('.upload') !== null))) break;
		}
		expect(stops).toBeGreaterThan(100);
		expect(covered).toEqual([]);
		await context.close();
	}, 120_000);
});
