import type { Status, StatusClass } from './achievement/achievement';

export const STATUS_LABELS: Record<Status, string> = {
	on_track: 'In linea',
	at_risk: 'A rischio',
	off_track: 'Critico',
	not_measured: 'Senza valore',
	not_measurable: 'Senza target'
};

/** Longer wording for legends and tooltips. */
export const STATUS_DESCRIPTIONS: Record<Status, string> = {
	on_track: 'raggiungimento pari o superiore alla soglia «in linea»',
	at_risk: 'raggiungimento tra la soglia di rischio e quella «in linea»',
	off_track: 'raggiungimento sotto la soglia di rischio',
	not_measured: 'ha un target ma nessun valore alla data scelta',
	not_measurable: 'il piano non indica un target: non si può misurare'
};

/** An objective without indicators is not measurable either, but for another reason: said as it is. */
export const NO_INDICATORS_LABEL = 'Senza indicatori';
export const NO_INDICATORS_DESCRIPTION = 'il piano non indica indicatori per questo obiettivo: non si può misurare';

/** The state of an objective in words: «Senza indicatori» rather than «Senza target» when it has none. */
export function objectiveStatusLabel(status: Status, indicatorCount: number): string {
	return status === 'not_measurable' && indicatorCount === 0 ? NO_INDICATORS_LABEL : STATUS_LABELS[status];
}

/** A shape per state, so colour never carries the meaning alone. */
export const STATUS_ICONS: Record<Status, string> = {
	on_track: '✓',
	at_risk: '!',
	off_track: '✕',
	not_measured: '…',
	not_measurable: '–'
};

/** URL spellings of the states, for the `stato` filter. */
export const STATUS_PARAM: Record<Status, string> = {
	on_track: 'in-linea',
	at_risk: 'a-rischio',
	off_track: 'critico',
	not_measured: 'senza-valore',
	not_measurable: 'senza-target'
};

export function statusFromParam(param: string | null): Status | null {
	if (!param) return null;
	const found = (Object.entries(STATUS_PARAM) as Array<[Status, string]>).find(([, p]) => p === param);
	return found ? found[0] : null;
}

const percent = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 1, minimumFractionDigits: 1, useGrouping: 'always' });

/** 0.724 → "72,4 %"; null → "—". */
export function formatPercent(ratio: number | null | undefined): string {
	if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
	return `${percent.format(ratio * 100)} %`;
}

/** One choice of the «Stato» filter: its URL spelling and its name. */
export interface StatusChoice {
	param: string;
	label: string;
}

/** `Pienamente raggiunto` → `pienamente-raggiunto`: a class's name as a URL spelling. */
export function classParam(label: string): string {
	return label
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/**
 * The choices of the «Stato» filter: with the body's named classes, the classes (best first) and then the
 * objectives without value or target; otherwise the dashboard's five states.
 */
export function statusChoices(classes: readonly StatusClass[] | null | undefined, order: readonly Status[]): StatusChoice[] {
	if (!classes || classes.length === 0) return order.map((s) => ({ param: STATUS_PARAM[s], label: STATUS_LABELS[s] }));
	return [
		...[...classes].sort((a, b) => b.from - a.from).map((c) => ({ param: classParam(c.label), label: c.label })),
		...(['not_measured', 'not_measurable'] as const).map((s) => ({ param: STATUS_PARAM[s], label: STATUS_LABELS[s] }))
	];
}

/**
 * Which achievements a `stato` value selects: a named class by its spelling (when the rules name classes),
 * or a base state (its links stay valid with classes too: `critico` is every class drawn as critical).
 * Null: no filter, or a value that means nothing.
 */
export function statusFilter(
	param: string | null,
	classes: readonly StatusClass[] | null | undefined
): ((a: { status: Status; label?: string }) => boolean) | null {
	if (!param) return null;
	const named = classes?.find((c) => classParam(c.label) === param);
	if (named) return (a) => a.label === named.label;
	const status = statusFromParam(param);
	return status ? (a) => a.status === status : null;
}
