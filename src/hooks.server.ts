import type { Handle, RequestEvent, ServerInit } from '@sveltejs/kit';
import { databasePathFromEnv, limitServerPageCache, openMigratedDatabase, type Db } from '$lib/server/db/database';
import { seedIfEmpty } from '$lib/server/seed';
import { serverTimingHeader, withQueryTally } from '$lib/server/db/query-counter';
import { findSessionUser, SESSION_COOKIE } from '$lib/server/auth/session';
import { createInitialAccounts, ROLE_LABELS } from '$lib/server/auth/users.repository';
import { dataRevision } from '$lib/server/cache/data-revision';
import { runRaw } from '$lib/server/db/raw-query';
import { todayInItaly } from '$lib/monitoring-dates';
import { compressResponse, encodedEtag, etagMatches, negotiateEncoding, type Encoding } from '$lib/server/http/compression';
import { resolvePageBody } from '$lib/server/http/page-body';
import { warmUp } from '$lib/server/warm-up';
import { collectGarbage } from '$lib/server/collect-garbage';
import { CACHEABLE_ROUTES, cacheableUrl, capture, isTaggable, pageCacheFromEnv, pageEtag, replay, type PageCache } from '$lib/server/cache/page-cache';

let db: Db;
let pageCache: PageCache | null = null;

/** Runs once when the server starts: open the database, bring its schema up to date, seed a new one. */
export const init: ServerInit = async () => {
	const file = databasePathFromEnv();
	db = await openMigratedDatabase(file);
	pageCache = pageCacheFromEnv();
	console.log(`Database: ${file} (${seedIfEmpty(db)})`);
	limitServerPageCache(db);
	// INITIAL_ACCOUNTS=no skips them (e.g. a benchmark on synthetic plans with hundreds of directors).
	const accounts = process.env.INITIAL_ACCOUNTS === 'no' ? [] : await createInitialAccounts(db);
	if (accounts.length > 0) {
		// Shown once, here, and never stored in clear: whoever starts the server hands them out.
		console.log('\nAccount creati al primo avvio (le password sono mostrate solo ora; nel database c’è solo il loro hash):');
		for (const a of accounts) console.log(`  ${a.username.padEnd(26)} ${ROLE_LABELS[a.role].padEnd(22)} password: ${a.password}`);
		console.log('Cambiarle o aggiungere account: npm run users -- --help\n');
	}
	// Once the server listens: the first pages' evaluations, so that its first visitors do not each wait for them.
	setTimeout(() => {
		const started = performance.now();
		warmUp(db).then(
			() =>
				// The warm-up's garbage goes now, not when the heap next fills (collect-garbage.ts): on the next
				// turn of the event loop, when nothing of the warm-up's own calls holds it any more.
				setTimeout(() => {
					collectGarbage();
					console.log(`Valutazioni preparate in ${Math.round(performance.now() - started)} ms`);
				}, 0),
			(e) => console.error('Preparazione delle valutazioni non riuscita (saranno fatte alla prima richiesta):', e)
		);
	}, 0);
};

/** Pages anyone may open without signing in. */
function isPublic(pathname: string): boolean {
	return pathname === '/accesso' || pathname.startsWith('/trasparenza');
}

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.db = db;
	return withQueryTally(async (tally) => {
		const token = event.cookies.get(SESSION_COOKIE);
		event.locals.user = token ? await findSessionUser(db, token) : null;

		// Once accounts exist, the internal dashboard is for signed-in users only.
		if (!event.locals.user && !isPublic(event.url.pathname) && accountsExist()) {
			if (event.request.method === 'GET' || event.request.method === 'HEAD') {
				const back = event.url.pathname + event.url.search;
				return secure(new Response(null, { status: 303, headers: { location: `/accesso?ritorno=${encodeURIComponent(back)}` } }));
			}
			return secure(new Response('Accesso richiesto: entrare con il proprio account.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
		}

		const encoding = negotiateEncoding(event.request.headers.get('accept-encoding'));
		const view = isReadOnlyView(event) ? await resolveReadOnlyView(pageCache, event, resolve, encoding) : null;
		const response = view?.response ?? (await compressResponse(await resolve(event), encoding));
		// How many SQL queries this response took: a page's count must not grow with the data.
		response.headers.set('Server-Timing', serverTimingHeader(tally) + (view?.outcome ? `, cache;desc="${view.outcome}"` : ''));
		return secure(response);
	});
};

/** The read-only pages (cache/page-cache.ts): a function of the data, the URL, the user and the day. */
function isReadOnlyView(event: RequestEvent): boolean {
	return event.request.method === 'GET' && !event.isDataRequest && event.route.id !== null && CACHEABLE_ROUTES.has(event.route.id);
}

/**
 * A read-only page: a 304 when the browser's copy is still exact, else from the page cache when it
 * holds it, else rendered (its body outside SvelteKit's hash: http/page-body.ts) and tagged with an
 * ETag made from the data revision, so that the next revalidation is answered without rendering.
 * `outcome` is the page cache's (null without a page cache); the response comes compressed.
 */
async function resolveReadOnlyView(
	cache: PageCache | null,
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve'],
	encoding: Encoding | null
): Promise<{ outcome: 'hit' | 'miss' | 'skip' | null; response: Response }> {
	const url = cacheableUrl(event.url);
	// Other parameters than the page reads: rendered, neither stored nor tagged.
	if (url === null) return { outcome: cache ? 'skip' : null, response: await compressResponse(await resolvePageBody(event, resolve), encoding) };
	const revision = dataRevision(db);
	const key = { url, userId: event.locals.user?.id ?? 0, today: todayInItaly() };
	const etag = pageEtag(revision, key);
	const outcome = (o: 'hit' | 'miss') => (cache ? o : null);
	if (etagMatches(event.request.headers.get('if-none-match'), etag)) {
		return { outcome: outcome('hit'), response: new Response(null, { status: 304, headers: { ETag: encodedEtag(etag, encoding), 'Cache-Control': 'private, no-cache', Vary: 'Accept-Encoding' } }) };
	}
	const stored = cache?.get(revision, key);
	if (stored) return { outcome: 'hit', response: replay(stored, encoding) };

	const rendered = await resolvePageBody(event, resolve);
	// Rendered while someone wrote? Then it may mix old and new: serve it, but neither keep nor tag it.
	const unchanged = dataRevision(db) === revision;
	if (cache) {
		const { page, storable } = await capture(rendered, revision, key);
		const client = event.locals.user ? `utente:${event.locals.user.id}` : `indirizzo:${event.getClientAddress()}`;
		if (storable && unchanged) cache.set(revision, key, page, client);
		else page.etag = null;
		return { outcome: 'miss', response: replay(page, encoding) };
	}
	if (unchanged && isTaggable(rendered)) {
		rendered.headers.set('ETag', etag);
		rendered.headers.set('Cache-Control', 'private, no-cache');
	}
	return { outcome: null, response: await compressResponse(rendered, encoding) };
}

let hadAccounts = false;

/**
 * Whether this database has ever had accounts: any account, enabled or not (accounts are disabled,
 * never deleted). Disabling every account must close the dashboard, not open it to anyone. Once
 * true it stays true for the life of the process, so the common case costs no query.
 */
function accountsExist(): boolean {
	hadAccounts ||= runRaw<[number]>(db, 'SELECT 1 FROM user LIMIT 1', []).length > 0;
	return hadAccounts;
}

/** Defence in depth for pages that show text from CSV files (the CSP itself is in svelte.config.js). */
function secure(response: Response): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
}
