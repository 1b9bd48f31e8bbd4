import { describe, expect, it } from 'vitest';
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { resolvePageBody } from './page-body';

// SvelteKit's two ways of ending a page (render.js): the whole HTML, hashed for an ETag and measured;
// or, when a load returned promises, the HTML, a newline and the streamed chunks, with no ETag.
const PAGE = '<!doctype html><p>Raggiungimento dell’obiettivo — 87,5 %</p>';
const event = {} as RequestEvent;

async function wholePage(_event: RequestEvent, opts?: ResolveOptions): Promise<Response> {
	const transformed = (await opts!.transformPageChunk!({ html: PAGE, done: true })) || '';
	const bytes = new TextEncoder().encode(transformed);
	return new Response(transformed, { status: 200, headers: { etag: `"${transformed.length}"`, 'content-length': String(bytes.byteLength), 'content-type': 'text/html', link: '<a.css>; rel="preload"' } });
}

async function streamedPage(_event: RequestEvent, opts?: ResolveOptions): Promise<Response> {
	const transformed = (await opts!.transformPageChunk!({ html: PAGE, done: true })) || '';
	const parts = [transformed + '\n', '<script>chunk 1</script>', '<script>chunk 2</script>'];
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			const next = parts.shift();
			if (next === undefined) controller.close();
			else controller.enqueue(new TextEncoder().encode(next));
		}
	});
	return new Response(body, { status: 200, headers: { 'content-type': 'text/html' } });
}

describe('resolvePageBody', () => {
	it('sends the page SvelteKit rendered, its exact byte length, its headers, and no ETag of SvelteKit’s', async () => {
		const res = await resolvePageBody(event, wholePage);
		const body = new Uint8Array(await res.arrayBuffer());
		expect(new TextDecoder().decode(body)).toBe(PAGE);
		expect(res.headers.get('content-length')).toBe(String(body.byteLength));
		expect(body.byteLength).toBeGreaterThan(PAGE.length); // ’ and — are three bytes each
		expect(res.headers.get('etag')).toBeNull();
		expect([res.status, res.headers.get('content-type'), res.headers.get('link')]).toEqual([200, 'text/html', '<a.css>; rel="preload"']);
	});

	it('puts the HTML back in front of a streamed page’s chunks', async () => {
		const res = await resolvePageBody(event, streamedPage);
		expect(await res.text()).toBe(PAGE + '\n<script>chunk 1</script><script>chunk 2</script>');
		expect(res.headers.get('content-length')).toBeNull();
	});

	it('keeps the status of an error page', async () => {
		const res = await resolvePageBody(event, async (e, opts) => {
			const r = await wholePage(e, opts);
			return new Response(r.body, { status: 404, headers: r.headers });
		});
		expect([res.status, await res.text()]).toEqual([404, PAGE]);
	});

	it('leaves what is not a rendered page as it is', async () => {
		const redirect = new Response(null, { status: 303, headers: { location: '/accesso' } });
		expect(await resolvePageBody(event, () => redirect)).toBe(redirect);
	});
});
