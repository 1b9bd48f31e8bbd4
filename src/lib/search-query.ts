/**
 * From what a person types to an FTS5 query: every word must appear, as a prefix ("scuol" finds
 * "scuole"). Words are quoted, so FTS5 operators typed by chance (AND, NEAR, -, *) are plain text.
 * Accents and case are folded by the index's tokenizer, on both sides.
 */
export function toFtsQuery(input: string): string | null {
	const words = input.match(/[\p{L}\p{N}]+/gu) ?? [];
	if (words.length === 0) return null;
	return words.slice(0, 12).map((w) => `"${w}"*`).join(' ');
}

/** Splits a snippet marked with \u0001…\u0002 into plain and highlighted parts, never into HTML. */
export function snippetParts(snippet: string): Array<{ text: string; hit: boolean }> {
	const parts: Array<{ text: string; hit: boolean }> = [];
	const re = /\u0001([^\u0002]*)\u0002/g;
	let last = 0;
	for (let m = re.exec(snippet); m; m = re.exec(snippet)) {
		if (m.index > last) parts.push({ text: snippet.slice(last, m.index), hit: false });
		parts.push({ text: m[1], hit: true });
		last = m.index + m[0].length;
	}
	if (last < snippet.length) parts.push({ text: snippet.slice(last), hit: false });
	return parts;
}
