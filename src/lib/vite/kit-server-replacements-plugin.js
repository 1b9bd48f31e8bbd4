/**
 * Vite plugin: two functions of SvelteKit's server runtime are replaced by ours, for the server build
 * only (the browser's copies stay as they are). SvelteKit has no option for either:
 *
 * - `make_trackable` (kit/src/utils/url.js) by `trackedUrl` (src/lib/server/render/tracked-url.ts):
 *   SvelteKit's version changes every load's copy of the URL in ways that kept each request alive in
 *   V8's old generation until a full collection;
 * - `sha256` (kit/src/runtime/server/page/crypto.js), which hashes the page's inline script for the
 *   Content-Security-Policy in JavaScript, by `cspSha256` (src/lib/server/render/csp-sha256.ts): the
 *   same digest from Node's OpenSSL.
 *
 * Each original function is renamed and left unused, and the module exports ours under its name. If a
 * SvelteKit release writes one of them differently, the build stops here with a message rather than
 * silently losing the change (unit tests compare each replacement with SvelteKit's own function, and
 * tests/page-garbage.test.ts checks that the built server uses them).
 */

const REPLACEMENTS = [
	{
		module: /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]utils[\\/]url\.js$/,
		signature: 'export function make_trackable(url, callback, search_params_callback, allow_hash = false) {',
		name: 'make_trackable',
		ours: 'trackedUrl',
		from: '$lib/server/render/tracked-url'
	},
	{
		module: /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]server[\\/]page[\\/]crypto\.js$/,
		signature: 'export function sha256(data) {',
		name: 'sha256',
		ours: 'cspSha256',
		from: '$lib/server/render/csp-sha256'
	}
];

/** @returns {import('vite').Plugin} */
export function kitServerReplacements() {
	return {
		name: 'cruscotto:kit-server-replacements',
		enforce: 'pre',
		transform(code, id, options) {
			if (!options?.ssr) return null;
			const replacement = REPLACEMENTS.find((r) => r.module.test(id));
			if (!replacement) return null;
			const { signature, name, ours, from } = replacement;
			if (!code.includes(signature)) {
				this.error(`kit-server-replacements: ${id} non contiene più «${signature}»: aggiornare src/lib/vite/kit-server-replacements-plugin.js alla nuova versione di SvelteKit.`);
			}
			const replaced = code.replace(signature, signature.replace(`export function ${name}(`, `function ${name}_of_sveltekit(`)) + `\nexport { ${ours} as ${name} } from '${from}';\n`;
			return { code: replaced, map: null };
		}
	};
}
