/**
 * Vite plugin: the server's root component renders pages as flat strings (see
 * src/lib/server/render/flat-page-html.ts for why).
 *
 * SvelteKit writes `.svelte-kit/generated/root.js` (`export default asClassComponent(Root);`) and its
 * server calls `root.render(…)` for every page. There is no option to wrap that call, so this plugin
 * rewrites the generated module for the server build only; the browser's copy is left as it is.
 * If a SvelteKit release writes that module differently, the build stops here with a message rather
 * than silently losing the wrapper (tests/page-garbage.test.ts checks the effect on the built server).
 */

const GENERATED_ROOT = /[\\/]\.svelte-kit[\\/]generated[\\/]root\.js$/;
const EXPORT = 'export default asClassComponent(Root);';

/**
 * Written in JavaScript so that vite.config.ts can import it with its file extension, as Vite's own
 * config loader asks.
 * @returns {import('vite').Plugin}
 */
export function flatPageHtml() {
	return {
		name: 'cruscotto:flat-page-html',
		enforce: 'pre',
		transform(code, id, options) {
			if (!options?.ssr || !GENERATED_ROOT.test(id)) return null;
			if (!code.includes(EXPORT)) {
				this.error(`flat-page-html: ${id} non contiene più «${EXPORT}»: aggiornare src/lib/vite/flat-page-html-plugin.js alla nuova versione di SvelteKit.`);
			}
			const wrapped = code.replace(
				EXPORT,
				`import { withFlatPageHtml } from '$lib/server/render/flat-page-html';\nexport default withFlatPageHtml(asClassComponent(Root));`
			);
			return { code: wrapped, map: null };
		}
	};
}
