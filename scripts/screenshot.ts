/**
 * Screenshots of pages of a running dashboard, to look at them as a user would:
 *   npx tsx scripts/screenshot.ts http://localhost:3000 out-dir /path another/path …
 * Each path is saved as a full-page PNG at laptop width, and at phone width with --phone.
 * Internal pages need an account: --utente=nucleo --password=… signs in through the form first.
 */
import fs from 'node:fs';
import { launchBrowser } from '../tests/support/browser';

const [base, outDir, ...rest] = process.argv.slice(2);
const phone = rest.includes('--phone');
const fold = rest.includes('--fold'); // only the first screenful, to look at the top of long pages
const flag = (name: string) => rest.find((p) => p.startsWith(`--${name}=`))?.slice(name.length + 3);
const paths = rest.filter((p) => !p.startsWith('--'));
fs.mkdirSync(outDir, { recursive: true });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: fold ? 1600 : 900 } });
const [user, password] = [flag('utente'), flag('password')];
if (user && password) {
	await page.goto(`${base}/accesso`);
	await page.getByLabel('Nome utente').fill(user);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Entra' }).click();
	await page.waitForURL((url) => url.pathname !== '/accesso');
}
for (const p of paths) {
	await page.goto(base + p);
	const name = (p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home') + (phone ? '-phone' : '');
	await page.screenshot({ path: `${outDir}/${name}.png`, fullPage: !fold });
	console.log(`${outDir}/${name}.png`);
}
await browser.close();
