import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Scoped styles' class names: Svelte's own hash of the component's CSS, with «s» in front instead of
		// «svelte-». The class is on most elements of every page (2.400 times in an overview at 100 times
		// the plan): six characters fewer each is 14 kB less HTML to render, hash, send and parse.
		cssHash: ({ hash, css }) => `s${hash(css)}`
	},
	kit: {
		adapter: adapter(),
		// Kit adds nonces/hashes for its own inline scripts; nothing else may run.
		csp: {
			// Hashes, not nonces: the same page may be served again from the page cache, and a nonce must
			// never be reused; a hash stays true for the same bytes.
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		alias: {
			// Migrations live at the top level (db/) so the CLI and the server share them.
			$db: 'db'
		}
	}
};

export default config;
