/**
 * A page's HTML kept as a few flat pieces of at most about 16.000 characters, from Svelte's render to
 * the socket, instead of one string of the whole page.
 *
 * Why: Svelte's server render appends every piece of the page to one string (`content.body += item`,
 * renderer.js), a rope of some ten thousand small strings for the director page at 100 times the
 * shipped plan. Encoding it (Buffer.from) first makes V8 copy it into one flat string of the page's
 * size. A string that large (370 kB, two bytes per character as soon as one character is outside
 * Latin-1, like — or ’) does not fit V8's young generation: it is allocated in fresh pages of the
 * large-object space, and touching them costs the kernel about a hundred page faults per request.
 * Measured (BENCHMARKS.md, «Sessione 11»): page faults per director page at 100 times the plan 92 → 0,
 * and no large object made per page (tests/page-garbage.test.ts). The server's CPU per request did not
 * move beyond noise: most of the flattening's cost is walking the rope's ten thousand nodes, which each
 * piece still does (`sealBodyChunk`), not the fresh pages.
 *
 * How: Svelte's renderer is changed for the server build (src/lib/vite/kit-server-replacements-plugin.js)
 * so that, when `plainRender` asks for it, each time the body passes BODY_CHUNK_CHARS it is flattened
 * (still small enough for the young generation) and set aside. If the request is a read-only page
 * answered by `resolvePageBody` (page-body.ts), the pieces go to it directly: SvelteKit gets a marker in
 * place of the body, and `resolvePageBody` puts the pieces back where the marker is and encodes them
 * into one buffer. Any other render gets its body joined into one string, as before.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** A piece is set aside once it reaches this many characters (32 kB at most in UTF-16, far from V8's 128 kB). */
export const BODY_CHUNK_CHARS = 16_384;

/** What Svelte's renderer accumulates (`{ head, body }`), plus the pieces set aside when they were asked for. */
export interface ChunkedContent {
	head: string;
	body: string;
	chunks?: string[];
}

/**
 * Called by Svelte's patched renderer after a string has been appended to the body, once the body is
 * BODY_CHUNK_CHARS long. A piece ends only between two of Svelte's strings, never inside one, so no
 * character (nor a surrogate pair) is ever split between pieces.
 */
export function sealBodyChunk(content: ChunkedContent): void {
	if (content.chunks === undefined) return;
	// charCodeAt flattens a rope in place: the piece becomes one flat string now, in the young
	// generation, and its thousand small strings can die with the render.
	content.body.charCodeAt(0);
	content.chunks.push(content.body);
	content.body = '';
}

/** Where the pieces of a page wait between the render and `resolvePageBody`: one per request. */
export interface BodySink {
	chunks?: string[];
}

const sinks = new AsyncLocalStorage<BodySink>();

/**
 * Stands for the body in the page SvelteKit assembles. Svelte escapes `<` in text and attributes, so no
 * rendered value can contain it; the random part keeps it apart from any HTML of ours.
 */
export const BODY_MARKER = `<!--corpo-${randomUUID()}-->`;

/** Runs `fn` (SvelteKit's resolve) so that a page rendered inside it hands its pieces to `sink`. */
export function collectingBody<T>(sink: BodySink, fn: () => T): T {
	return sinks.run(sink, fn);
}

/**
 * The body SvelteKit gets for a render whose pieces are `chunks` (the last one included): the marker,
 * the pieces waiting in the request's sink; or, outside `collectingBody`, the whole body as one string.
 */
export function handOverBody(chunks: string[]): string {
	const sink = sinks.getStore();
	if (sink === undefined) return chunks.join('');
	// A later render in the same request (an error page after a failed render) replaces the pieces.
	sink.chunks = chunks;
	return BODY_MARKER;
}

/**
 * The page as a list of strings in order: `html` (the page SvelteKit finished) with the marker
 * replaced by the pieces waiting in `sink`. A page without the marker is returned whole.
 */
export function pagePieces(html: string, sink: BodySink): string[] {
	const chunks = sink.chunks;
	sink.chunks = undefined;
	if (chunks === undefined) return [html];
	const at = html.indexOf(BODY_MARKER);
	if (at < 0) return [html];
	return [html.slice(0, at), ...chunks, html.slice(at + BODY_MARKER.length)];
}
