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
