/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-`, `@` (or a tab or carriage return) as a
 * formula: text from a plan must never become one on the evaluation board's computer. Exported text
 * that starts that way gets a leading apostrophe, Excel's own "this is text" mark, which Excel hides;
 * the importer removes it again, so export → import gives back the exact text.
 *
 * Text that itself starts with apostrophes before such a character (`'=A1`, `''+3`) gets one more, so
 * that removing exactly one on import gives it back: guard and unguard round-trip every text.
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
	return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

export function removeFormulaGuard(text: string): string {
	// Called on every field of every row: test the first character before running the pattern.
	return text.charCodeAt(0) === 39 && GUARDED.test(text) ? text.slice(1) : text;
}
