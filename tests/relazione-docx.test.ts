/**
 * The Relazione sulla performance as a DOCX first draft, downloaded from the built server, opened by
 * LibreOffice (soffice --headless --convert-to pdf, as a board member's word processor would) and read
 * back with pdftotext: the sections in order, real tables, Italian formats, page numbers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type RunningServer } from './support/server';

const SOFFICE = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((p) => fs.existsSync(p));

let server: RunningServer;
let nucleo: string;

beforeAll(async () => {
	server = await startServer();
	nucleo = await server.signIn('nucleo');
});
afterAll(async () => {
	await server?.stop();
});

describe('the Relazione sulla performance as a document to edit', () => {
	let docx: Buffer;
	const dir = tempDir('docx');

	it('downloads as a Word document for the plan year at the monitoring date', async () => {
		const res = await fetch(`${server.url}/report/relazione/docx?data=2022-12-31`, { headers: { cookie: nucleo } });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
		expect(res.headers.get('content-disposition')).toContain('relazione-performance-2022-2022-12-31.docx');
		docx = Buffer.from(await res.arrayBuffer());
		fs.writeFileSync(path.join(dir, 'relazione.docx'), docx);
		// Only the Relazione has a document; signed out there is none.
		expect((await fetch(`${server.url}/report/schede/docx`, { headers: { cookie: nucleo } })).status).toBe(404);
		expect((await fetch(`${server.url}/report/relazione/docx`, { redirect: 'manual' })).status).not.toBe(200);
	});

	it('holds real tables, outline headings and a page-number field', () => {
		const xml = execFileSync('unzip', ['-p', path.join(dir, 'relazione.docx'), 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
		expect((xml.match(/<w:tbl>/g) ?? []).length).toBeGreaterThan(70); // one per objective with indicators, and the summaries
		expect(xml).toContain('<w:tblHeader/>');
		for (const style of ['Title', 'Heading1', 'Heading2', 'Heading3']) expect(xml).toContain(`<w:pStyle w:val="${style}"/>`);
		const footer = execFileSync('unzip', ['-p', path.join(dir, 'relazione.docx'), 'word/footer1.xml'], { encoding: 'utf8' });
		expect(footer).toMatch(/PAGE/);
		expect(footer).toMatch(/NUMPAGES/);
		const styles = execFileSync('unzip', ['-p', path.join(dir, 'relazione.docx'), 'word/styles.xml'], { encoding: 'utf8' });
		expect(styles).toContain('w:val="it-IT"');
	});

	it.runIf(SOFFICE)('opens cleanly in LibreOffice and reads back in order, in Italian formats', () => {
		const profile = tempDir('soffice-profile');
		const r = spawnSync(SOFFICE!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'relazione.docx')], {
			encoding: 'utf8',
			timeout: 240_000
		});
		expect(r.status, r.stderr).toBe(0);
		const pdf = path.join(dir, 'relazione.pdf');
		const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
		const flat = text.replace(/\s+/g, ' ');
		const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
		console.log(`Relazione sulla performance 2022 (DOCX aperto con LibreOffice): ${pages} pagine A4`);
		expect(pages).toBeGreaterThan(10);
		expect(flat).toContain(`Pagina 1 di ${pages}`);
		expect(flat).toContain(`Pagina ${pages} di ${pages}`);
		expect(flat).toContain('Relazione sulla performance 2022');
		// The sections, in the Relazione's order.
		const order = [
			'1. L’ente e il piano',
			'2. Il risultato complessivo',
			'3. I risultati per valore pubblico',
			'3.1 ',
			'4. I risultati per dirigente e per centro di responsabilità',
			'5. La qualità degli indicatori',
			'6. Nota sul metodo'
		].map((h) => flat.indexOf(h));
		expect(order.every((i) => i >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		// An objective with its indicator table, value, target and justification.
		expect(flat).toMatch(/2022-B7-OP-01-I01[^%]{0,600}84,6 %/);
		expect(flat).toContain('Scostamenti e motivazioni:');
		expect(flat).toContain('Fabrizio Mechini');
		expect(flat).toContain('Indicatore senza target');
		expect(flat).toMatch(/77 obiettivi operativi e 233 indicatori/);
		expect(flat).toContain('dati al 31/12/2022');
		expect(flat).not.toMatch(/\d\.\d %/); // percentages with a decimal comma, never a point
	});
});
