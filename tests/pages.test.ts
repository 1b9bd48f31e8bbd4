/** The pages over HTTP and in a real Chromium, against the built server on the shipped plan. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot, seriousA11yViolations } from './support/browser';

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
	server = await startServer();
	cookie = await server.signIn('direzione');
});
/** A GET as the general direction, signed in. */
const get = (path: string) => fetch(server.url + path, { headers: { cookie } });
afterAll(async () => {
	await server?.stop();
});

describe('server over HTTP', () => {
	it('creates its database, imports the shipped plan and the example values on first start', () => {
		expect(server.output()).toContain('piano caricato da import/piao-2022, import/esempio-2022: 77 obiettivi, 227 misurazioni');
	});

	it('serves the overview with the body’s name from the data and the example banner', async () => {
		const res = await get('/');
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Provincia di Lucca');
		expect(html).toContain('Valori di esempio.');
		// All 77 objectives are listed, each linked by code.
		const codes = new Set(html.match(/\/obiettivi\/2022\/(2022-[A-Z]\d-OP-\d\d)/g));
		expect(codes.size).toBe(77);
	});

	it('answers 404 with a message for an unknown objective, director or year', async () => {
		const missing = await get('/obiettivi/2022/2022-Z9-OP-99');
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain('Obiettivo 2022-Z9-OP-99 non trovato nel piano 2022');
		expect((await get('/dirigenti/999')).status).toBe(404);
		expect((await get('/?anno=1999')).status).toBe(404);
		expect((await get('/?anno=abc')).status).toBe(400);
	});

	it.each(['/', '/report/schede', '/cerca?q=arredi'])('%s: renders its data on the server and serialises none of it for a client it does not have', async (p) => {
		const html = await (await get(p)).text();
		const title = 'Razionalizzazione e ammodernamento arredi scolastici';
		expect(html).toContain(title);
		// What SvelteKit would send to a client router navigating here: markers only, not the page's data.
		const [pathname, search = ''] = p.split('?');
		const res = await get(`${pathname === '/' ? '' : pathname}/__data.json?${search ? search + '&' : ''}x-sveltekit-invalidated=01`);
		expect(res.status).toBe(200);
		const json = await res.text();
		expect(json).toContain('ServerRenderedOnly');
		expect(json).not.toContain('arredi scolastici');
		expect(json.length).toBeLessThan(2000);
	});

	it('sends a Content-Security-Policy that forbids inline scripts', async () => {
		const res = await get('/');
		expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
	});
});

