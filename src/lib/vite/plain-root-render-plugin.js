/**
 * Vite plugin: the server renders SvelteKit's root component with `svelte/server` directly and gets a
 * plain object back (src/lib/server/render/plain-root-render.ts says why).
 *
 * SvelteKit writes `.svelte-kit/generated/root.js` (`export default asClassComponent(Root);`), and its
 * server calls `root.render(…)` for every page. There is no option to change that call, so this plugin
 * rewrites the generated module for the server build only. The browser's copy stays as it is.
 * If a SvelteKit release writes that module differently, the build stops here with a message rather
 * than silently losing the change (tests/page-garbage.test.ts checks the effect on the built server).
 */

const GENERATED_ROOT = /[\\/]\.svelte-kit[\\/]generated[\\/]root\.js$/;
const EXPORT = 'export default asClassComponent(Root);';

/**
 * Written in JavaScript so that vite.config.ts can import it with its file extension, as Vite's own
 * config loader asks.
 * @returns {import('vite').Plugin}
 */
export function plainRootRender() {
	return {
		name: 'cruscotto:plain-root-render',
		enforce: 'pre',
		transform(code, id, options) {
			if (!options?.ssr || !GENERATED_ROOT.test(id)) return null;
			if (!code.includes(EXPORT)) {
				this.error(`plain-root-render: ${id} non contiene più «${EXPORT}»: aggiornare src/lib/vite/plain-root-render-plugin.js alla nuova versione di SvelteKit.`);
			}
			const wrapped = code.replace(
				EXPORT,
				`import { withPlainRender } from '$lib/server/render/plain-root-render';\nexport default withPlainRender(asClassComponent(Root), Root);`
			);
			return { code: wrapped, map: null };
		}
	};
}
