import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressResponse, encodedEtag, etagMatches, negotiateEncoding } from './compression';

describe('negotiateEncoding', () => {
	it.each([
		['gzip, deflate, br, zstd', 'br'],
		['gzip, deflate', 'gzip'],
		['br;q=0.5, gzip;q=0.9', 'gzip'],
		['br;q=0, gzip;q=0', null],
		['identity', null],
		['*', 'br'],
		['*;q=0.1, br;q=0', 'gzip'],
		['', null],
		[null, null]
	])('%j → %s', (header, expected) => expect(negotiateEncoding(header)).toBe(expected));
});

describe('compressResponse', () => {
	const html = '<!doctype html><p>' + 'Attività città perché '.repeat(500) + '</p>';
	const page = (body = html, headers: Record<string, string> = {}) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });

	it('compresses a page the client accepts, readable back byte for byte', async () => {
		for (const enc of ['br', 'gzip'] as const) {
			const res = await compressResponse(page(), enc);
			expect(res.headers.get('content-encoding')).toBe(enc);
			expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
			const bytes = Buffer.from(await res.arrayBuffer());
			expect(bytes.byteLength).toBeLessThan(html.length / 10);
			expect((enc === 'br' ? brotliDecompressSync(bytes) : gunzipSync(bytes)).toString('utf8')).toBe(html);
		}
	});

	it('leaves alone what must not be touched', async () => {
		expect((await compressResponse(page(), null)).headers.get('content-encoding')).toBeNull();
		expect((await compressResponse(page('<p>breve</p>'), 'br')).headers.get('content-encoding')).toBeNull();
		const png = new Response(new Uint8Array(5000), { headers: { 'content-type': 'image/png' } });
		expect((await compressResponse(png, 'br')).headers.get('content-encoding')).toBeNull();
		const redirect = new Response(null, { status: 303, headers: { location: '/' } });
		expect((await compressResponse(redirect, 'br')).status).toBe(303);
	});

	it('gives each encoding its own ETag, and If-None-Match recognises all of them', async () => {
		const res = await compressResponse(page(html, { etag: '"abc"' }), 'gzip');
		expect(res.headers.get('etag')).toBe('"abc-gzip"');
		expect(etagMatches('"abc-gzip"', '"abc"')).toBe(true);
		expect(etagMatches('"x", "abc-br"', '"abc"')).toBe(true);
		expect(etagMatches('"abd"', '"abc"')).toBe(false);
		expect(encodedEtag('"abc"', null)).toBe('"abc"');
	});
});
