/**
 * A rendered page's HTML, taken from SvelteKit before its last two steps and sent as it is.
 *
 * After rendering a page SvelteKit (render.js) does two things with the whole HTML before anyone can
 * send it: it hashes it, one character at a time in JavaScript, for an `ETag`; and its `text()` helper
 * encodes it to UTF-8 once only to count the bytes for `Content-Length`, before the Response encodes
 * it again. On the overview of a large plan (245 kB) that was about a sixth of the server's time for
 * a page rendered from scratch, the hash alone 12–18 % of it (BENCHMARKS.md, «Sessione 10»).
 *
 * The dashboard does not need that hash on its read-only pages: their content is a function of the
 * data revision, the URL, the user and the day, and their `ETag` is made from those (pageEtag in
 * cache/page-cache.ts), which is exact and costs one short hash. So for those pages the HTML comes out
 * through `transformPageChunk` (SvelteKit's public hook on the finished HTML), SvelteKit hashes and
 * measures an empty string, and the Response is made here from the HTML, encoded once.
 */
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { collectingBody, pagePieces, type BodySink } from '$lib/server/render/body-chunks';

type Resolve = (event: RequestEvent, opts?: ResolveOptions) => Response | Promise<Response>;

/**
 * The response for a page, its body being the page's HTML exactly as SvelteKit would have sent it, and
 * no `ETag` (the caller gives the page its own). Anything that is not a rendered page (a redirect, an
 * endpoint's response) comes back untouched.
 */
export async function resolvePageBody(event: RequestEvent, resolve: Resolve): Promise<Response> {
	const taken: { html?: string } = {};
	// A large page's body arrives in flat pieces, apart from the rest of the HTML (body-chunks.ts).
	const sink: BodySink = {};
	const response = await collectingBody(sink, () =>
		resolve(event, {
			transformPageChunk: ({ html }) => {
				taken.html = html;
				return '';
			}
		})
	);
	// Only this function keeps the page from here on. SvelteKit's request state, which holds the hook
	// above, can outlive the request until the next full collection (BENCHMARKS.md, «Sessione 9»): had
	// it kept the HTML, every page rendered would have been promoted to the old generation.
	const html = taken.html;
	delete taken.html;
	if (html === undefined) return response;
	const pieces = pagePieces(html, sink);
	const headers = new Headers(response.headers);
	headers.delete('etag');
	// A page whose load returned promises is streamed: SvelteKit then sends the transformed HTML, a
	// newline and the streamed chunks. The HTML goes back in front of them; its length is unknown.
	if (response.body && !response.headers.has('etag')) {
		headers.delete('content-length');
		return new Response(prepend(encodeAll(pieces), response.body), { status: response.status, statusText: response.statusText, headers });
	}
	await response.body?.cancel();
	// Encoded once, by Node, into one buffer: a string or a Uint8Array given to a Response is copied
	// again (undici checks the string for lone surrogates, and slices a Uint8Array), a stream hands over
	// the bytes themselves; and one buffer is one write to the socket, where a stream of pieces was
	// written piece by piece, each past the socket's high-water mark.
	const bytes = encodeAll(pieces);
	headers.set('content-length', String(bytes.byteLength));
	return new Response(oneChunk(bytes), { status: response.status, statusText: response.statusText, headers });
}

/**
 * The pieces in UTF-8, one after the other in one buffer. Each piece is flat (or small), so counting its
 * bytes is cheap; on Svelte's rope of the whole page it cost more than encoding it. A piece never ends
 * inside a character (body-chunks.ts), so a lone surrogate is counted and written as U+FFFD, as before.
 */
function encodeAll(pieces: string[]): Buffer {
	if (pieces.length === 1) return Buffer.from(pieces[0], 'utf8');
	let total = 0;
	for (const piece of pieces) total += Buffer.byteLength(piece, 'utf8');
	const out = Buffer.allocUnsafe(total);
	let at = 0;
	for (const piece of pieces) at += out.write(piece, at, 'utf8');
	return out;
}

function oneChunk(bytes: Uint8Array): ReadableStream<Uint8Array> {
	return new ReadableStream<Uint8Array>({
		start(controller) {
			controller.enqueue(bytes);
			controller.close();
		}
	});
}

function prepend(first: Uint8Array, rest: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
	const reader = rest.getReader();
	let pending = true;
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			if (pending) {
				pending = false;
				controller.enqueue(first);
				return;
			}
			const { done, value } = await reader.read();
			if (done) controller.close();
			else controller.enqueue(value);
		},
		cancel: (reason) => reader.cancel(reason)
	});
}
