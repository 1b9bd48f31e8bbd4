/**
 * The chart of one indicator: measured values over the monitoring dates against the target (and the
 * baseline). Pure: builds plain data that the browser-side renderer hands to Chart.js.
 */
import { formatDate, formatNumber } from '../format';

export interface ChartPoint {
	date: string;
	value: number;
}

export interface IndicatorChartData {
	labels: string[];
	values: number[];
	target: number | null;
	baseline: number | null;
	unit: string | null;
	/** The same content in words, for screen readers and for the canvas' fallback. */
	summary: string;
}

export function buildIndicatorChart(
	code: string,
	points: ChartPoint[],
	target: number | null,
	baseline: number | null,
	unit: string | null
): IndicatorChartData {
	const sorted = [...points].sort((a, b) => a.date.localeCompare(b.date));
	const withUnit = (n: number) => (unit === '%' ? `${formatNumber(n)} %` : unit ? `${formatNumber(n)} ${unit}` : formatNumber(n));
	const series = sorted.map((p) => `${withUnit(p.value)} al ${formatDate(p.date)}`).join('; ');
	const parts = [`Andamento dell’indicatore ${code}: ${series || 'nessun valore'}`];
	if (target !== null) parts.push(`target ${withUnit(target)}`);
	if (baseline !== null) parts.push(`baseline ${withUnit(baseline)}`);
	return {
		labels: sorted.map((p) => formatDate(p.date)),
		values: sorted.map((p) => p.value),
		target,
		baseline,
		unit,
		summary: parts.join('; ') + '.'
	};
}
