/** A report CSV with scores says which rules produced them, in two columns parsers read as any other. */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { tableToCsv, withRulesColumns } from './csv';
import type { ReportTable } from './table';

const scores: ReportTable = {
	name: 'Schede',
	title: 'Schede',
	columns: [
		{ key: 'codice', label: 'Codice', type: 'text' },
		{ key: 'score', label: 'Raggiungimento', type: 'percent' }
	],
	rows: [
		{ codice: 'OB-1', score: 0.846 },
		{ codice: 'OB-2', score: 1 }
	]
};
const RULES = { description: 'SMVP 2022; scaglioni "da 40 %"', url: 'https://ente.example/trasparenza/2022/regole' };

describe('report CSV with its rules', () => {
	it('every row carries the description and the address of the full rules, in both dialects', () => {
		for (const dialect of ['excel-it', 'standard'] as const) {
			const text = tableToCsv(withRulesColumns(scores, RULES), dialect).replace('\uFEFF', '');
			const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
			expect(rows).toHaveLength(2);
			for (const r of rows) {
				expect(r.Regole).toBe(RULES.description);
				expect(r['Regole complete']).toBe(RULES.url);
			}
			expect(rows[0]['Raggiungimento (%)']).toBe(dialect === 'excel-it' ? '84,6' : '84.6');
		}
	});

	it('a description a spreadsheet would run as a formula is neutralised', () => {
		const text = tableToCsv(withRulesColumns(scores, { ...RULES, description: '=HYPERLINK("http://x.invalid")' }), 'standard');
		const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
		expect(rows[0].Regole).toBe(`'=HYPERLINK("http://x.invalid")`);
	});

	it('a table without scores, or without rules, is left as it is', () => {
		const findings: ReportTable = { ...scores, columns: [scores.columns[0]] };
		expect(withRulesColumns(findings, RULES)).toBe(findings);
		expect(withRulesColumns(scores, null)).toBe(scores);
	});
});
