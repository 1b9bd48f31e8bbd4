/**
 * The SHA-256 of an inline script for the Content-Security-Policy (`'sha256-…'`), as SvelteKit's
 * `sha256` (kit/src/runtime/server/page/crypto.js) computes it: base64 of the digest of the text's
 * UTF-8 bytes. SvelteKit computes it in JavaScript, on every render of a hydrated page, over the
 * script that carries the page's data; Node's OpenSSL does the same in a fraction of the time
 * (a unit test compares the two). Installed for the server build by
 * src/lib/vite/kit-server-replacements-plugin.js.
 */
import { createHash } from 'node:crypto';

export function cspSha256(data: string): string {
	return createHash('sha256').update(data, 'utf8').digest('base64');
}
