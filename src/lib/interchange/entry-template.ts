/**
 * The pre-filled template a director downloads for an open monitoring date: one row per indicator he
 * can still change (no value yet, a draft, or a value returned to him), in the columns of
 * `misurazioni.csv`, followed by read-only reminders (objective, indicator, type, target, state). The
 * reminder columns have names the importer does not know, so it ignores them on the way back.
 *
 * Pure: the CSV here (Italian Excel dialect) and the XLSX (server/entry-template-xlsx.ts) are written
 * from the same rows.
 */
import Papa from 'papaparse';
import { formatDate } from '../format';
import { formatTypedValue, INDICATOR_TYPE_LABELS } from '../indicator-labels';
import type { IndicatorType, MeasurementState } from '../vocabulary';
import { neutralizeFormula } from './formula-guard';

export interface TemplateSource {
	code: string;
	description: string;
	type: IndicatorType | null;
	unit: string | null;
	target: number | null;
	target_date: string | null;
	numerator_name?: string | null;
	denominator_name?: string | null;
	/** The grades of a graded indicator, from the year's rules (null: not graded). */
	grades?: Array<{ name: string }> | null;
	objective_code: string;
	objective_title: string;
	current: { value: number | null; value_date: string | null; numerator?: number | null; denominator?: number | null; grade?: string | null; justification: string | null; state: MeasurementState; review_comment: string | null } | null;
}

/** A cell of the template: text, a number, a calendar date (yyyy-mm-dd, tagged) or nothing. */
export type TemplateCell = string | number | { date: string } | null;

export interface TemplateColumn {
	key: string;
	/** The header as written in the file; the first nine normalise to the `misurazioni.csv` columns. */
	header: string;
	width: number;
	/** Only for the reader's eyes: the importer ignores it. */
	reminder: boolean;
}

export const TEMPLATE_COLUMNS: TemplateColumn[] = [
	// Codes are unique within a plan year: the year travels with them, as in misurazioni.csv.
	{ key: 'anno', header: 'Anno', width: 8, reminder: false },
	{ key: 'codice_indicatore', header: 'Codice indicatore', width: 22, reminder: false },
	{ key: 'data', header: 'Data', width: 12, reminder: false },
	{ key: 'valore', header: 'Valore', width: 14, reminder: false },
	{ key: 'motivazione', header: 'Motivazione', width: 45, reminder: false },
	{ key: 'fonte', header: 'Fonte', width: 20, reminder: false },
	// For a ratio indicator the two quantities instead of the value; after the first six, so that files made from the template before them read the same (the importer computes it).
	{ key: 'numeratore', header: 'Numeratore', width: 14, reminder: false },
	{ key: 'denominatore', header: 'Denominatore', width: 14, reminder: false },
	// For a graded indicator: one of the grades of the year's rules, named in the «come» reminder.
	{ key: 'giudizio', header: 'Giudizio', width: 16, reminder: false },
	// «(promemoria)» keeps these names apart from any column the import format has or may gain.
	{ key: 'obiettivo', header: 'Obiettivo (promemoria)', width: 40, reminder: true },
	{ key: 'indicatore', header: 'Indicatore (promemoria)', width: 50, reminder: true },
	{ key: 'come', header: 'Come scrivere il valore (promemoria)', width: 30, reminder: true },
	{ key: 'target', header: 'Target (promemoria)', width: 16, reminder: true },
	{ key: 'stato', header: 'Stato (promemoria)', width: 40, reminder: true }
];

const EDITABLE: Array<MeasurementState | undefined> = [undefined, 'bozza', 'restituito'];

const HOW_TO_WRITE: Record<IndicatorType, string> = {
	numero: 'un numero, es. 1.234,5',
	percentuale: 'un numero, es. 87,5 (senza %)',
	si_no: 'sì oppure no',
	data: 'una data, es. 30/06/2022'
};

/** The template's rows for one director and one open date, in the order of his table. */
export function templateRows(sources: TemplateSource[], date: string): Array<Record<string, TemplateCell>> {
	return sources
		.filter((s) => EDITABLE.includes(s.current?.state))
		.map((s) => {
			const c = s.current;
			const ratio = !!s.numerator_name && !!s.denominator_name && s.type !== 'si_no' && s.type !== 'data';
			const valore: TemplateCell =
				!c ? null : s.type === 'data' ? (c.value_date ? { date: c.value_date } : null) : c.value === null ? null : s.type === 'si_no' ? (c.value === 1 ? 'sì' : 'no') : c.value;
			return {
				anno: Number(date.slice(0, 4)),
				codice_indicatore: s.code,
				data: { date },
				// A ratio's value is left out when its quantities are there: they say it, and it need not be retyped.
				valore: ratio && c?.numerator != null ? null : valore,
				giudizio: s.grades ? (c?.grade ?? null) : null,
				numeratore: ratio ? (c?.numerator ?? null) : null,
				denominatore: ratio ? (c?.denominator ?? null) : null,
				motivazione: c?.justification ?? null,
				fonte: null,
				obiettivo: `${s.objective_code} ${s.objective_title}`,
				indicatore: s.description,
				come: s.grades
					? `Giudizio: scrivere uno tra ${s.grades.map((g) => g.name).join(', ')}`
					: ratio
					? `Rapporto: in Numeratore ${s.numerator_name}, in Denominatore ${s.denominator_name}; il valore si calcola${s.type === 'percentuale' ? ' (× 100)' : ''}`
					: s.type
						? `${INDICATOR_TYPE_LABELS[s.type]}: ${HOW_TO_WRITE[s.type]}`
						: 'un numero',
				target: s.type === 'si_no' && s.target === null ? 'Sì' : s.target === null && s.target_date === null ? 'non indicato' : formatTypedValue(s.type, s.target, s.target_date, s.unit),
				stato: !c ? 'Da inserire' : c.state === 'restituito' ? `Restituito dalla Direzione: ${c.review_comment ?? ''}`.trim() : 'Bozza'
			};
		});
}

/** A number as Italian Excel reads it in a `;` file: decimal comma, no thousands dots, never exponent notation. */
export function italianNumber(n: number): string {
	return plainDecimal.format(n).replace('.', ',');
}
// Made once: a formatter per cell would allocate ICU memory the collector returns late (intl-once.test.ts).
const plainDecimal = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 20 });

/**
 * The template as CSV in the dialect Italian Excel opens with a double click: UTF-8 with a BOM (so that
 * «à» stays «à»), `;` between fields, CRLF, decimal comma, dates as 30/06/2022. Text that a spreadsheet
 * would run as a formula (= + - @) gets Excel's apostrophe; the importer removes it again.
 */
export function templateToCsv(rows: Array<Record<string, TemplateCell>>): string {
	const cell = (v: TemplateCell): string => {
		if (v === null) return '';
		if (typeof v === 'number') return italianNumber(v);
		if (typeof v === 'object') return formatDate(v.date);
		return neutralizeFormula(v);
	};
	const data = rows.map((r) => TEMPLATE_COLUMNS.map((c) => cell(r[c.key] ?? null)));
	return '\uFEFF' + Papa.unparse({ fields: TEMPLATE_COLUMNS.map((c) => c.header), data }, { delimiter: ';', newline: '\r\n', quotes: false }) + '\r\n';
}

/** `modello-valori-2022-09-30-luigi-de-angelis.csv`: a name that says whose and which date. */
export function templateFileName(directorName: string, date: string, ext: 'csv' | 'xlsx'): string {
	const who = directorName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `modello-valori-${date}-${who || 'dirigente'}.${ext}`;
}
