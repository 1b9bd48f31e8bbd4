import { describe, expect, it } from 'vitest';
// SvelteKit's own function, from the installed release: the reference the replacement must equal.
// @ts-expect-error: SvelteKit's sources ship without type declarations for this module
import { make_trackable } from '../../../../node_modules/@sveltejs/kit/src/utils/url.js';
import { trackedUrl } from './tracked-url';

type Make = (url: URL, callback: () => void, searchParamsCallback: (p: string) => void, allowHash?: boolean) => URL;

/** What a load reads and what it gets back, and what SvelteKit then knows it used. */
function run(make: Make, read: (url: URL) => unknown, allowHash = false) {
	const uses = { url: 0, params: [] as string[] };
	const url = make(new URL('https://cruscotto.example/dirigenti/4?anno=2022&data=2022-06-30&dv=3&dv=5#fasi'), () => uses.url++, (p) => uses.params.push(p), allowHash);
	let value: unknown;
	let error: string | null = null;
	try {
		value = read(url);
	} catch (e) {
		error = (e as Error).message;
	}
	return { value, error, tracksUrl: uses.url > 0, params: uses.params };
}

const READS: Record<string, (url: URL) => unknown> = {
	pathname: (u) => u.pathname,
	href: (u) => u.href,
	search: (u) => u.search,
	origin: (u) => u.origin,
	host: (u) => u.host,
	protocol: (u) => u.protocol,
	string: (u) => String(u),
	template: (u) => `${u}`,
	toString: (u: URL) => u.toString(),
	json: (u) => JSON.stringify({ u }),
	'new URL': (u) => new URL(u).href,
	'relative URL': (u) => new URL('../obiettivi', u).href,
	hash: (u) => u.hash,
	'searchParams.get': (u) => u.searchParams.get('anno'),
	'searchParams.getAll': (u) => u.searchParams.getAll('dv'),
	'searchParams.has': (u) => [u.searchParams.has('data'), u.searchParams.has('pagina')],
	'searchParams entries': (u) => [...u.searchParams],
	'searchParams.toString': (u) => u.searchParams.toString(),
	'searchParams.size': (u) => u.searchParams.size,
	'searchParams.forEach': (u) => {
		const seen: string[] = [];
		u.searchParams.forEach((v, k) => seen.push(`${k}=${v}`));
		return seen;
	},
	'new URLSearchParams': (u) => new URLSearchParams(u.searchParams).toString(),
	'the same searchParams twice': (u) => u.searchParams === u.searchParams,
	instanceof: (u) => u instanceof URL,
	'nothing read': () => null
};

describe('trackedUrl, beside SvelteKit’s make_trackable', () => {
	it.each(Object.keys(READS))('%s: the same value, the same error, the same uses', (name) => {
		const read = READS[name];
		expect(run(trackedUrl, read)).toEqual(run(make_trackable as Make, read));
	});

	it.each(['hash', 'href', 'searchParams.get'])('%s with the hash allowed: the same', (name) => {
		expect(run(trackedUrl, READS[name], true)).toEqual(run(make_trackable as Make, READS[name], true));
	});

	it('tracks only what was read: a parameter by name, or the whole URL', () => {
		expect(run(trackedUrl, READS['searchParams.get'])).toMatchObject({ tracksUrl: false, params: ['anno'] });
		expect(run(trackedUrl, READS.origin)).toMatchObject({ tracksUrl: false, params: [] });
		expect(run(trackedUrl, READS.pathname)).toMatchObject({ tracksUrl: true, params: [] });
		expect(run(trackedUrl, READS['searchParams entries'])).toMatchObject({ tracksUrl: true });
		expect(run(trackedUrl, READS.hash).error).toMatch(/Cannot access event\.url\.hash/);
	});

	it('leaves the request’s URL and its own copy unchanged (no properties defined on either)', () => {
		const original = new URL('https://cruscotto.example/?anno=2022');
		const url = trackedUrl(original, () => {}, () => {});
		void url.pathname;
		void url.searchParams.get('anno');
		expect(Object.getOwnPropertyNames(original)).toEqual([]);
		expect(Reflect.ownKeys(url)).toEqual([]);
		expect(() => {
			'use strict';
			(url as { pathname: string }).pathname = '/altro';
		}).toThrow(TypeError);
		expect(url.pathname).toBe('/');
	});
});
