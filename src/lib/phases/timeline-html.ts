/**
 * The phases timeline as HTML: a Gantt-style chart drawn as SVG (no JavaScript), its text summary for
 * everyone (and as the chart's description for screen readers), the same chart for paper, and the
 * table with every figure of it. PhaseTimeline.svelte inserts it; the objective page gets it from
 * its load. Its styles are phase-timeline.css.
 *
 * Why a function writing text rather than a Svelte template: the timeline is drawn only on the server
 * (every page that shows it ships no JavaScript for it), and on a director's page at 100 times the plan
 * it was 15 % of the server's time for the page, most of it Svelte's work per element (a renderer, a
 * hydration marker, an attribute helper) for a hundred phases drawn twice. As text the same markup,
 * without the hydration markers nobody reads, costs a fraction of that.
 *
 * Every text from the plan (titles, descriptions, notes, codes) is escaped here, as Svelte escapes it:
 * `&` and `<` in text, and `"` too in attributes. Never trusted as HTML.
 */
import { formatDate, formatEuroCents, formatNumber } from '$lib/format';
import { latenessText } from '$lib/phases/late';
import { layoutTimeline, timelineSummary, TIMELINE, TIMELINE_PRINT, type TimelinePhase } from '$lib/phases/timeline';
import { PHASE_STATUS_LABELS } from '$lib/vocabulary';

export interface PhaseTimelineProps {
	id: string;
	phases: readonly TimelinePhase[];
	year: number;
	asOf: string;
	asOfIsToday: boolean;
	withObjective?: boolean;
	title: string;
	/** The table of the figures; false where the page already has its own (the Schede). */
	table?: boolean;
	/** The line at `asOf`; false where that date is no monitoring date (the public page before any is validated). */
	reference?: boolean;
}

