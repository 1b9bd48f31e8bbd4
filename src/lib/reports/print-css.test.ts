import { describe, expect, it } from 'vitest';
import { cssString, printPageCss } from './print-css';

describe('print stylesheet', () => {
	it('writes a hostile body name as one inert CSS string', () => {
		const hostile = 'Provincia"; } </style><meta http-equiv="refresh" content="0;url=https://evil.example">\\\n@import url(x);';
		const css = printPageCss(`${hostile} – Scostamenti`, 'Situazione al 30/06/2022');
		expect(css).not.toMatch(/<|>|\n@import|url\(/);
		// Exactly the quotes we wrote: 2 per margin box string and 4 in the page counter.
		expect(css.match(/"/g)).toHaveLength(8);
		expect(css).toContain('Provincia\\22 ');
	});

	it('keeps accented letters and digits readable', () => {
		expect(cssString('Città di Lucca 2022')).toBe('"Città di Lucca 2022"');
		expect(cssString('a–b')).toBe('"a\\2013 b"');
	});
});
