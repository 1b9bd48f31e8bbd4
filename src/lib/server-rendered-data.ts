/**
 * Page data that only the server's rendering reads. SvelteKit serialises every server `load`'s data
 * into the page for the client's hydration, even on pages that ship no JavaScript (`csr = false`),
 * where nobody reads it: on the overview of a large plan that was the second cost of a page rendered
 * from scratch (devalue walking a few hundred kB of objects) after the rendering itself.
 *
 * `serverRenderedOnly(data)` keeps the data as it is for the server's rendering and marks its
 * top-level objects and arrays so that the `transport` hook (src/hooks.ts) serialises each as an empty
 * marker. Only for pages with `csr = false`: a hydrated page would receive nothing (a test checks that
 * every route that uses it declares `csr = false`).
 */

/** An object of page data marked as read by the server's rendering only. */
export class ServerRenderedObject {}
/** An array of page data marked as read by the server's rendering only. */
export class ServerRenderedArray<T> extends Array<T> {}

export const isServerRenderedOnly = (value: unknown): boolean => value instanceof ServerRenderedObject || value instanceof ServerRenderedArray;

/**
 * The same data, each top-level object and array copied (shallowly) into a marked one: memoised
 * objects shared with other pages are never touched. Primitives stay as they are (they cost nothing).
 */
export function serverRenderedOnly<T extends Record<string, unknown>>(data: T): T {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(data)) {
		if (Array.isArray(value)) out[key] = Object.setPrototypeOf([...value], ServerRenderedArray.prototype);
		else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) out[key] = Object.assign(new ServerRenderedObject(), value);
		else out[key] = value;
	}
	return out as T;
}

/**
 * HTML that a hydrated page shows with {@html} and that the browser already has: Svelte does not
 * compare an {@html} block's content when it hydrates (it keeps the server's nodes, by design), so the
 * browser needs no copy of it in the page's data. On the objective page that was the phases timeline,
 * 10 kB of its 18 kB of data: serialised, hashed for the CSP and sent a second time on every render.
 *
 * Only for the first render of a page (not `isDataRequest`): after a form posted with `use:enhance`
 * the browser asks for the data again, and then it must get the HTML itself, to show what changed.
 * The browser's copy of the data holds SERVER_RENDERED_HTML in its place, which is never drawn.
 */
export class ServerRenderedHtml {
	constructor(readonly html: string) {}
	/** What {@html} writes on the server. */
	toString(): string {
		return this.html;
	}
}

/** What the browser holds instead of HTML it already has: not empty, or Svelte would not hydrate the block. */
export const SERVER_RENDERED_HTML = '<!-- reso dal server -->';

/** The HTML for a page's first render, marked; as it is when the browser asks for the data again. */
export function htmlForPage(html: string, isDataRequest: boolean): string | ServerRenderedHtml {
	return isDataRequest ? html : new ServerRenderedHtml(html);
}