const TEXT = /[&<]/;
const TEXT_ALL = /[&<]/g;
const ATTR = /[&"<]/;
const ATTR_ALL = /[&"<]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;' };

/** Text content, escaped as Svelte escapes it. */
export function escapeText(value: string): string {
	return TEXT.test(value) ? value.replace(TEXT_ALL, (c) => ENTITY[c]) : value;
}

/** A double-quoted attribute's value, escaped as Svelte escapes it. */
export function escapeAttr(value: string): string {
	return ATTR.test(value) ? value.replace(ATTR_ALL, (c) => ENTITY[c]) : value;
}

/** The wide-content box of ScrollRegion.svelte, as text: a named region that takes focus (WCAG 2.1.1, 1.4.10). */
function scrollRegion(label: string, inner: string): string {
	return `<div class="scroll-region" role="region" aria-label="${escapeAttr(label)}" tabindex="0">${inner}</div>`;
}

export function phaseTimelineHtml(props: PhaseTimelineProps): string {
	const { id, phases, year, asOf, asOfIsToday, withObjective = false, title, table = true, reference = true } = props;
	const asOfLabel = asOfIsToday ? 'oggi' : `al ${formatDate(asOf)}`;
	const layout = layoutTimeline(phases, { year, asOf, asOfLabel, withObjective, reference });
	// The same chart drawn for paper: hidden on screen (so out of the accessibility tree), shown in print
	// instead of the screen's, whose two text lines per phase made the Schede twice as long.
	const paper = layoutTimeline(phases, { year, asOf, asOfLabel, withObjective, dims: TIMELINE_PRINT, reference });
	const P = TIMELINE_PRINT;
	const summary = timelineSummary(phases, !reference ? 'previste (nessun avanzamento ancora validato)' : asOfIsToday ? 'a oggi' : `al ${formatDate(asOf)}`, withObjective);
	const hasAmounts = phases.some((p) => p.amountCents !== null);
	const totalCents = phases.reduce((s, p) => s + (p.amountCents ?? 0), 0);
	const barEnd = TIMELINE.width - 120;
	const idAttr = escapeAttr(id);
	const late = (p: TimelinePhase) => (p.late.late ? ' late' : '');

	let screen = `<svg class="gantt" viewBox="0 0 ${layout.width} ${layout.height}" role="img" aria-labelledby="${idAttr}-title" aria-describedby="${idAttr}-summary" preserveAspectRatio="xMinYMin meet"><g class="months">`;
	for (const m of layout.months) {
		screen += `<line x1="${m.x}" x2="${m.x}" y1="${TIMELINE.top - 6}" y2="${layout.height}"></line><text x="${m.x + 3}" y="${TIMELINE.top - 10}">${escapeText(m.label)}</text>`;
	}
	screen += '</g>';
	for (const r of layout.rows) {
		screen += `<g class="row${late(r.phase)}"><text class="label" x="4" y="${r.y + 15}">${escapeText(r.label)}</text><text class="status" x="4" y="${r.y + 30}">${escapeText(r.statusText)}</text>`;
		if (r.planned) {
			screen += `<rect class="planned" x="${r.planned.x}" y="${r.y + 5}" width="${r.planned.width}" height="11" rx="2"></rect>`;
			if (r.phase.amountCents !== null) {
				const after = r.planned.x + r.planned.width < barEnd;
				screen += `<text class="amount" x="${after ? r.planned.x + r.planned.width + 4 : r.planned.x - 4}" y="${r.y + 14}" text-anchor="${after ? 'start' : 'end'}">${escapeText(formatEuroCents(r.phase.amountCents))}</text>`;
			}
		}
		if (r.actual) {
			screen += `<rect class="actual ${escapeAttr(r.phase.status ?? '')}" x="${r.actual.x}" y="${r.y + 19}" width="${r.actual.width}" height="11" rx="2"></rect>`;
		}
		screen += '</g>';
	}
	if (layout.reference) {
		const nearEnd = layout.reference.x > layout.width - 100;
		screen += `<line class="today" x1="${layout.reference.x}" x2="${layout.reference.x}" y1="${TIMELINE.top - 6}" y2="${layout.height}"></line>`;
		screen += `<text class="today-label" x="${nearEnd ? layout.reference.x - 4 : layout.reference.x + 3}" y="${layout.height - 2}" text-anchor="${nearEnd ? 'end' : 'start'}">${escapeText(layout.reference.label)}</text>`;
	}
	screen += '</svg>';

	let print = `<svg class="gantt-paper" viewBox="0 0 ${paper.width} ${paper.height}" role="img" aria-labelledby="${idAttr}-title" aria-describedby="${idAttr}-summary" preserveAspectRatio="xMinYMin meet"><g class="months">`;
	for (const m of paper.months) {
		print += `<line x1="${m.x}" x2="${m.x}" y1="${P.top - 4}" y2="${paper.height}"></line><text x="${m.x + 3}" y="${P.top - 6}">${escapeText(m.label)}</text>`;
	}
	print += '</g>';
	for (const r of paper.rows) {
		const rule = r.y + P.rowHeight - 0.5;
		print += `<g class="row${late(r.phase)}"><line class="rule" x1="0" x2="${paper.width}" y1="${rule}" y2="${rule}"></line><text class="label" x="2" y="${r.y + 10}">${escapeText(r.label)}${r.phase.late.late ? ' · in ritardo' : ''}</text>`;
		if (r.planned) {
			print += `<rect class="planned" x="${r.planned.x}" y="${r.y + 2}" width="${r.planned.width}" height="9" rx="1.5"></rect>`;
			if (r.phase.amountCents !== null) {
				const after = r.planned.x + r.planned.width < P.width - 110;
				print += `<text class="amount" x="${after ? r.planned.x + r.planned.width + 3 : r.planned.x - 3}" y="${r.y + 10}" text-anchor="${after ? 'start' : 'end'}">${escapeText(formatEuroCents(r.phase.amountCents))}</text>`;
			}
		}
		if (r.actual) {
			print += `<rect class="actual ${escapeAttr(r.phase.status ?? '')}" x="${r.actual.x}" y="${r.y + 4.5}" width="${r.actual.width}" height="4"></rect>`;
		}
		print += '</g>';
	}
	// No label on the paper's line: the legend beside the chart names it, and at 31/12 it would cover «dic».
	if (paper.reference) print += `<line class="today" x1="${paper.reference.x}" x2="${paper.reference.x}" y1="${P.top - 4}" y2="${paper.height}"></line>`;
	print += '</svg>';

	const legend =
		'<p class="legend" aria-hidden="true"><span class="key planned"></span> previsto <span class="key actual"></span> effettivo <span class="key done"></span> completato' +
		(reference ? ` <span class="key today"></span> ${escapeText(asOfLabel)}` : '') +
		'</p>';

	let figures = '';
	if (table) {
		figures = `<table class="phases"><caption>${escapeText(title)}: i dati del grafico</caption><thead><tr><th scope="col">Fase</th><th scope="col">Descrizione</th>`;
		if (hasAmounts) figures += '<th scope="col" class="num">Importo</th>';
		figures += '<th scope="col">Prevista</th><th scope="col">Effettiva</th><th scope="col">Stato</th><th scope="col">In ritardo</th></tr></thead><tbody>';
		for (const p of phases) {
			const planned = p.plannedStart || p.plannedEnd ? `${formatDate(p.plannedStart)} – ${formatDate(p.plannedEnd)}` : 'non indicata';
			const actual = p.actualStart || p.actualEnd ? `${formatDate(p.actualStart)} – ${formatDate(p.actualEnd)}` : '—';
			const status = (p.status ? PHASE_STATUS_LABELS[p.status] : 'nessun dato') + (p.percent !== null && p.status !== 'completata' ? ` (${formatNumber(p.percent)} %)` : '');
			figures +=
				`<tr${p.late.late ? ' class="late"' : ''}><th scope="row" data-label="Fase">${escapeText(withObjective ? `${p.objectiveCode} · ` : '')}${p.number}</th>` +
				`<td class="text" data-label="Descrizione">${escapeText(p.description)}${p.note ? `<span class="note">Nota: ${escapeText(p.note)}</span>` : ''}</td>` +
				(hasAmounts ? `<td class="num" data-label="Importo">${escapeText(formatEuroCents(p.amountCents))}</td>` : '') +
				`<td data-label="Prevista">${escapeText(planned)}</td><td data-label="Effettiva">${escapeText(actual)}</td>` +
				`<td data-label="Stato">${escapeText(status)}${p.reportDate ? `<span class="note">al ${escapeText(formatDate(p.reportDate))}</span>` : ''}</td>` +
				`<td data-label="In ritardo">${escapeText(p.late.late ? `Sì, ${latenessText(p.late, formatDate)}` : 'No')}</td></tr>`;
		}
		figures += '</tbody>';
		if (hasAmounts) {
			figures += `<tfoot><tr><th scope="row" colspan="2">Totale importi</th><td class="num" data-label="Totale">${escapeText(formatEuroCents(totalCents))}</td><td colspan="4"></td></tr></tfoot>`;
		}
		figures = scrollRegion(`${title}: tabella`, `${figures}</table>`);
	}

	return (
		`<div class="phase-timeline"><h3 id="${idAttr}-title">${escapeText(title)}</h3><p id="${idAttr}-summary" class="summary">${escapeText(summary)}</p>` +
		`<div class="screen-chart">${scrollRegion(`${title}: grafico`, screen)}</div>${print}${legend}${figures}</div>`
	);
}
