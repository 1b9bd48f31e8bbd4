import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	kit: {
		adapter: adapter(),
		alias: {
			// Migrations live at the top level (db/) so the CLI and the server share them.
			$db: 'db'
		}
	}
};

export default config;
