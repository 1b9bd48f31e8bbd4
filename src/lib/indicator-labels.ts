import type { IndicatorType, Polarity } from './server/db/schema';
import { formatDate, formatNumber } from './format';

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

/** A target or value as a person reads it, in the indicator's own terms. */
export function formatTypedValue(
	type: IndicatorType | null,
	value: number | null,
	date: string | null,
	unit: string | null
): string {
	if (type === 'data') return date ? formatDate(date) : '—';
	if (value === null) return '—';
	if (type === 'si_no') return value === 1 ? 'Sì' : 'No';
	const n = formatNumber(value);
	if (!unit) return type === 'percentuale' ? `${n} %` : n;
	return unit === '%' ? `${n} %` : `${n} ${unit}`;
}
