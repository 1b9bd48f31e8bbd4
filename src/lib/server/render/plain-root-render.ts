/**
 * Renders SvelteKit's root component on the server with `svelte/server`'s `render`, and answers a plain
 * `{ head, html, css }` object.
 *
 * Why: SvelteKit's generated root is `asClassComponent(Root)` (svelte/legacy), whose `render` answers an
 * object made on every request with `Object.defineProperties({}, { head: { get: () => result.head }, … })`.
 * V8 stores each accessor property defined that way in an `AccessorPair`, and allocates those directly in
 * the old generation (checked with %DebugPrint). V8's young collector takes every old object as alive,
 * so until the next full collection each request's dead pairs kept their getters alive, and through
 * them the whole render: the page's HTML, its props, its load data. Measured at 100 times the shipped
 * plan (BENCHMARKS.md, session 9; one request at a time, a young collection 5 ms after the response):
 * all of the director page's HTML (367 kB in memory) and anything hung on its props survived the young
 * collection. With a plain object, nothing did. Under sequential load, memory promoted to the old
 * generation per young collection went from 3,61 to 0,78 MB (director page) and from 1,42 to 0,97 MB
 * (objective page).
 *
 * This replaces session 8's fix (copying the HTML into one flat string right after the render). That
 * fix made the held HTML smaller, but it cost one more page-sized copy per request, in fresh memory.
 * With nothing holding the render, Svelte's rope of small strings dies young, and encoding the page
 * makes the only copy (src/lib/server/http/page-body.ts).
 *
 * It applies to the server render only: vite.config.ts wraps SvelteKit's generated root through
 * src/lib/vite/kit-server-replacements-plugin.js. It applies to synchronous rendering only, the only kind this
 * app uses. With Svelte's experimental async rendering SvelteKit would await a thenable instead, and
 * this object has no `then`.
 * tests/page-garbage.test.ts measures what survives on the built server.
 */
import { render, type Csp } from 'svelte/server';
import type { Component } from 'svelte';
import { handOverBody } from './body-chunks';

/** What SvelteKit passes to `root.render(props, options)` (its `render_opts`). */
interface RootRenderOptions {
	context?: Map<unknown, unknown>;
	csp?: Csp;
	transformError?: (error: unknown) => unknown;
}

/** What SvelteKit reads from the result: the same fields as svelte/legacy's render (no `hashes`, no `then`). */
export interface RootRenderResult {
	head: string;
	html: string;
	css: { code: string; map: null };
}

interface ServerRoot {
	render(props: Record<string, unknown>, options?: RootRenderOptions): unknown;
}

/**
 * The same root, whose `render` calls `svelte/server` directly on `component` (the root component that
 * `root` wraps) and answers a plain object.
 */
export function withPlainRender<C extends ServerRoot>(root: C, component: Component<Record<string, unknown>>): C {
	root.render = (props, options = {}) => plainRender(component, props, options);
	return root;
}

/** Renders `component` with SvelteKit's props and options; answers only the strings SvelteKit reads. */
export function plainRender(component: Component<Record<string, unknown>>, props: Record<string, unknown>, options: RootRenderOptions = {}): RootRenderResult {
	const { context, csp, transformError } = options;
	// Svelte's renderer, as the server build changes it, sets the body aside here in flat pieces as it
	// grows (body-chunks.ts); `bodyChunks` is not one of render's options, and a Svelte without that
	// change leaves the list empty, `result.body` being then the whole body.
	const bodyChunks: string[] = [];
	const result = render(component, { props, context, csp, transformError, bodyChunks } as Parameters<typeof render>[1]);
	// Read once each, here: `result` itself is dropped when this returns.
	const head = result.head;
	const rest = result.body;
	if (bodyChunks.length === 0) return { head, html: rest, css: { code: '', map: null } };
	bodyChunks.push(rest);
	return { head, html: handOverBody(bodyChunks), css: { code: '', map: null } };
}
