import { describe, expect, it } from 'vitest';
import { pageOf, requestedPage } from './page-of';

const list = Array.from({ length: 250 }, (_, i) => i + 1);

describe('pageOf', () => {
	it('cuts a list into pages and says which rows are shown', () => {
		expect(pageOf(list, 1, 100)).toMatchObject({ page: 1, pages: 3, total: 250, first: 1, last: 100 });
		const last = pageOf(list, 3, 100);
		expect(last).toMatchObject({ page: 3, pages: 3, first: 201, last: 250 });
		expect(last.rows).toEqual(list.slice(200));
	});
	it('brings a page out of range back within the list', () => {
		expect(pageOf(list, 99, 100)).toMatchObject({ page: 3, first: 201 });
		expect(pageOf(list, 0, 100)).toMatchObject({ page: 1, first: 1 });
		expect(pageOf(list, -4, 100)).toMatchObject({ page: 1 });
		expect(pageOf(list, Number.NaN, 100)).toMatchObject({ page: 1 });
	});
	it('an empty list is one empty page', () => {
		expect(pageOf([], 2, 100)).toEqual({ rows: [], page: 1, pages: 1, size: 100, total: 0, first: 0, last: 0 });
	});
});

describe('requestedPage', () => {
	it('reads a positive whole number, and 1 for anything else', () => {
		const at = (q: string) => requestedPage(new URL(`http://x/p${q}`));
		expect(at('?pagina=3')).toBe(3);
		for (const q of ['', '?pagina=', '?pagina=0', '?pagina=-2', '?pagina=2.5', '?pagina=1e3', '?pagina=abc', '?pagina=99999999']) expect(at(q), q).toBe(1);
	});
});
