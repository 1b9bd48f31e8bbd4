/**
 * The objective page sends the phases timeline as HTML drawn on the server, not as a component to
 * hydrate (src/lib/phases/timeline-html.ts), to stay within the 100 kB JavaScript budget for
 * pages with charts. What that must keep, through the built server and a real Chromium:
 * - the budget itself, measured as the benchmark measures it (what the page's HTML and headers name,
 *   plus the chart code it imports later), and the timeline component's code not among it;
 * - the timeline's styles, which now come from a plain stylesheet: on screen the paper drawing is
 *   hidden and the chart scrolls in its box; in print the paper drawing replaces the screen's;
 * - moving from one objective to another inside the app (the router renders the next page in the
 *   browser, from its data): the next objective's own timeline, not the first one's or none.
 */
import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weightOf } from '../bench/lib/weight';
import { GOALS } from '../bench/lib/report';
import { hasChromium, launchBrowser, screenshot } from './support/browser';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let cookie: string;
beforeAll(async () => {
	server = await startServer();
	cookie = await server.signIn('nucleo');
});
afterAll(async () => {
	await server?.stop();
});

const FIRST = '2022-H1-OP-03'; // 10 phases in the shipped plan
const NEXT = '2022-H1-OP-04'; // 11 phases

describe('the objective page’s JavaScript', () => {
	it('stays within the budget for pages with charts, without the timeline’s component code', async () => {
		const res = await fetch(`${server.url}/obiettivi/2022/${FIRST}`, { headers: { cookie } });
		const html = await res.text();
		expect(res.status).toBe(200);
		expect(html).toMatch(/<svg[^>]*class="gantt"/);
		const weight = weightOf(html, res.headers.get('link'));
		expect(weight.dynamicJs).toBeGreaterThan(0); // the chart code is counted too
		expect(weight.js).toBeLessThanOrEqual(GOALS.jsWithCharts);
		// The timeline's code has a constant of its own (the print dimensions): no chunk the page loads has it.
		const chunks = weight.files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(`build/client/${f}`, 'utf8'));
		expect(chunks.some((c) => c.includes('labelWidth:170'))).toBe(false);
		expect(fs.readdirSync('build/client/_app/immutable/chunks').some((f) => fs.readFileSync(`build/client/_app/immutable/chunks/${f}`, 'utf8').includes('labelWidth:170'))).toBe(true);
	});
});

describe('the timeline in the page’s data', () => {
	it('is not sent again in the first render’s data, and is sent when the browser asks for the data', async () => {
		const html = await (await fetch(`${server.url}/obiettivi/2022/${FIRST}`, { headers: { cookie } })).text();
		const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
		expect(script).toContain('phaseTimeline:app.decode(\'ServerRenderedHtml\', [])');
		expect(script).not.toContain('cronoprogramma-summary');
		expect(html.match(/id="cronoprogramma-summary"/g)).toHaveLength(1); // in the page, once
		// As the router and use:enhance ask for it: the HTML itself.
		const data = await (await fetch(`${server.url}/obiettivi/2022/${FIRST}/__data.json`, { headers: { cookie } })).text();
		expect(data).toContain('cronoprogramma-summary');
		expect(data).not.toContain('ServerRenderedHtml');
	});
});

describe.runIf(hasChromium)('the timeline as server HTML, in Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('keeps its styles on screen and in print, and follows the router to the next objective', async () => {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: server.url }]);
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
		await page.goto(`${server.url}/obiettivi/2022/${FIRST}`);
		await page.waitForLoadState('networkidle'); // hydrated: the router follows links from here on

		const look = () =>
			page.evaluate(() => {
				const one = (s: string) => document.querySelector(s) as HTMLElement | SVGElement | null;
				const region = one('.phase-timeline .scroll-region') as HTMLElement;
				return {
					screen: getComputedStyle(one('.phase-timeline .gantt')!).display,
					paper: getComputedStyle(one('.phase-timeline .gantt-paper')!).display,
					overflow: getComputedStyle(region).overflowX,
					// A phone is narrower than the chart's least width: the box scrolls, the page does not.
					scrolls: region.scrollWidth > region.clientWidth,
					pageScrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
					summary: one('#cronoprogramma-summary')?.textContent ?? ''
				};
			});
		const first = await look();
		expect(first).toMatchObject({ screen: 'block', paper: 'none', overflow: 'auto', scrolls: true, pageScrolls: false });
		expect(first.summary).toMatch(/^10 fasi /);
		await screenshot(page, 'objective-timeline-phone');

		await page.emulateMedia({ media: 'print' });
		expect(await page.evaluate(() => getComputedStyle(document.querySelector('.phase-timeline .gantt-paper')!).display)).toBe('block');
		expect(await page.evaluate(() => getComputedStyle(document.querySelector('.phase-timeline .screen-chart')!).display)).toBe('none');
		await page.emulateMedia({ media: 'screen' });

		// A link clicked inside the hydrated page is followed by the router, without loading a document.
		await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
		await page.evaluate((href) => {
			const a = document.createElement('a');
			a.href = href;
			a.id = 'next-objective';
			a.textContent = 'avanti';
			document.querySelector('main')!.prepend(a);
		}, `/obiettivi/2022/${NEXT}`);
		await page.click('#next-objective');
		await page.waitForURL(`**/obiettivi/2022/${NEXT}`);
		await page.waitForFunction(() => /^11 fasi /.test(document.querySelector('#cronoprogramma-summary')?.textContent ?? ''), null, { timeout: 5000 });
		expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
		expect(await page.locator('.phase-timeline').count()).toBe(1);
		expect((await look()).paper).toBe('none');
		expect(errors).toEqual([]);
		await context.close();
	});

	it('keeps the server’s timeline when it hydrates, and shows the new one after the planned dates are saved', async () => {
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		const [name, value] = (await server.signIn('direzione')).split('=');
		await context.addCookies([{ name, value, url: server.url }]);
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(m.text()));
		await page.goto(`${server.url}/obiettivi/2022/${FIRST}`);
		await page.waitForLoadState('networkidle');
		const planned = () => page.evaluate(() => document.querySelector('.phase-timeline table.phases tbody td[data-label="Prevista"]')?.textContent);
		expect(await planned()).toMatch(/^\d\d\/\d\d\/2022 – \d\d\/\d\d\/2022$/);
		expect(await planned()).not.toBe('03/02/2022 – 29/06/2022');
		expect(await page.locator('.phase-timeline').count()).toBe(1);
		expect(await page.evaluate(() => document.body.innerHTML.includes('reso dal server'))).toBe(false);

		await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
		await page.getByText('Modificare le date previste di una fase').click();
		const form = page.locator('form[action="?/date_fase"]');
		await form.locator('select[name="fase"]').selectOption({ index: 0 });
		await form.getByLabel('Inizio previsto').fill('2022-02-03');
		await form.getByLabel('Fine prevista').fill('2022-06-29');
		await form.getByRole('button', { name: 'Salva le date' }).click();
		await page.getByText('Date previste della fase aggiornate.').waitFor({ timeout: 5000 });
		// Sent with use:enhance: the same document, and the timeline drawn again from the new data.
		await page.waitForFunction(
			() => document.querySelector('.phase-timeline table.phases tbody td[data-label="Prevista"]')?.textContent === '03/02/2022 – 29/06/2022',
			null,
			{ timeout: 5000 }
		);
		expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
		expect(await page.locator('.phase-timeline').count()).toBe(1);
		expect(await page.evaluate(() => document.body.innerHTML.includes('reso dal server'))).toBe(false);
		expect(errors).toEqual([]);
		await context.close();
	});
});
