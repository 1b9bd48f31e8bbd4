import { describe, expect, it } from 'vitest';
import { neutralizeFormula, removeFormulaGuard } from './formula-guard';

describe('formula guard', () => {
	it('neutralises every cell a spreadsheet would run', () => {
		for (const t of ['=1+1', '+39 0583', '-5 giorni', '@SUM(A1)', '\tx', '\rx', "'=A1", "''-1"]) {
			expect(neutralizeFormula(t).startsWith("'")).toBe(true);
		}
		expect(neutralizeFormula('Attività ordinaria')).toBe('Attività ordinaria');
		expect(neutralizeFormula("'citazione'")).toBe("'citazione'");
	});

	it("round-trips text that really starts with an apostrophe and a formula character ('=…)", () => {
		for (const t of ["'=HYPERLINK(\"x\")", "''=A1", "'+", "'@home", "'-", "'"]) {
			expect(removeFormulaGuard(neutralizeFormula(t))).toBe(t);
		}
	});

	it('round-trips random texts built from the characters that matter', () => {
		const alphabet = ["'", '=', '+', '-', '@', '\t', 'a', ' ', 'è', '"', ';'];
		let seed = 20221231;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let n = 0; n < 5000; n++) {
			const len = Math.floor(next() * 6);
			let t = '';
			for (let i = 0; i < len; i++) t += alphabet[Math.floor(next() * alphabet.length)];
			expect(removeFormulaGuard(neutralizeFormula(t))).toBe(t);
		}
	});
});
