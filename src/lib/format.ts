/**
 * Italian formatting for everything a page shows: `1.234,56`, `€ 9.294.542,81`, `30/06/2022`.
 * `useGrouping: 'always'` because Italian CLDR rules leave four-digit numbers ungrouped (1234,56),
 * which is not how Italian public documents print them.
 */
const integer = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 0, useGrouping: 'always' });
const decimal = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2, useGrouping: 'always' });
const exact = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 10, useGrouping: 'always' });
const money = new Intl.NumberFormat('it-IT', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' });

/** A quantity as an Italian form field shows it again, every decimal kept: 1.234,5678 (read back by parseNumber). */
export function formatExactNumber(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '';
	return exact.format(n);
}

export function formatNumber(n: number | null | undefined): string {
	if (n === null || n === undefined || !Number.isFinite(n)) return '—';
	return Number.isInteger(n) ? integer.format(n) : decimal.format(n);
}

/** € 1.234,50 from euros (a report's amount column). */
export function formatEuro(euros: number): string {
	return `€ ${money.format(euros)}`;
}

export function formatEuroCents(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return '—';
	return `€ ${money.format(cents / 100)}`;
}

/**
 * 30/06/2022. A calendar date (yyyy-mm-dd) as it is; a moment (an ISO timestamp in UTC, as the database
 * keeps them) as the date it was in Italy: a value saved at 00:30 of 1 July in Rome is 30 June in UTC.
 */
export function formatDate(iso: string | null | undefined): string {
	if (!iso) return '—';
	if (isTimestamp(iso)) return italianDate.format(new Date(iso));
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** 30/06/2022 14:05, Italian time (summer or winter), from an ISO timestamp in UTC. */
export function formatDateTime(iso: string | null | undefined): string {
	if (!iso) return '—';
	if (!isTimestamp(iso)) return formatDate(iso);
	const at = new Date(iso);
	return `${italianDate.format(at)} ${italianTime.format(at)}`;
}

function isTimestamp(iso: string): boolean {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) && /(Z|[+-]\d{2}:?\d{2})$/.test(iso);
}

const italianDate = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric' });
const italianTime = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hour12: false });

/**
 * Italian plurals, the one place pages and messages choose them: `countLabel(1, 'valore', 'valori')` is
 * «1 valore», `countLabel(1234, …)` «1.234 valori»; `plural(n, 'è stato accettato', 'sono stati accettati')`
 * for the words that agree with a count written elsewhere. Zero takes the plural («0 valori»).
 */
export function plural(n: number, singular: string, pluralForm: string): string {
	return n === 1 ? singular : pluralForm;
}

/** "1 fase", "3 fasi": a count with its noun. */
export function countLabel(n: number, singular: string, pluralForm: string): string {
	return `${formatNumber(n)} ${plural(n, singular, pluralForm)}`;
}
