/**
 * The `<option>` tags of a long menu (a director, a centre of responsibility, a public value), as one
 * escaped HTML string for `{@html}`.
 *
 * Why not `{#each}` with `<option>`: Svelte 5 renders every `<option>` through a renderer of its own
 * (so that an option may hold rich content) and walks all of them again when the page is done. At 100
 * times the shipped plan the director menu has 700 options: they made about a third of what rendering
 * an overview allocates (1,2 of 4,2 MB), on every page with the filters. As text they cost a string each.
 *
 * Labels come from the plan's CSV files: they are escaped here, never trusted as HTML.
 */

const SPECIAL = /[&<>"']/;
const SPECIALS = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and for a double-quoted attribute value. */
export function escapeHtml(text: string): string {
	return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ENTITIES[c]) : text;
}

export interface MenuChoice {
	value: string | number;
	label: string;
}

/**
 * One `<option>` per choice, in the given order; the one whose value equals `selected` (compared as
 * text, as the browser sends it back) is marked `selected`.
 */
export function optionTags(choices: readonly MenuChoice[], selected: string | number | null | undefined): string {
	const chosen = selected === null || selected === undefined ? null : String(selected);
	let html = '';
	for (const { value, label } of choices) {
		const v = String(value);
		html += `<option value="${escapeHtml(v)}"${v === chosen ? ' selected' : ''}>${escapeHtml(label)}</option>`;
	}
	return html;
}
