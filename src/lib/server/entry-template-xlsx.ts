import ExcelJS from 'exceljs';
import { neutralizeFormula } from '../interchange/formula-guard';
import { TEMPLATE_COLUMNS, type TemplateCell } from '../interchange/entry-template';

/** The sheet the template's values are on (and the one the reader takes first). */
export const TEMPLATE_SHEET = 'Valori';

/**
 * The pre-filled template as XLSX: one sheet, header frozen and bold, the columns to fill first and
 * set apart from the grey reminder columns; numbers as numbers (Italian Excel shows 1.234,5), dates as
 * real dates shown 30/06/2022, text guarded against formulas like every export.
 */
export async function templateToXlsx(rows: Array<Record<string, TemplateCell>>, title: string): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Cruscotto della performance';
	workbook.title = title;
	const sheet = workbook.addWorksheet(TEMPLATE_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
	const header = sheet.getRow(1);
	header.font = { bold: true };
	header.alignment = { vertical: 'middle', wrapText: true };
	for (const row of rows) {
		const values: Record<string, unknown> = {};
		for (const c of TEMPLATE_COLUMNS) {
			const v = row[c.key] ?? null;
			if (v === null) values[c.key] = null;
			else if (typeof v === 'number') values[c.key] = v;
			else if (typeof v === 'object') values[c.key] = new Date(`${v.date}T00:00:00Z`);
			else values[c.key] = neutralizeFormula(v);
		}
		const added = sheet.addRow(values);
		added.alignment = { vertical: 'top', wrapText: true };
	}
	TEMPLATE_COLUMNS.forEach((c, i) => {
		const column = sheet.getColumn(i + 1);
		if (c.key === 'data') column.numFmt = 'dd/mm/yyyy';
		if (c.key === 'valore' || c.key === 'numeratore' || c.key === 'denominatore') column.numFmt = '#,##0.##########';
		if (c.reminder) column.eachCell((cell, n) => void (n > 1 && (cell.font = { color: { argb: 'FF5C6F82' } })));
	});
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
