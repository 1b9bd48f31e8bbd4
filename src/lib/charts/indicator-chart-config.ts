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
 * The three lines, told apart by line style and point shape too, not by colour alone: blue for values,
 * dark orange dashed for the target, grey dotted for the baseline. Shared by the canvas (Chart.js) and
 * the legend under it (HTML, so that it is read, printed and shown before the chart's code loads).
 */
export const CHART_LINES = {
	value: { color: '#0066cc', dash: [] as number[] },
	target: { color: '#9a5b00', dash: [8, 5] },
	baseline: { color: '#5c6f82', dash: [2, 3] }
} as const;

export type ChartLine = keyof typeof CHART_LINES;

/** The legend's entries, in the order the lines are drawn. */
export function chartLegend(data: IndicatorChartData): Array<{ line: ChartLine; label: string }> {
	const entries: Array<{ line: ChartLine; label: string }> = [{ line: 'value', label: data.valueLabel ?? 'Valore rilevato' }];
	if (data.target !== null) entries.push({ line: 'target', label: data.targetLabel ?? 'Target' });
	if (data.baseline !== null) entries.push({ line: 'baseline', label: 'Baseline' });
	return entries;
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
