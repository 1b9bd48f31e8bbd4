/**
 * Vite plugin: for the server build only, three pieces of SvelteKit are replaced by ours (the browser's
 * copies stay as they are). SvelteKit has no option for any of them:
 *
 * - the generated root (`.svelte-kit/generated/root.js`, `asClassComponent(Root)` from svelte/legacy),
 *   whose `render` is replaced by `plainRender` (src/lib/server/render/plain-root-render.ts): the
 *   legacy result's getters kept every page's render alive in V8's old generation;
 * - `make_trackable` (kit/src/utils/url.js), by `trackedUrl` (src/lib/server/render/tracked-url.ts):
 *   SvelteKit's version changes every load's copy of the URL in ways that kept each request alive in
 *   the old generation until a full collection;
 * - `sha256` (kit/src/runtime/server/page/crypto.js), which hashes the page's inline script for the
 *   Content-Security-Policy in JavaScript, by `cspSha256` (src/lib/server/render/csp-sha256.ts): the
 *   same digest from Node's OpenSSL.
 *
 * Each replacement names the exact text it replaces. If a SvelteKit release writes it differently, the
 * build stops here with a message rather than silently losing the change (unit tests compare each
 * replacement with SvelteKit's own code, and tests/page-garbage.test.ts checks the built server).
 * Written in JavaScript so that vite.config.ts can import it with its file extension, as Vite's own
 * config loader asks.
 */

/**
 * A replaced function: renamed and left unused, and ours exported under its name.
 * @param {string} signature SvelteKit's exact first line of the function
 * @param {string} name its name
 * @param {string} ours the name of our function
 * @param {string} from our module
 */
const replacedFunction = (signature, name, ours, from) => ({
	original: signature,
	replacement: signature.replace(`export function ${name}(`, `function ${name}_of_sveltekit(`),
	append: `\nexport { ${ours} as ${name} } from '${from}';\n`
});

const REPLACEMENTS = [
	{
		module: /[\\/]\.svelte-kit[\\/]generated[\\/]root\.js$/,
		original: 'export default asClassComponent(Root);',
		replacement: `import { withPlainRender } from '$lib/server/render/plain-root-render';\nexport default withPlainRender(asClassComponent(Root), Root);`,
		append: ''
	},
	{
		module: /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]utils[\\/]url\.js$/,
		...replacedFunction('export function make_trackable(url, callback, search_params_callback, allow_hash = false) {', 'make_trackable', 'trackedUrl', '$lib/server/render/tracked-url')
	},
	{
		module: /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]server[\\/]page[\\/]crypto\.js$/,
		...replacedFunction('export function sha256(data) {', 'sha256', 'cspSha256', '$lib/server/render/csp-sha256')
	}
];

/** @returns {import('vite').Plugin} */
export function kitServerReplacements() {
	return {
		name: 'cruscotto:kit-server-replacements',
		enforce: 'pre',
		transform(code, id, options) {
			if (!options?.ssr) return null;
			const r = REPLACEMENTS.find((candidate) => candidate.module.test(id));
			if (!r) return null;
			if (!code.includes(r.original)) {
				this.error(`kit-server-replacements: ${id} non contiene più «${r.original}»: aggiornare src/lib/vite/kit-server-replacements-plugin.js alla nuova versione di SvelteKit.`);
			}
			return { code: code.replace(r.original, r.replacement) + r.append, map: null };
		}
	};
}
