/**
 * SvelteKit's `make_trackable` (kit/src/utils/url.js) for the server, without touching the URL.
 *
 * Every server `load` gets a copy of the request's URL that notes what the load read (its `uses`: the
 * whole URL, or some search parameters), so that the browser knows when to run it again. SvelteKit
 * makes it by changing the copy: five accessor properties, a `hash` that throws, two
 * `util.inspect` functions and a `searchParams` Proxy, on every load of every request. V8 keeps
 * accessor pairs in the old generation, and the young collector treats old objects as alive: until
 * the next full collection those changes kept the load's callbacks, and through them the load's data,
 * the event and SvelteKit's whole page rendering (BENCHMARKS.md, «Sessione 9» found it, «Sessione 10»
 * measured the fix). Here the copy is left as it is and a Proxy in front of it notes the same reads:
 * the same callbacks, for the same properties, with the same values (a unit test compares the two on
 * the same reads).
 *
 * Installed for the server build by src/lib/vite/kit-server-replacements-plugin.js.
 */

/** The URL properties that may change while the page lives (not `origin` and the like). */
const TRACKED_PROPERTIES: ReadonlySet<PropertyKey> = new Set(['href', 'pathname', 'search', 'toString', 'toJSON']);
/** Search parameter reads that name the parameter; any other read of searchParams tracks the whole URL. */
const NAMED_READS: ReadonlySet<PropertyKey> = new Set(['get', 'getAll', 'has']);

const HASH_MESSAGE = 'Cannot access event.url.hash. Consider using `page.url.hash` inside a component instead';

export function trackedUrl(url: URL, callback: () => void, searchParamsCallback: (param: string) => void, allowHash = false): URL {
	const copy = new URL(url);
	let searchParams: URLSearchParams | undefined;
	return new Proxy(copy, {
		get(target, key) {
			// What SvelteKit itself defines on the copy (disable_search, when prerendering) comes first.
			if (Object.hasOwn(target, key)) return Reflect.get(target, key, target);
			if (key === 'searchParams') return (searchParams ??= trackedSearchParams(target.searchParams, callback, searchParamsCallback));
			if (key === 'hash' && !allowHash) throw new Error(HASH_MESSAGE);
			if (TRACKED_PROPERTIES.has(key) || key === 'hash') callback();
			const value = Reflect.get(target, key, target);
			// URL's methods need the URL itself as `this`, not the Proxy.
			return key === 'toString' || key === 'toJSON' ? (value as () => string).bind(target) : value;
		},
		// SvelteKit's copy had getters without setters: writing to it is refused, as there.
		set: () => false
	});
}

function trackedSearchParams(params: URLSearchParams, callback: () => void, searchParamsCallback: (param: string) => void): URLSearchParams {
	return new Proxy(params, {
		get(target, key) {
			if (NAMED_READS.has(key)) {
				const method = target[key as 'get' | 'getAll' | 'has'] as (name: string, ...rest: unknown[]) => unknown;
				return (param: string, ...rest: unknown[]) => {
					searchParamsCallback(param);
					return method.call(target, param, ...rest);
				};
			}
			callback();
			const value = Reflect.get(target, key, target);
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
}
