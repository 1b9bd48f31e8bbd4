/**
 * Compression of the responses the server renders (HTML, CSV, JSON). Static files are compressed
 * once at build time by adapter-node; pages are not, and a report page is 590 kB of HTML that
 * compresses to a tenth. Brotli at a low quality is as fast as gzip and smaller; gzip for the rest.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this, the headers would cost more than compression saves. */
export const MIN_COMPRESSED_BYTES = 1024;

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/;

export function isCompressible(contentType: string | null): boolean {
	return contentType !== null && COMPRESSIBLE.test(contentType);
}

/** The best encoding the client accepts (`Accept-Encoding`, with q-values), or null for none. */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const q = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const value = qParam ? Number(qParam.slice(2)) : 1;
		if (name) q.set(name, Number.isFinite(value) ? value : 0);
	}
	const weight = (enc: Encoding) => q.get(enc) ?? q.get('*') ?? 0;
	const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a))[0];
	return best ?? null;
}

export function compress(body: Uint8Array, encoding: Encoding): Uint8Array {
	return encoding === 'br'
		? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
		: gzipSync(body, { level: 6 });
}

/** Each encoding of a representation has its own ETag (RFC 9110 §8.8.3): `"abc"` → `"abc-br"`. */
export function encodedEtag(etag: string, encoding: Encoding | null): string {
	return encoding ? etag.replace(/"$/, `-${encoding}"`) : etag;
}

/** Whether `If-None-Match` names this representation in any of its encodings. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const variants = new Set([etag, encodedEtag(etag, 'br'), encodedEtag(etag, 'gzip')]);
	return ifNoneMatch.split(',').some((t) => variants.has(t.trim().replace(/^W\//, '')));
}

/**
 * The response compressed for the client, when that is worth it: a rendered 200 of a text type,
 * not already encoded, at least MIN_COMPRESSED_BYTES long. Its ETag, if any, names the encoding.
 */
export async function compressResponse(response: Response, encoding: Encoding | null): Promise<Response> {
	if (!encoding || response.status !== 200 || !response.body || response.headers.has('content-encoding')) return response;
	if (!isCompressible(response.headers.get('content-type'))) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.append('Vary', 'Accept-Encoding');
	if (body.byteLength < MIN_COMPRESSED_BYTES) return new Response(body, { status: response.status, headers });
	headers.set('Content-Encoding', encoding);
	headers.delete('Content-Length');
	const etag = headers.get('ETag');
	if (etag) headers.set('ETag', encodedEtag(etag, encoding));
	return new Response(compress(body, encoding) as BodyInit, { status: response.status, headers });
}
