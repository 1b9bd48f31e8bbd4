/**
 * One page of a long list, for pages that list every objective of a selection (the public page of a
 * year, a public value, the public timeline). On the shipped plan everything fits one page; at a hundred
 * times the plan the public page of the year was 23 MB of HTML and took 2–3 s to make for each reader.
 */
export interface PageOf<T> {
	rows: T[];
	/** The page shown, from 1: the requested one, brought within 1 and `pages`. */
	page: number;
	pages: number;
	/** Rows per page. */
	size: number;
	total: number;
	/** Position of the first and last row shown, from 1 (0 and 0 for an empty list). */
	first: number;
	last: number;
}

export function pageOf<T>(rows: readonly T[], requested: number, size: number): PageOf<T> {
	const pages = Math.max(1, Math.ceil(rows.length / size));
	const page = Math.min(Math.max(1, Math.trunc(requested) || 1), pages);
	const from = (page - 1) * size;
	const shown = rows.slice(from, from + size);
	return { rows: shown, page, pages, size, total: rows.length, first: shown.length ? from + 1 : 0, last: from + shown.length };
}

/** The page number a URL asks for (`?pagina=3`); 1 for anything that is not a positive whole number. */
export function requestedPage(url: URL, name = 'pagina'): number {
	const raw = url.searchParams.get(name) ?? '';
	return /^\d{1,6}$/.test(raw) && Number(raw) > 0 ? Number(raw) : 1;
}
