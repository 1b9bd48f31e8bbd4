/**
 * Where to send someone after sign-in: only a path on this site. Browsers drop tabs and newlines
 * inside a URL and read `\` as `/`, so `/\t/evil.example` or `/\\evil.example` would leave the
 * site: any control character or backslash is refused outright, and what remains must resolve to
 * this origin. Newlines would also break the Location header (a 500 before this check).
 */
export function safeReturn(raw: string | null | undefined): string | null {
	if (!raw || !raw.startsWith('/') || raw.length > 2000) return null;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f\\]/.test(raw)) return null;
	const base = 'http://cruscotto.invalid';
	let resolved: URL;
	try {
		resolved = new URL(raw, base);
	} catch {
		return null;
	}
	if (resolved.origin !== base) return null;
	return resolved.pathname + resolved.search + resolved.hash;
}
