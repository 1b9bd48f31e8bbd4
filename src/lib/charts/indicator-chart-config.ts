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
	/** null: no figure at that point (a gap in the line). */
	values: Array<number | null>;
	/** The legend's names; by default «Valore rilevato» and «Target». */
	valueLabel?: string;
	targetLabel?: string;
	/** The value axis reaches at least this (100 for an achievement, so a single point is not at the top). */
	suggestedMax?: number;
	target: number | null;
	baseline: number | null;
	unit: string | null;
	/** The same content in words, for screen readers and for the canvas' fallback. */
	summary: string;
}

/**
 * An achievement over dates or years (the objective across years, a director's or the plan's figure at
 * each monitoring date): percentages, with the «in linea» threshold of the rules as the reference line.
 */
export function buildAchievementChart(title: string, points: Array<{ label: string; score: number | null }>, onTrack: number): IndicatorChartData {
	const pct = (score: number) => Math.round(score * 1000) / 10;
	const series = points.map((p) => `${p.score === null ? 'non misurato' : `${formatNumber(pct(p.score))} %`} (${p.label})`).join('; ');
	return {
		labels: points.map((p) => p.label),
		values: points.map((p) => (p.score === null ? null : pct(p.score))),
		valueLabel: 'Raggiungimento',
		suggestedMax: 100,
		targetLabel: `Soglia «in linea» (${formatNumber(pct(onTrack))} %)`,
		target: pct(onTrack),
		baseline: null,
		unit: '%',
		summary: `${title}: ${series || 'nessun dato'}; soglia «in linea» ${formatNumber(pct(onTrack))} %.`
	};
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
