import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { BODY_CHUNK_CHARS, BODY_MARKER, collectingBody, pagePieces, type BodySink } from './body-chunks';
import { plainRender } from './plain-root-render';
import { resolvePageBody } from '../http/page-body';

// The Svelte these tests run is the one the server build runs: Vite passes svelte/src through
// kit-server-replacements-plugin.js here too (tests/page-garbage.test.ts checks the built server).

async function serverComponent(source: string): Promise<Component<Record<string, unknown>>> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'body-chunks-'));
	const file = path.join(dir, 'Component.js');
	fs.writeFileSync(file, compile(source, { generate: 'server' }).js.code);
	return (await import(/* @vite-ignore */ pathToFileURL(file).href)).default;
}

// A director's page in miniature: rows of text from CSV files (escaped), characters of one, two, three
// and four bytes in UTF-8, nested blocks and a component inside the loop.
const ROW = `<script>let { r } = $props();</script><td class="t">{r.title}</td><td>{r.value}</td>`;
const PAGE = (rowFile: string) => `<script>
	import Row from '${rowFile}';
	let { rows } = $props();
</script>
<svelte:head><title>Obiettivi – {rows.length}</title></svelte:head>
<table><tbody>{#each rows as r, n}<tr>{#if n % 7 === 0}<th>— {n} ✓</th>{/if}<Row {r} /></tr>{/each}</tbody></table>`;

async function pageComponent(): Promise<Component<Record<string, unknown>>> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'body-chunks-page-'));
	fs.writeFileSync(path.join(dir, 'Row.js'), compile(ROW, { generate: 'server' }).js.code);
	const file = path.join(dir, 'Page.js');
	fs.writeFileSync(file, compile(PAGE('./Row.js'), { generate: 'server' }).js.code);
	return (await import(/* @vite-ignore */ pathToFileURL(file).href)).default;
}

const rows = (count: number) =>
	Array.from({ length: count }, (_, n) => ({ title: `Obiettivo ${n} dell’ente <&> “scuole” 😀 é`, value: (n * 1.5).toLocaleString('it-IT') }));

/** What SvelteKit's render_response does with the root's result: the template around head and body. */
function sveltekitLike(component: Component<Record<string, unknown>>, props: Record<string, unknown>) {
	return async (_event: RequestEvent, opts?: ResolveOptions): Promise<Response> => {
		const rendered = plainRender(component, props);
		const html = `<!doctype html><html><head>${rendered.head}</head><body><div>${rendered.html}</div><script>start()</script></body></html>`;
		const transformed = (await opts!.transformPageChunk!({ html, done: true })) || '';
		return new Response(transformed, { headers: { etag: '"x"', 'content-type': 'text/html' } });
	};
}

describe('the body of a large page in flat pieces', () => {
	it('are the same characters, in the same order, as the body Svelte renders whole', async () => {
		const Page = await pageComponent();
		const props = { rows: rows(3000) };
		const whole = render(Page, { props }).body;
		expect(whole.length).toBeGreaterThan(20 * BODY_CHUNK_CHARS);

		// Outside a page answered by resolvePageBody: one string, as before.
		expect(plainRender(Page, props).html).toBe(whole);

		// Inside: the marker for SvelteKit, and the pieces waiting in the request's sink.
		const sink: BodySink = {};
		const out = collectingBody(sink, () => plainRender(Page, props));
		expect(out.html).toBe(BODY_MARKER);
		const chunks = sink.chunks!;
		expect(chunks.length).toBeGreaterThan(20);
		expect(chunks.join('')).toBe(whole);
		// Every piece but the last reached the size, and none is far beyond it (one Svelte string more).
		for (const c of chunks.slice(0, -1)) expect(c.length).toBeGreaterThanOrEqual(BODY_CHUNK_CHARS);
		for (const c of chunks) expect(c.length).toBeLessThan(BODY_CHUNK_CHARS + 2000);
		// No piece begins or ends inside a surrogate pair (😀 is two UTF-16 units).
		for (const c of chunks) {
			expect(/^[\uDC00-\uDFFF]/.test(c)).toBe(false);
			expect(/[\uD800-\uDBFF]$/.test(c)).toBe(false);
		}
	});

	it('a small page is not cut: one string, no marker, nothing waiting', async () => {
		const Page = await pageComponent();
		const sink: BodySink = {};
		const out = collectingBody(sink, () => plainRender(Page, { rows: rows(3) }));
		expect(out.html).toBe(render(Page, { props: { rows: rows(3) } }).body);
		expect(out.html).not.toContain(BODY_MARKER);
		expect(sink.chunks).toBeUndefined();
	});

	it('resolvePageBody sends exactly the bytes of the page rendered whole, with their length', async () => {
		const Page = await pageComponent();
		const props = { rows: rows(2500) };
		const reference = render(Page, { props });
		const expected = Buffer.from(`<!doctype html><html><head>${reference.head}</head><body><div>${reference.body}</div><script>start()</script></body></html>`);
		const res = await resolvePageBody({} as RequestEvent, sveltekitLike(Page, props));
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.equals(expected)).toBe(true);
		expect(res.headers.get('content-length')).toBe(String(expected.byteLength));
		expect(body.toString('utf8')).not.toContain('<!--corpo-');
	});

	it('two pages rendered at the same time each get their own pieces', async () => {
		const Page = await pageComponent();
		const a = { rows: rows(1500) };
		const b = { rows: rows(1700).map((r) => ({ ...r, title: r.title.toUpperCase() })) };
		const slow = (props: Record<string, unknown>) => async (event: RequestEvent, opts?: ResolveOptions) => {
			await new Promise((r) => setTimeout(r, 5));
			return sveltekitLike(Page, props)(event, opts);
		};
		const [ra, rb] = await Promise.all([resolvePageBody({} as RequestEvent, slow(a)), resolvePageBody({} as RequestEvent, slow(b))]);
		const [ta, tb] = [await ra.text(), await rb.text()];
		expect(ta).toContain(render(Page, { props: a }).body);
		expect(tb).toContain(render(Page, { props: b }).body);
	});

	it('pagePieces: the marker replaced by the pieces; a page without it, or a sink without pieces, whole', () => {
		const sink: BodySink = { chunks: ['<p>uno</p>', '<p>due</p>'] };
		expect(pagePieces(`<body>${BODY_MARKER}<script></script></body>`, sink)).toEqual(['<body>', '<p>uno</p>', '<p>due</p>', '<script></script></body>']);
		expect(sink.chunks).toBeUndefined();
		expect(pagePieces('<body>errore</body>', { chunks: ['<p>di una pagina scartata</p>'] })).toEqual(['<body>errore</body>']);
		expect(pagePieces('<body>x</body>', {})).toEqual(['<body>x</body>']);
	});
});
