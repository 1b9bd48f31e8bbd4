/**
 * Makes the HTML of every server-rendered page one flat string as soon as Svelte has rendered it.
 *
 * Why: Svelte builds a page's HTML by appending each piece to the text so far (`html += piece`), so a
 * page arrives as a *rope*: tens of thousands of small strings linked by concatenation nodes, which
 * V8 copies into one string only when something reads the characters. Left as a rope, its pieces
 * outlived the response: measured at 100 times the shipped plan (`/`, 243 kB of HTML,
 * PAGE_CACHE_MB=0), about 0,7 MB per request still survived V8's young collections after the
 * response was sent (3,4 MB per scavenge under load, copied and then promoted to the old
 * generation), although a full collection found nothing holding them. Where that reference lives
 * was not found. Session 9 narrowed it down: it is made inside the render of the page's components, not by
 * SvelteKit downstream, and a second render thrown away at once is held just the same (BENCHMARKS.md,
 * sessions 8 and 9). Reading one character right after the render makes V8
 * copy the rope into one string then; its pieces die young: 0,33 MB survived per scavenge instead
 * of 3,35, and 1,2 ms less server CPU per overview request (13,8 → 12,5 ms, three alternated runs).
 * It costs one more copy of the page (SvelteKit's ETag hash still copies the page template around
 * it); the CPU figure is net of that copy.
 * Measured on the shipped plan by tests/page-garbage.test.ts (30 % of a request's allocation
 * surviving without this, 6 % with it).
 *
 * It applies to the server render only (vite.config.ts wraps SvelteKit's generated root component),
 * and only to synchronous rendering, the only kind this app uses: with Svelte's experimental async
 * rendering SvelteKit awaits the result instead, and reading `html` here would render twice.
 */

/** What SvelteKit's server calls: `root.render(props, options)` returns `{ head, html, css }`. */
interface RenderedPage {
	readonly html: string;
}
interface ServerRoot<R extends RenderedPage> {
	render(props: unknown, options?: unknown): R;
}

/** Flattens a string that V8 may hold as a rope of concatenations; answers the same string. */
export function flatten(text: string): string {
	// Reading a character is what makes V8 flatten a concatenated string (once: later reads are free).
	if (text.length > 0) text.charCodeAt(0);
	return text;
}

/** The same root component, whose render flattens the page's HTML before SvelteKit wraps it. */
export function withFlatPageHtml<R extends RenderedPage, C extends ServerRoot<R>>(root: C): C {
	const render = root.render.bind(root);
	root.render = (props, options) => {
		const rendered = render(props, options);
		flatten(rendered.html);
		return rendered;
	};
	return root;
}
