/**
 * The stylesheet that puts a running head and page numbers on every printed sheet of a report.
 *
 * The head carries plan text (the body's name), so it is served as a stylesheet of its own instead of
 * being written into the page through `{@html}`: plan text never becomes markup. Inside the
 * stylesheet each text is a CSS string in which every character that is not a plain letter, digit or
 * space is written as a hex escape, so no quote, backslash, `<` or newline can end the string, the
 * rule or the sheet.
 */
export function cssString(text: string): string {
	let out = '"';
	for (const ch of text.slice(0, 300)) {
		out += /[\p{L}\p{N} ]/u.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16)} `;
	}
	return `${out}"`;
}

export function printPageCss(left: string, right: string): string {
	const font = 'font: 8pt sans-serif; color: #455b71';
	// Landscape: the board's tables are wide (codes, texts, values per date, justifications).
	return (
		`@page { size: A4 landscape; margin: 16mm 10mm 14mm;\n` +
		`  @top-left { content: ${cssString(left)}; ${font} }\n` +
		`  @top-right { content: ${cssString(right)}; ${font} }\n` +
		`  @bottom-right { content: "Pagina " counter(page) " di " counter(pages); ${font} }\n}\n`
	);
}