describe.runIf(hasChromium)('in Chromium', () => {
	let browser: Browser;
	const scripts = new Map<string, Set<string>>();
	async function open(path: string, name: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
		const context = await browser.newContext({ viewport });
		await context.addCookies([{ name: 'sessione', value: cookie.split('=')[1], url: server.url }]);
		const page = await context.newPage();
		const loaded = new Set<string>();
		page.on('response', (r) => {
			if (r.request().resourceType() === 'script') loaded.add(new URL(r.url()).pathname);
		});
		scripts.set(name, loaded);
		await page.goto(server.url + path);
		return page;
	}
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('overview: plan achievement, public values, directors, attention list; accessible', async () => {
		const page = await open('/', 'overview');
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Andamento del piano 2022');
		const headline = await page.locator('.headline').textContent();
		expect(headline).toMatch(/Raggiungimento complessivo\s*\d+,\d %/);
		expect(await page.locator('.cards > li').count()).toBe(6);
		expect(await page.getByRole('table', { name: /Raggiungimento per dirigente/ }).locator('tbody tr').count()).toBe(7);
		await expect(page.getByRole('heading', { name: /Indicatori senza target/ }).textContent()).resolves.toMatch(/\d+/);
		await screenshot(page, 'panoramica');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});

	it('a filter chosen in the form goes into the URL and narrows the view', async () => {
		const page = await open('/', 'filter');
		await page.getByRole('combobox', { name: 'Dirigente' }).selectOption({ label: 'Roberto Gerardi' });
		await page.getByRole('combobox', { name: 'Situazione al' }).selectOption('2022-06-30');
		await page.getByRole('button', { name: 'Applica' }).click();
		await page.waitForURL(/dirigente=\d+/);
		expect(page.url()).toContain('data=2022-06-30');
		const rows = page.getByRole('table', { name: /Raggiungimento per dirigente/ }).locator('tbody tr');
		expect(await rows.count()).toBe(1);
		await expect(rows.first().textContent()).resolves.toContain('Roberto Gerardi');
		await expect(page.locator('.lead').textContent()).resolves.toContain('30/06/2022');
		// The same URL opened afresh shows the same view.
		const again = await open(new URL(page.url()).pathname + new URL(page.url()).search, 'filter-again');
		expect(await again.getByRole('table', { name: /Raggiungimento per dirigente/ }).locator('tbody tr').count()).toBe(1);
		await page.close();
		await again.close();
	});

	it('a filtered overview names the whole plan’s figure beside its own, not its own again', async () => {
		const figure = (html: string) => /<p class="figure[^"]*"[^>]*>([^<]*)</.exec(html)?.[1];
		const plan = figure(await (await get('/')).text());
		expect(plan).toMatch(/^\d+,\d %$/);
		// Two directors whose own figures differ from the plan's: each page shows its own and the plan's.
		const seen = new Set<string>();
		for (const id of [2, 3]) {
			const html = await (await get(`/?dirigente=${id}`)).text();
			const own = figure(html)!;
			seen.add(own);
			expect(html).toContain(`Intero piano: ${plan}`);
		}
		expect(seen.size).toBe(2);
		expect(seen.has(plan!)).toBe(false);
	});

	it('the directors table sorts by achievement from its header, keyboard first', async () => {
		const page = await open('/', 'sort');
		const link = page.getByRole('link', { name: /^Raggiungimento/ });
		await link.focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(/ordina=raggiungimento/);
		const values = await page.locator('.directors tbody tr td.bar-cell .value').allTextContents();
		const numbers = values.map((v) => Number(v.replace(/[^\d,]/g, '').replace(',', '.')));
		expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
		await page.close();
	});

	it('director page: objectives by CdR, indicators and phases one click away', async () => {
		const page = await open('/', 'to-director');
		await page.getByRole('link', { name: 'Fabrizio Mechini' }).first().click();
		await page.waitForURL(/\/dirigenti\/\d+/);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Fabrizio Mechini');
		expect(await page.getByRole('heading', { level: 2, name: /^H1 Istituti di Istruzione Secondaria/ }).count()).toBe(1);
		const first = page.locator('details').filter({ hasText: '2022-H1-OP-03' });
		await first.locator('summary').click();
		await expect(first.getByText('€ 9.294.542,81').first().isVisible()).resolves.toBe(true);
		await screenshot(page, 'dirigente');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});

	it('public value page: its objectives across directors', async () => {
		const page = await open('/', 'to-value');
		await page.getByRole('link', { name: 'Benessere scolastico ed educativo' }).first().click();
		await page.waitForURL(/\/valori-pubblici\/\d+/);
		expect(await page.locator('.objective-list > li').count()).toBe(10);
		await screenshot(page, 'valore-pubblico');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});

	it('objective page: a chart per numeric indicator with its table, justifications shown; phases and total', async () => {
		const page = await open('/obiettivi/2022/2022-B7-OP-01', 'objective');
		const canvas = page.locator('canvas');
		expect(await canvas.count()).toBe(1);
		// The chart is one image named by its content in words; the canvas itself is hidden from screen readers.
		expect(await page.getByRole('img', { name: /22 schede al 31\/12\/2022/ }).count()).toBe(1);
		expect(await canvas.getAttribute('aria-hidden')).toBe('true');
		// Chart.js has drawn something: the canvas is no longer blank.
		await page.waitForFunction(() => {
			const c = document.querySelector('canvas')!;
			const ctx = c.getContext('2d')!;
			const d = ctx.getImageData(0, 0, c.width, c.height).data;
			for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
			return false;
		});
		// The legend is text under the canvas, each line drawn as on the chart (the target dashed).
		await expect(page.locator('figure.chart .legend li').allTextContents()).resolves.toEqual(['Valore rilevato', 'Target']);
		expect(await page.locator('figure.chart .legend li').nth(1).locator('line').getAttribute('stroke-dasharray')).toBe('8 5');
		const table = page.getByRole('table', { name: 'Valori rilevati (i dati del grafico)' });
		expect(await table.locator('tbody tr').count()).toBe(2);
		await expect(table.locator('tbody tr').nth(1).textContent()).resolves.toMatch(/31\/12\/2022\s*22 schede\s*26 schede\s*84,6 %/);
		expect(await table.textContent()).toMatch(/\S{10,}/);
		await screenshot(page, 'obiettivo');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();

		const works = await open('/obiettivi/2022/2022-H1-OP-03', 'objective-works');
		await expect(works.getByRole('table', { name: 'Cronoprogramma delle fasi 2022: i dati del grafico' }).locator('tfoot').textContent()).resolves.toContain('€ 54.157.616,01');
		expect(await works.locator('canvas').count()).toBe(0);
		await works.close();
	});

	it('pages without charts load no chart code', async () => {
		// Chart.js is recognised by a name its option defaults always carry, minified or not.
		const isChartCode = async (path: string) => (await (await get(path)).text()).includes('maintainAspectRatio');
		const chartChunks: string[] = [];
		for (const s of scripts.get('objective')!) if (await isChartCode(s)) chartChunks.push(s);
		expect(chartChunks.length).toBeGreaterThan(0);
		for (const name of ['overview', 'to-director', 'to-value', 'objective-works']) {
			const loaded = [...scripts.get(name)!].filter((s) => chartChunks.includes(s));
			expect(loaded, `${name} loads chart code`).toEqual([]);
		}
	});

	it('search from the header finds objectives, phases and indicators regardless of accents', async () => {
		const page = await open('/', 'search');
		await page.getByRole('searchbox', { name: /Cerca negli obiettivi/ }).fill('ATTIVITA');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/cerca\?q=ATTIVITA/);
		await expect(page.getByRole('status').textContent()).resolves.toMatch(/\d+ risultati per «ATTIVITA»/);
		expect(await page.locator('mark').first().textContent()).toMatch(/attività/i);
		await screenshot(page, 'ricerca');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});

	it('on a phone nothing scrolls sideways', async () => {
		for (const path of ['/', '/obiettivi/2022/2022-B7-OP-01', '/dirigenti/1']) {
			const page = await open(path, 'phone', { width: 390, height: 844 });
			expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
			if (path === '/') await screenshot(page, 'panoramica-telefono');
			await page.close();
		}
	});
});
