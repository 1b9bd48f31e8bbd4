/**
 * Vite plugin: for the server build only, five pieces of SvelteKit, devalue and Svelte are replaced by ours
 * (the browser's copies stay as they are). None has an option for any of them:
 *
 * - the generated root (`.svelte-kit/generated/root.js`, `asClassComponent(Root)` from svelte/legacy),
 *   whose `render` is replaced by `plainRender` (src/lib/server/render/plain-root-render.ts): the
 *   legacy result's getters kept every page's render alive in V8's old generation;
 * - `make_trackable` (kit/src/utils/url.js), by `trackedUrl` (src/lib/server/render/tracked-url.ts):
 *   SvelteKit's version changes every load's copy of the URL in ways that kept each request alive in
 *   the old generation until a full collection;
 * - `sha256` (kit/src/runtime/server/page/crypto.js), which hashes the page's inline script for the
 *   Content-Security-Policy in JavaScript, by `cspSha256` (src/lib/server/render/csp-sha256.ts): the
 *   same digest from Node's OpenSSL;
 * - devalue's `uneval` (devalue/src/uneval.js), which writes a hydrated page's data into the page, by
 *   the same function with a shorter way through for plain data in front (src/lib/server/render/fast-uneval.ts);
 * - in Svelte's server renderer (svelte/src/internal/server/renderer.js), the collection of the page's
 *   strings: when `plainRender` passes `bodyChunks`, the body is set aside in flat pieces as it grows
 *   (src/lib/server/render/body-chunks.ts) instead of becoming one rope of the whole page, which V8
 *   copies into fresh large-object memory when the page is encoded.
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

const SVELTE_RENDERER = /[\\/]svelte[\\/]src[\\/]internal[\\/]server[\\/]renderer\.js$/;

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
	},
	{
		module: /[\\/]devalue[\\/]src[\\/]uneval\.js$/,
		original: 'export function uneval(value, replacer) {',
		replacement: 'function uneval_of_devalue(value, replacer) {',
		// devalue's own recursion (the replacer's second argument) goes through the new export too.
		append: "\nimport { withFastPath } from '$lib/server/render/fast-uneval';\nexport const uneval = withFastPath(uneval_of_devalue);\n"
	},
	// Svelte's renderer, twice: the synchronous render starts its collection with the pieces' list when it
	// was given one, and the collection sets a piece aside each time the body reaches its size.
	{
		module: SVELTE_RENDERER,
		original: 'result = Renderer.#close_render(renderer.#collect_content(), renderer);',
		replacement:
			"result = Renderer.#close_render(renderer.#collect_content(options.bodyChunks === undefined ? undefined : { head: '', body: '', chunks: options.bodyChunks }), renderer);",
		append: ''
	},
	{
		module: SVELTE_RENDERER,
		original: 'content[this.type] += item;\n\t\t\t} else if (item instanceof Renderer) {\n\t\t\t\titem.#collect_content(content);',
		replacement:
			'content[this.type] += item;\n\t\t\t\tif (content.chunks !== undefined && content.body.length >= BODY_CHUNK_CHARS) sealBodyChunk(content);\n\t\t\t} else if (item instanceof Renderer) {\n\t\t\t\titem.#collect_content(content);',
		// An import declaration is hoisted: at the end of the module it is as if it were at the top.
		append: "\nimport { BODY_CHUNK_CHARS, sealBodyChunk } from '$lib/server/render/body-chunks';\n"
	}
];

/** @returns {import('vite').Plugin} */
export function kitServerReplacements() {
	return {
		name: 'cruscotto:kit-server-replacements',
		enforce: 'pre',
		// SvelteKit has Vite bundle its own runtime and Svelte into the server build, but leaves devalue to
		// be imported from node_modules (adapter-node copies it in later, past every Vite plugin): bundled
		// here, it passes through this plugin's transform like the others.
		config: () => ({ ssr: { noExternal: ['devalue'] } }),
		transform(code, id, options) {
			if (!options?.ssr) return null;
			const found = REPLACEMENTS.filter((candidate) => candidate.module.test(id));
			if (found.length === 0) return null;
			let out = code;
			for (const r of found) {
				// Exactly once: a text found twice would leave the second copy unchanged without a word.
				if (out.split(r.original).length !== 2) {
					this.error(`kit-server-replacements: ${id} non contiene più una volta sola «${r.original}»: aggiornare src/lib/vite/kit-server-replacements-plugin.js alla nuova versione di SvelteKit, di Svelte o di devalue.`);
				}
				out = out.replace(r.original, r.replacement) + r.append;
			}
			return { code: out, map: null };
		}
	};
}
