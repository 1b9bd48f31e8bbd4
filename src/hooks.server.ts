import type { Handle, RequestEvent, ServerInit } from '@sveltejs/kit';
import { databasePathFromEnv, limitServerPageCache, openMigratedDatabase, type Db } from '$lib/server/db/database';
import { seedIfEmpty } from '$lib/server/seed';
import { serverTimingHeader, withQueryTally } from '$lib/server/db/query-counter';
import { findSessionUser, SESSION_COOKIE } from '$lib/server/auth/session';
import { createInitialAccounts, ROLE_LABELS } from '$lib/server/auth/users.repository';
import { dataRevision } from '$lib/server/cache/data-revision';
import { todayInItaly } from '$lib/monitoring-dates';
import { compressResponse, encodedEtag, negotiateEncoding, type Encoding } from '$lib/server/http/compression';
import { warmUp } from '$lib/server/warm-up';
import { collectGarbage } from '$lib/server/collect-garbage';
import { CACHEABLE_ROUTES, cacheableUrl, capture, notModified, pageCacheFromEnv, replay, type PageCache, type StoredPage } from '$lib/server/cache/page-cache';

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
		if (!event.locals.user && !isPublic(event.url.pathname) && (await accountsExist())) {
			if (event.request.method === 'GET' || event.request.method === 'HEAD') {
				const back = event.url.pathname + event.url.search;
				return secure(new Response(null, { status: 303, headers: { location: `/accesso?ritorno=${encodeURIComponent(back)}` } }));
			}
			return secure(new Response('Accesso richiesto: entrare con il proprio account.', { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
		}

		const encoding = negotiateEncoding(event.request.headers.get('accept-encoding'));
		const cached = pageCache && isCacheable(event) ? await resolveThroughCache(pageCache, event, resolve, encoding) : null;
		// Pages from the cache come compressed already (each encoding made once); the rest here.
		const response = cached && cached.outcome !== 'skip' ? cached.response : await compressResponse(cached?.response ?? (await resolve(event)), encoding);
		// How many SQL queries this response took: a page's count must not grow with the data.
		response.headers.set('Server-Timing', serverTimingHeader(tally) + (cached ? `, cache;desc="${cached.outcome}"` : ''));
		return secure(response);
	});
};

function isCacheable(event: RequestEvent): boolean {
	return event.request.method === 'GET' && !event.isDataRequest && event.route.id !== null && CACHEABLE_ROUTES.has(event.route.id);
}

/** A read-only page from the page cache when the data has not changed since it was rendered. */
async function resolveThroughCache(
	cache: PageCache,
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve'],
	encoding: Encoding | null
): Promise<{ outcome: 'hit' | 'miss' | 'skip'; response: Response }> {
	const url = cacheableUrl(event.url);
	if (url === null) return { outcome: 'skip', response: await resolve(event) };
	const revision = dataRevision(db);
	const key = { url, userId: event.locals.user?.id ?? 0, today: todayInItaly() };
	const ifNoneMatch = event.request.headers.get('if-none-match');
	const answer = (page: StoredPage) =>
		notModified(page, ifNoneMatch)
			? new Response(null, { status: 304, headers: { ETag: encodedEtag(page.etag!, encoding), 'Cache-Control': 'private, no-cache', Vary: 'Accept-Encoding' } })
			: replay(page, encoding);

	const stored = cache.get(revision, key);
	if (stored) return { outcome: 'hit', response: answer(stored) };
	const { page, storable } = await capture(await resolve(event), revision, key);
	// Rendered while someone wrote? Then it may mix old and new: serve it, but do not keep it.
	const client = event.locals.user ? `utente:${event.locals.user.id}` : `indirizzo:${event.getClientAddress()}`;
	if (storable && dataRevision(db) === revision) cache.set(revision, key, page, client);
	return { outcome: 'miss', response: answer(page) };
}

let hadAccounts = false;

/**
 * Whether this database has ever had accounts: any account, enabled or not (accounts are disabled,
 * never deleted). Disabling every account must close the dashboard, not open it to anyone. Once
 * true it stays true for the life of the process, so the common case costs no query.
 */
async function accountsExist(): Promise<boolean> {
	hadAccounts ||= (await db.kysely.selectFrom('user').select('id').limit(1).executeTakeFirst()) !== undefined;
	return hadAccounts;
}

/** Defence in depth for pages that show text from CSV files (the CSP itself is in svelte.config.js). */
function secure(response: Response): Response {
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
}
