import type { Transport } from '@sveltejs/kit';
import { isServerRenderedOnly, SERVER_RENDERED_HTML, ServerRenderedHtml } from '$lib/server-rendered-data';

/**
 * Page data marked as read by the server's rendering only (pages without client JavaScript), and HTML
 * a hydrated page already shows, travel as empty markers, not as their contents: see
 * src/lib/server-rendered-data.ts.
 */
export const transport: Transport = {
	ServerRenderedOnly: {
		encode: (value) => (isServerRenderedOnly(value) ? [] : false),
		decode: () => undefined
	},
	// HTML the browser already has from the first render of a hydrated page (htmlForPage).
	ServerRenderedHtml: {
		encode: (value) => (value instanceof ServerRenderedHtml ? [] : false),
		decode: () => SERVER_RENDERED_HTML
	}
};
