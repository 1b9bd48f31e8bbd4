/** The pages in a real Chromium against the built server, on the shipped plan. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from './support/server';
import { hasChromium, launchBrowser, screenshot, seriousA11yViolations } from './support/browser';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

describe('server over HTTP', () => {
	it('creates its database, imports the shipped plan on first start and says so', () => {
		expect(server.output()).toContain('piano caricato da import/piao-2022: 77 obiettivi');
	});

	it('serves the home page with every objective and the body’s name from the data', async () => {
		const res = await fetch(`${server.url}/`);
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).toContain('Provincia di Lucca');
		expect(html.match(/href="\/obiettivi\/2022\/2022-[A-Z]\d-OP-\d\d"/g)?.length).toBe(77 * 2);
	});

	it('answers 404 with a message for an unknown objective or year', async () => {
		const missing = await fetch(`${server.url}/obiettivi/2022/2022-Z9-OP-99`);
		expect(missing.status).toBe(404);
		expect(await missing.text()).toContain('Obiettivo 2022-Z9-OP-99 non trovato nel piano 2022');
		expect((await fetch(`${server.url}/?anno=1999`)).status).toBe(404);
		expect((await fetch(`${server.url}/?anno=abc`)).status).toBe(400);
	});

	it('sends a Content-Security-Policy that forbids inline scripts from data', async () => {
		const res = await fetch(`${server.url}/`);
		expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
	});
});

describe.runIf(hasChromium)('in Chromium', () => {
	let browser: Browser;
	let page: Page;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('home page: objectives grouped by public value, with counts, accessible', async () => {
		page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${server.url}/`);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('PIAO 2022-2024 – Piano integrato di attività e organizzazione');
		const sections = page.getByRole('heading', { level: 2 });
		const texts = (await sections.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
		expect(texts).toContain('Benessere scolastico ed educativo 10 obiettivi');
		expect(texts).toContain('Public governance 14 obiettivi');
		expect(await page.getByRole('table').count()).toBe(6);
		await screenshot(page, 'home');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});

	it('objective page: reached by keyboard-focusable link, shows phases with amounts and their total', async () => {
		page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		await page.goto(`${server.url}/`);
		await page.getByRole('link', { name: 'Innovare e semplificare per la realizzazione di istituti scolastici sicuri e funzionali.' }).first().click();
		await page.waitForURL(/\/obiettivi\/2022\/2022-H1-OP-03$/);
		await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Innovare e semplificare');
		const phases = page.getByRole('table', { name: 'Fasi dell’obiettivo 2022-H1-OP-03' });
		expect(await phases.getByRole('row').count()).toBe(1 + 10 + 1);
		await expect(phases.locator('tbody tr').first().textContent()).resolves.toContain('€ 9.294.542,81');
		await expect(phases.locator('tfoot').textContent()).resolves.toContain('€ 54.157.616,01');
		const indicators = page.getByRole('table', { name: 'Indicatori dell’obiettivo 2022-H1-OP-03' });
		expect(await indicators.locator('tbody tr').count()).toBeGreaterThan(0);
		await screenshot(page, 'obiettivo');
		expect(await seriousA11yViolations(page)).toEqual([]);
		await page.close();
	});

	it('on a phone the objective tables become readable cards', async () => {
		page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
		await page.goto(`${server.url}/obiettivi/2022/2022-B7-OP-01`);
		const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(scrollWidth).toBeLessThanOrEqual(390);
		await screenshot(page, 'obiettivo-telefono');
		await page.close();
	});
});
