import type { Transport } from '@sveltejs/kit';
import { isServerRenderedOnly } from '$lib/server-rendered-data';

/**
 * Page data marked as read by the server's rendering only (pages without client JavaScript) travels
 * as an empty marker, not as its contents: see src/lib/server-rendered-data.ts.
 */
export const transport: Transport = {
	ServerRenderedOnly: {
		encode: (value) => (isServerRenderedOnly(value) ? [] : false),
		decode: () => undefined
	}
};
