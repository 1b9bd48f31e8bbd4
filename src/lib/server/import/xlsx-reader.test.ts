import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { MEASUREMENTS_FILE } from '../../interchange/formats';
import { formatProblem, ProblemList } from '../../interchange/problems';
import { toMeasurementRows } from '../../interchange/rows';
import { readCsv } from '../../interchange/csv-reader';
import { readXlsx, unpackedSize } from './xlsx-reader';

async function workbook(rows: unknown[][], sheetName = 'Valori'): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet(sheetName);
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('XLSX read like CSV', () => {
	it('numbers, dates, yes/no, rich text and formula results become the text an Italian `;` file holds', async () => {
		const bytes = await workbook([
			['Codice indicatore', 'Data', 'Valore', 'Motivazione', 'Note mie'],
			['A-1', new Date(Date.UTC(2022, 5, 30)), 1234.56, 'Lavori in corso', 'ignorata'],
			['A-2', '30/06/2022', { formula: 'B1*2', result: 42 }, { richText: [{ text: 'Due ' }, { text: 'pezzi' }] }],
			['A-3', '30/06/2022', 0.0000001, "'=1+2"],
			['A-4', '30/06/2022', '1.500', '@SOMMA(A1)'],
			['A-5', '30/06/2022', true, null]
		]);
		const problems = new ProblemList();
		const table = await readXlsx('modello.xlsx', bytes, MEASUREMENTS_FILE, problems);
		expect(problems.errors).toEqual([]);
		const rows = toMeasurementRows(table!, problems);
		expect(rows.map((r) => [r.line, r.indicatorCode, r.date, r.rawValue, r.justification])).toEqual([
			[2, 'A-1', '2022-06-30', '1234,56', 'Lavori in corso'],
			[3, 'A-2', '2022-06-30', '42', 'Due pezzi'],
			[4, 'A-3', '2022-06-30', '0,0000001', '=1+2'], // export's apostrophe comes off, as in CSV
			[5, 'A-4', '2022-06-30', '1.500', '@SOMMA(A1)'],
			[6, 'A-5', '2022-06-30', 'sì', null]
		]);
		expect(table!.delimiter).toBe(';'); // «1.500» typed as text is one thousand five hundred, as in Italian Excel
	});

	it('the same mistakes give the same messages as CSV, with the sheet, the row and the column', async () => {
		const grid = [
			['codice_indicatore', 'data', 'valore'],
			['A-1', '31/02/2022', '5'],
			['A-2', '30/06/2022', 'dieci'], // typed later, by its indicator's type: see tests/template-upload.test.ts
			['A-2', '30/06/2022', '7']
		];
		const xp = new ProblemList();
		toMeasurementRows((await readXlsx('modello.xlsx', await workbook(grid, 'Foglio1'), MEASUREMENTS_FILE, xp))!, xp);
		const cp = new ProblemList();
		toMeasurementRows(readCsv('modello.csv', new TextEncoder().encode(grid.map((r) => r.join(';')).join('\r\n')), MEASUREMENTS_FILE, cp)!, cp);
		expect(xp.errors.map(formatProblem)).toEqual(cp.errors.map((p) => formatProblem({ ...p, file: 'modello.xlsx, foglio Foglio1' })));
		expect(xp.errors.map(formatProblem)).toEqual([
			expect.stringMatching(/^modello\.xlsx, foglio Foglio1:2: data: «31\/02\/2022» non è una data valida/),
			expect.stringMatching(/^modello\.xlsx, foglio Foglio1:4: data: misurazione di A-2 al 2022-06-30 duplicat.* \(già alla riga 3\)/)
		]);
	});

	it('refuses a missing column, a formula without a result, an error cell and a cell past the header', async () => {
		let p = new ProblemList();
		expect(await readXlsx('x.xlsx', await workbook([['codice_indicatore', 'valore'], ['A', 1]]), MEASUREMENTS_FILE, p)).toBeNull();
		expect(p.errors.map(formatProblem)).toEqual(['x.xlsx, foglio Valori:1: data: colonna obbligatoria assente nell’intestazione']);
		p = new ProblemList();
		await readXlsx('x.xlsx', await workbook([['codice_indicatore', 'data', 'valore'], ['A', '30/06/2022', { formula: 'NOW()' }], ['B', '30/06/2022', { error: '#DIV/0!' }], ['C', '30/06/2022', 1, 'oltre']]), MEASUREMENTS_FILE, p);
		expect(p.errors.map(formatProblem)).toEqual([
			'x.xlsx, foglio Valori:2: valore: la cella C2 contiene una formula senza un risultato salvato: scrivere il valore',
			'x.xlsx, foglio Valori:3: valore: la cella C3 contiene l’errore #DIV/0!',
			'x.xlsx, foglio Valori:4: la cella D4 è fuori dalle colonne dell’intestazione'
		]);
	});

	it('refuses what is not an XLSX, and a zip that would unpack past the limit, before unpacking it', async () => {
		const p = new ProblemList();
		expect(await readXlsx('x.xlsx', new TextEncoder().encode('PK\u0003\u0004 non proprio'), MEASUREMENTS_FILE, p)).toBeNull();
		expect(p.errors.map(formatProblem)).toEqual(['x.xlsx: il file non è un foglio Excel (.xlsx) leggibile']);
		const real = await workbook([['codice_indicatore', 'data', 'valore']]);
		expect(unpackedSize(real)).toBeGreaterThan(real.length); // XML compresses: the declared sizes are read
		// The same file with one entry claiming 60 MB: refused from its directory alone.
		const bomb = new Uint8Array(real);
		const view = new DataView(bomb.buffer);
		const cd = bomb.findIndex((_, i) => i + 4 <= bomb.length && view.getUint32(i, true) === 0x02014b50);
		view.setUint32(cd + 24, 60 * 1024 * 1024, true);
		const q = new ProblemList();
		expect(await readXlsx('x.xlsx', bomb, MEASUREMENTS_FILE, q)).toBeNull();
		expect(formatProblem(q.errors[0])).toMatch(/^x\.xlsx: file troppo grande una volta decompresso \(60 MB/);
	});
});
