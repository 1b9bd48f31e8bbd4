import ExcelJS from 'exceljs';
import { neutralizeFormula } from '../../interchange/formula-guard';
import type { ColumnType, Report } from '../../reports/table';

// Excel shows these with the reader's own separators: Italian Excel prints 1.234,56 and 84,6%.
const NUMBER_FORMATS: Record<ColumnType, string | undefined> = {
	text: '@',
	integer: '#,##0',
	number: '#,##0.##',
	percent: '0.0%',
	euro: '"€" #,##0.00',
	date: 'dd/mm/yyyy'
};

/** One sheet per table: header row frozen and bold, widths set, numbers and dates as real values. */
export async function reportToXlsx(report: Report): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Cruscotto della performance';
	workbook.created = new Date(report.generatedAt);
	workbook.title = report.title;
	for (const table of report.tables) {
		const sheet = workbook.addWorksheet(table.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.columns = table.columns.map((c) => ({
			header: c.label,
			key: c.key,
			width: c.width ?? Math.min(60, Math.max(10, c.label.length + 2)),
			style: { numFmt: NUMBER_FORMATS[c.type] }
		}));
		sheet.getRow(1).font = { bold: true };
		sheet.getRow(1).alignment = { vertical: 'middle', wrapText: true };
		for (const row of table.rows) {
			const values: Record<string, unknown> = {};
			for (const c of table.columns) {
				const v = row[c.key];
				if (v === null || v === undefined || v === '') values[c.key] = null;
				else if (c.type === 'date' && typeof v === 'string') values[c.key] = new Date(`${v.slice(0, 10)}T00:00:00Z`);
				else if (typeof v === 'number') values[c.key] = v;
				else values[c.key] = neutralizeFormula(String(v));
			}
			const added = sheet.addRow(values);
			added.alignment = { vertical: 'top', wrapText: true };
		}
		sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
	}
	if (report.rules) {
		// The rules that produced every score in the workbook, on a sheet of their own.
		const sheet = workbook.addWorksheet('Regole', { views: [{ state: 'frozen', ySplit: 1 }] });
		sheet.columns = [
			{ header: `Regole di misurazione ${report.rules.year}`, key: 'regola', width: 34 },
			{ header: 'Come si calcola', key: 'testo', width: 100 }
		];
		sheet.getRow(1).font = { bold: true };
		const rows = [
			{ regola: 'Descrizione', testo: report.rules.description },
			{ regola: 'Regole complete', testo: `/trasparenza/${report.rules.year}/regole` },
			...report.rules.lines.map((l) => ({ regola: l.label, testo: l.text }))
		];
		for (const r of rows) sheet.addRow({ regola: neutralizeFormula(r.regola), testo: neutralizeFormula(r.testo) }).alignment = { vertical: 'top', wrapText: true };
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}
