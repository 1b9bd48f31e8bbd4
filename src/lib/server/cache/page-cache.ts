/**
 * Rendered read-only pages, kept while the data they were rendered from is unchanged.
 *
 * A page is a function of its URL, the signed-in user, today's date (the default monitoring date) and
 * the database's content. The key holds the first three, and the whole cache is dropped as soon as the
 * data revision token moves (cache/data-revision.ts): a stored page is never older than the data. It
 * turns the overview of a 7.700-objective plan from a whole-plan evaluation and render into a lookup,
 * for the many readers between two rounds of data entry.
 *
 * Only the pages listed here, all GET-only views without per-request state (no generation time, no
 * cookies set, no form echo): not the data-entry and review pages, not the reports (their print page
 * states the time it was generated).
 */
import { createHash, randomBytes } from 'node:crypto';
import { WeightedLru } from './weighted-lru';
import { FILTER_KEYS } from '../../filters';
import { compress, encodedEtag, isCompressible, MIN_COMPRESSED_BYTES, type Encoding } from '../http/compression';

/** The query parameters the cacheable pages read: filters, sorting, paging, the search text. */
const PARAMETERS_PAGES_READ: ReadonlySet<string> = new Set([...FILTER_KEYS, 'ordina', 'verso', 'pagina', 'pagdir', 'q']);

/**
 * A client may fill the cache only so far between two data changes: otherwise a loop over query
 * strings (`?pagina=1…100000`) would push every other reader's pages out.
 */
export const MAX_PAGES_PER_CLIENT = 200;

/**
 * The page's URL as the key holds it: only the parameters the page reads, in a fixed order. A URL
 * with any other parameter is rendered but not stored (null): arbitrary query strings cannot fill
 * the cache with copies of the same page.
 */
export function cacheableUrl(url: URL): string | null {
	const params = [...url.searchParams];
	if (params.some(([name, value]) => !PARAMETERS_PAGES_READ.has(name) || value.length > 200)) return null;
	params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const query = new URLSearchParams(params).toString();
	return url.pathname + (query ? `?${query}` : '');
}

export const CACHEABLE_ROUTES: ReadonlySet<string> = new Set([
	'/',
	'/dirigenti/[id]',
	'/valori-pubblici/[id]',
	'/obiettivi/[anno]/[codice]',
	'/cerca',
	'/trasparenza',
	'/trasparenza/[anno]'
]);

export interface StoredPage {
	status: number;
	headers: Array<[string, string]>;
	body: Uint8Array;
	/** Only on pages that may be stored. */
	etag: string | null;
	/** The body compressed for clients that accept it, made on first demand and kept with the page. */
	encoded?: Partial<Record<Encoding, Uint8Array>>;
}

export interface PageKey {
	/** Path and query string, as requested. */
	url: string;
	/** 0 for a visitor who is not signed in. */
	userId: number;
	/** yyyy-mm-dd in Italy: pages default to the monitoring date current today. */
	today: string;
}

export class PageCache {
	#revision = '';
	#pages: WeightedLru<string, StoredPage>;
	#storedBy = new Map<string, number>();

	constructor(maxBytes: number) {
		// The compressed copies are made later, on demand, so they are reserved for here: each is under a
		// tenth of an HTML body (measured: 532 kB → 31 kB brotli, 35 kB gzip), two of them under a quarter.
		this.#pages = new WeightedLru(maxBytes, (page) => Math.ceil(page.body.byteLength * 1.25) + 512);
	}

	get(revision: string, key: PageKey): StoredPage | undefined {
		this.#sync(revision);
		return this.#pages.get(keyString(key));
	}

	/** Stores the page unless `client` (an account or an address) has stored its share already. */
	set(revision: string, key: PageKey, page: StoredPage, client = ''): boolean {
		this.#sync(revision);
		const stored = this.#storedBy.get(client) ?? 0;
		if (stored >= MAX_PAGES_PER_CLIENT) return false;
		this.#storedBy.set(client, stored + 1);
		this.#pages.set(keyString(key), page);
		return true;
	}

	/** A new revision makes every stored page unreachable: free them at once. */
	#sync(revision: string) {
		if (revision !== this.#revision) {
			this.#pages.clear();
			this.#storedBy.clear();
			this.#revision = revision;
		}
	}
}

function keyString(key: PageKey): string {
	return `${key.today}|${key.userId}|${key.url}`;
}

/** PAGE_CACHE_MB (default 64; 0 turns the cache off, as the benchmark does to measure rendering). */
export function pageCacheFromEnv(env: NodeJS.ProcessEnv = process.env): PageCache | null {
	const raw = env.PAGE_CACHE_MB?.trim();
	const mb = raw === undefined || raw === '' ? 64 : Number(raw);
	if (!Number.isFinite(mb) || mb < 0) throw new Error(`PAGE_CACHE_MB non valido: «${raw}» (un numero di megabyte, 0 per disattivare)`);
	return mb === 0 ? null : new PageCache(mb * 1024 * 1024);
}

/** A page that may be stored and tagged: a 200 that sets no cookie and does not say no-store. */
export function isTaggable(response: Response): boolean {
	return response.status === 200 && !response.headers.has('set-cookie') && !/no-store/.test(response.headers.get('cache-control') ?? '');
}

/**
 * Reads a rendered response into a storable page, or null when it must not be stored (not a 200, sets
 * a cookie, or says no-store). The response's body is consumed either way: answer with `replay`.
 */
export async function capture(response: Response, revision: string, key: PageKey): Promise<{ page: StoredPage; storable: boolean }> {
	const body = new Uint8Array(await response.arrayBuffer());
	const storable = isTaggable(response);
	const headers = [...response.headers].filter(([name]) => name !== 'set-cookie' && name !== 'content-length');
	return { page: { status: response.status, headers, body, etag: storable ? pageEtag(revision, key) : null }, storable };
}

/**
 * The same page, as a new Response, compressed for the client when it accepts it. Browsers may keep
 * it but must ask again (no-cache, private: it may be a signed-in user's view); the ETag lets the
 * server answer 304 while the data has not changed.
 */
export function replay(page: StoredPage, encoding: Encoding | null = null): Response {
	const headers = new Headers(page.headers);
	let body = page.body;
	const compressed = encoding && page.body.byteLength >= MIN_COMPRESSED_BYTES && isCompressible(headers.get('content-type'));
	if (compressed) {
		page.encoded ??= {};
		body = page.encoded[encoding] ??= compress(page.body, encoding);
		headers.set('Content-Encoding', encoding);
	}
	if (encoding) headers.append('Vary', 'Accept-Encoding');
	if (page.etag) {
		headers.set('ETag', encodedEtag(page.etag, compressed ? encoding : null));
		headers.set('Cache-Control', 'private, no-cache');
	}
	return new Response(body as BodyInit, { status: page.status, headers });
}

/**
 * Changes with the data, the user, the day and the URL; reveals none of them. And with the server
 * process: the data revision's counters start again when the server restarts (cache/data-revision.ts),
 * and a new version of the dashboard renders the same data differently, so a browser's tag from before
 * a restart must not match a page after it (one full download per page after a restart is the price).
 */
export function pageEtag(revision: string, key: PageKey): string {
	return `"${createHash('sha256').update(`${PROCESS_SALT}|${revision}|${keyString(key)}`).digest('base64url').slice(0, 22)}"`;
}

const PROCESS_SALT = randomBytes(12).toString('base64url');
