/**
 * The change log as a person reads it: «Dirigente Luigi De Angelis ha inviato il valore di
 * 2022-B7-OP-02-I1 al 30/06/2022», then what changed, field by field, with Italian labels and values
 * formatted the Italian way (1.234,56; 30/06/2022; Sì/No). Pure: the server resolves who the actor is
 * and the indicator's type, this module only words it.
 */
import { formatDate, formatNumber } from './format';
import { formatTypedValue } from './indicator-labels';
import { PHASE_STATUS_LABELS, type IndicatorType, type PhaseStatus } from './vocabulary';

export interface AuditRecord {
	action: string;
	entity: string;
	ref: string;
	/** JSON, as stored. */
	before: string | null;
	after: string | null;
	reason: string | null;
	/** «Dirigente Luigi De Angelis», «Direzione generale», «Importazione da file». */
	who: string;
	/** The indicator the line is about, to format its values in its own terms. */
	indicator: { type: IndicatorType | null; unit: string | null } | null;
}

export interface AuditProse {
	who: string;
	/** One sentence, without the actor: «ha inviato il valore di X al 30/06/2022». */
	what: string;
	/** «Valore: da 1.000 a 1.234,56», one per field that changed. */
	changes: string[];
	/** The reason or the review comment, as written (shown as text, never as HTML). */
	reason: string | null;
	/** «Motivazione», or «Commento» for a value returned to its director. */
	reasonLabel: string;
}

const STATE_WORDS: Record<string, string> = {
	bozza: 'bozza',
	inviato: 'inviato',
	restituito: 'restituito',
	accettato: 'accettato',
	validato: 'validato',
	aperto: 'aperta',
	chiuso: 'chiusa'
};

/** Italian labels of the fields the log records, in the order a reader expects them. */
const FIELD_LABELS: Array<[string, string]> = [
	['value', 'Valore'],
	['value_date', 'Data rilevata'],
	['numerator', 'Numeratore'],
	['denominator', 'Denominatore'],
	['grade', 'Giudizio'],
	['target', 'Target'],
	['target_date', 'Target (data)'],
	['justification', 'Motivazione'],
	['evidence_url', 'Link all’evidenza'],
	['evidence_file_id', 'Allegato'],
	['source', 'Fonte'],
	['status', 'Stato della fase'],
	['percent', 'Percentuale di avanzamento'],
	['actual_start', 'Inizio effettivo'],
	['actual_end', 'Fine effettiva'],
	['note', 'Nota'],
	['start_date', 'Inizio previsto'],
	['end_date', 'Fine prevista'],
	['state', 'Stato'],
	['scadenza', 'Scadenza per l’inserimento'],
	['email', 'Indirizzo e-mail'],
	['role', 'Ruolo'],
	['disabled', 'Account']
];

/** ISO dates inside a reference («X al 2022-06-30») as Italians write them. */
function italianRef(ref: string): string {
	return ref.replace(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (_, y, m, d) => `${d}/${m}/${y}`);
}

