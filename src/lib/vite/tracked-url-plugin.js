/**
 * Vite plugin: on the server, SvelteKit's `make_trackable` is replaced by `trackedUrl`
 * (src/lib/server/render/tracked-url.ts says why: SvelteKit's version changes every load's URL copy in
 * ways that keep each request alive in V8's old generation until a full collection).
 *
 * SvelteKit has no option for it, so this rewrites its module (kit/src/utils/url.js) for the server
 * build only: the original function is renamed and left unused, and `make_trackable` is exported from
 * our module. The browser's copy stays as it is. If a SvelteKit release writes the function
 * differently, the build stops here with a message rather than silently losing the change
 * (tests/page-garbage.test.ts checks the effect on the built server).
 */

const KIT_URL_MODULE = /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]utils[\\/]url\.js$/;
const SIGNATURE = 'export function make_trackable(url, callback, search_params_callback, allow_hash = false) {';

/** @returns {import('vite').Plugin} */
export function trackedUrl() {
	return {
		name: 'cruscotto:tracked-url',
		enforce: 'pre',
		transform(code, id, options) {
			if (!options?.ssr || !KIT_URL_MODULE.test(id)) return null;
			if (!code.includes(SIGNATURE)) {
				this.error(`tracked-url: ${id} non contiene più «${SIGNATURE}»: aggiornare src/lib/vite/tracked-url-plugin.js alla nuova versione di SvelteKit.`);
			}
			const replaced =
				code.replace(SIGNATURE, SIGNATURE.replace('export function make_trackable', 'function make_trackable_of_sveltekit')) +
				`\nexport { trackedUrl as make_trackable } from '$lib/server/render/tracked-url';\n`;
			return { code: replaced, map: null };
		}
	};
}
