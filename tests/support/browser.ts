/** Debian's Chromium driven by playwright-core: no browser download, flags that suit a closed network.
 * Playwright gives every launch a fresh, temporary profile. */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
			// Containers give /dev/shm little room; big PDFs would crash the renderer.
			'--disable-dev-shm-usage',
		]
	});
}

export const SCREENSHOT_DIR = 'test-results/screenshots';

export async function screenshot(page: Page, name: string): Promise<void> {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}

const AXE_SOURCE = () => fs.readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

export interface A11yViolation {
	id: string;
	impact: string;
	help: string;
	nodes: string[];
}

/**
 * Runs axe-core in the page with the WCAG 2.0/2.1 A and AA rules and the best practices, and returns
 * every violation whatever its impact. `falsePositives` names rules to skip, each with the reason: a
 * rule is switched off only with an argument written next to it.
 */
export async function a11yViolations(page: Page, falsePositives: Record<string, string> = {}): Promise<A11yViolation[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE());
	const rules = Object.fromEntries(Object.keys(falsePositives).map((id) => [id, { enabled: false }]));
	return page.evaluate(async (rules) => {
		// @ts-expect-error axe is injected above
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, rules, resultTypes: ['violations'] });
		return r.violations.map((v: { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))
		}));
	}, rules);
}

/** Runs axe-core in the page and returns the serious and critical violations (WCAG 2.1 A/AA rules). */
export async function seriousA11yViolations(page: Page): Promise<Array<{ id: string; help: string; nodes: string[] }>> {
	const axeSource = fs.readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
	// Evaluated through the debugging protocol: the page's Content-Security-Policy rightly forbids inline scripts.
	await page.evaluate(axeSource);
	const results = await page.evaluate(async () => {
		// @ts-expect-error axe is injected above
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v: { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			nodes: v.nodes.map((n) => n.target.join(' '))
		}));
	});
	return results.filter((v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical');
}
