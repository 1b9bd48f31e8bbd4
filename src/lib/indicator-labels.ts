import type { IndicatorType, Polarity } from './vocabulary';
import { formatDate, formatNumber } from './format';
import { assumedPolarity, type IndicatorSpec } from './achievement/achievement';

export const INDICATOR_TYPE_LABELS: Record<IndicatorType, string> = {
	numero: 'Numero',
	percentuale: 'Percentuale',
	si_no: 'Sì/no',
	data: 'Scadenza'
};

export const POLARITY_LABELS: Record<Polarity, string> = {
	crescente: 'Crescente (più alto è meglio)',
	decrescente: 'Decrescente (più basso è meglio)'
};

/**
 * The polarity as the plan gives it or, when it gives none, what the engine assumes, said as such:
 * «polarità non indicata: dedotta decrescente (target inferiore alla baseline)». '—' when none applies.
 */
export function polarityText(spec: IndicatorSpec): string {
	if (spec.polarity) return POLARITY_LABELS[spec.polarity];
	return assumedPolarityNote(spec) ?? '—';
}

/** Only the assumption, or null when the plan states the polarity (or the type has none). */
export function assumedPolarityNote(spec: IndicatorSpec): string | null {
	const assumed = assumedPolarity(spec);
	if (!assumed) return null;
	return assumed.targetBelowBaseline
		? 'polarità non indicata: dedotta decrescente (target inferiore alla baseline)'
		: 'polarità non indicata: dedotta crescente (più alto è meglio)';
}

/** A target or value as a person reads it, in the indicator's own terms. */
export function formatTypedValue(
	type: IndicatorType | null,
	value: number | null,
	date: string | null,
	unit: string | null,
	/** A graded indicator's value is its grade: shown as the rules name it. */
	grade: string | null = null
): string {
	if (grade) return grade;
	if (type === 'data') return date ? formatDate(date) : '—';
	if (value === null) return '—';
	if (type === 'si_no') return value === 1 ? 'Sì' : 'No';
	const n = formatNumber(value);
	if (!unit) return type === 'percentuale' ? `${n} %` : n;
	return unit === '%' ? `${n} %` : `${n} ${unit}`;
}