function parse(json: string | null): Record<string, unknown> {
	if (!json) return {};
	try {
		const o = JSON.parse(json) as unknown;
		return o && typeof o === 'object' ? (o as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

function formatField(key: string, v: unknown, indicator: AuditRecord['indicator']): string {
	if (v === null || v === undefined || v === '') return 'nessuno';
	switch (key) {
		case 'value':
		case 'target':
			return typeof v === 'number' ? formatTypedValue(indicator?.type === 'data' ? 'numero' : (indicator?.type ?? null), v, null, indicator?.unit ?? null) : String(v);
		case 'value_date':
		case 'target_date':
		case 'scadenza':
		case 'actual_start':
		case 'actual_end':
		case 'start_date':
		case 'end_date':
			return formatDate(String(v));
		case 'status':
			return PHASE_STATUS_LABELS[String(v) as PhaseStatus] ?? String(v);
		case 'percent':
			return typeof v === 'number' ? `${formatNumber(v)} %` : String(v);
		case 'note':
			return `«${String(v)}»`;
		case 'state':
			return STATE_WORDS[String(v)] ?? String(v);
		case 'evidence_file_id':
			return 'file caricato';
		case 'disabled':
			return v ? 'disattivato' : 'attivo';
		case 'justification':
			return `«${String(v)}»`;
		default:
			return typeof v === 'number' ? formatNumber(v) : String(v);
	}
}

/** «Valore: da 1.000 a 1.234,56» for each field whose value changed (or was set for the first time). */
function changesOf(before: Record<string, unknown>, after: Record<string, unknown>, indicator: AuditRecord['indicator'], hasBefore: boolean): string[] {
	const out: string[] = [];
	for (const [key, label] of FIELD_LABELS) {
		if (!(key in after) && !(key in before)) continue;
		const b = before[key] ?? null;
		const a = after[key] ?? null;
		// A date indicator's value lives in value_date: its empty number is not a change worth a line.
		if (key === 'value' && indicator?.type === 'data') continue;
		if (hasBefore && JSON.stringify(b) === JSON.stringify(a)) continue;
		if (!hasBefore && (a === null || a === '')) continue;
		out.push(hasBefore ? `${label}: da ${formatField(key, b, indicator)} a ${formatField(key, a, indicator)}` : `${label}: ${formatField(key, a, indicator)}`);
	}
	return out;
}

function count(n: unknown, one: string, many: string): string {
	const k = typeof n === 'number' ? n : 0;
	return `${formatNumber(k)} ${k === 1 ? one : many}`;
}

/** The actions whose reason is the direction's comment to the director, not a motivation. */
const REVIEW_ACTIONS = new Set(['valore restituito', 'valore accettato', 'avanzamento fase restituito', 'avanzamento fase accettato']);

/** Words one line of the log. Unknown actions fall back to their stored wording, never to raw JSON. */
export function auditProse(r: AuditRecord): AuditProse {
	const before = parse(r.before);
	const after = parse(r.after);
	const ref = italianRef(r.ref);
	const hasBefore = r.before !== null && r.before !== 'null';
	const base = { who: r.who, reason: r.reason?.trim() || null, reasonLabel: REVIEW_ACTIONS.has(r.action) ? 'Commento' : 'Motivazione' };
	const ofPhase = `l’avanzamento della ${ref}`;
	const ofValue = `il valore di ${ref}`;
	switch (r.action) {
		case 'valore salvato in bozza':
			return { ...base, what: `ha salvato in bozza ${ofValue}`, changes: changesOf(before, after, r.indicator, hasBefore) };
		case 'valore caricato da CSV in bozza':
			return { ...base, what: `ha caricato da file, in bozza, ${ofValue}`, changes: changesOf(before, after, r.indicator, hasBefore) };
		case 'valore inviato':
			return { ...base, what: `ha inviato alla Direzione ${ofValue}`, changes: changesOf(before, after, r.indicator, hasBefore) };
		case 'valore ritirato':
			return { ...base, what: `ha ritirato ${ofValue}, che torna in bozza`, changes: [] };
		case 'valore accettato':
			return { ...base, what: `ha accettato ${ofValue}`, changes: [] };
		case 'valore restituito':
			return { ...base, what: `ha restituito ${ofValue} al dirigente, con un commento`, changes: [] };
		case 'avanzamento fase salvato in bozza':
			return { ...base, what: `ha salvato in bozza ${ofPhase}`, changes: changesOf(before, after, null, hasBefore) };
		case 'avanzamento fase caricato da CSV in bozza':
			return { ...base, what: `ha caricato da file, in bozza, ${ofPhase}`, changes: changesOf(before, after, null, hasBefore) };
		case 'avanzamento fase inviato':
			return { ...base, what: `ha inviato alla Direzione ${ofPhase}`, changes: changesOf(before, after, null, hasBefore) };
		case 'avanzamento fase ritirato':
			return { ...base, what: `ha ritirato ${ofPhase}, che torna in bozza`, changes: [] };
		case 'avanzamento fase accettato':
			return { ...base, what: `ha accettato ${ofPhase}`, changes: [] };
		case 'avanzamento fase restituito':
			return { ...base, what: `ha restituito ${ofPhase} al dirigente, con un commento`, changes: [] };
		case 'date previste della fase modificate':
			return { ...base, what: `ha modificato le date previste della ${ref}`, changes: changesOf(before, after, null, true) };
		case 'target modificato':
			return { ...base, what: `ha modificato il target di ${ref}`, changes: changesOf(before, after, r.indicator, true) };
		case 'monitoraggio: apri':
			return { ...base, what: `ha aperto la data di monitoraggio del ${ref} all’inserimento dei valori`, changes: [] };
		case 'monitoraggio: chiudi':
			return { ...base, what: `ha chiuso la data di monitoraggio del ${ref}: i dirigenti non possono più inserire valori`, changes: perObjective(after, 'a quella data') };
		case 'monitoraggio: valida':
			return { ...base, what: `ha validato la data di monitoraggio del ${ref}: i suoi valori sono bloccati`, changes: perObjective(after, 'bloccati dalla validazione') };
		case 'monitoraggio: riapri':
			return { ...base, what: `ha riaperto la data di monitoraggio validata del ${ref}: i valori tornano «accettati» e si possono correggere`, changes: perObjective(after, 'sbloccati') };
		case 'scadenza modificata':
			return { ...base, what: `ha cambiato la scadenza per l’inserimento della data del ${ref}`, changes: changesOf(before, after, null, true) };
		case 'importazione CSV':
			return { ...base, what: `ha importato i file ${ref}`, changes: Object.entries(after).map(([k, v]) => `${k}: ${String(v)}`) };
		default:
			return { ...base, what: `${r.action} (${ref})`, changes: changesOf(before, after, r.indicator, hasBefore) };
	}
}

/** On an objective's own log, a date's close/validate/reopen says how many of its values it touched. */
function perObjective(after: Record<string, unknown>, how: string): string[] {
	if (!('valori_obiettivo' in after)) return [];
	const n = after.valori_obiettivo;
	if (n === 0) return ['Nessun valore di questo obiettivo a quella data'];
	return [`${count(n, 'valore', 'valori')} di questo obiettivo ${how === 'a quella data' ? how : `(${how})`}`];
}
