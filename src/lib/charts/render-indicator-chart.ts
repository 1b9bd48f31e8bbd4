/**
 * Browser-side: draws an indicator chart with Chart.js. Loaded only by pages that show a chart (dynamic
 * import), and only the Chart.js parts a line chart needs are registered, to keep the bundle small.
 */
import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import { CHART_LINES, chartLegend, type IndicatorChartData } from './indicator-chart-config';

// No Tooltip: the exact values are in the table beside every chart, readable without a mouse. No Legend
// either: the legend is HTML under the canvas (IndicatorChart.svelte), which also keeps the page's
// JavaScript inside its budget.
Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale);

const number = new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2, useGrouping: 'always' });

const VALUE = CHART_LINES.value.color;
const TARGET = CHART_LINES.target.color;
const BASELINE = CHART_LINES.baseline.color;

export function renderIndicatorChart(canvas: HTMLCanvasElement, data: IndicatorChartData): Chart {
	// Same typeface and ink as the page around the chart.
	Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
	Chart.defaults.font.size = 13;
	Chart.defaults.color = '#17324d';
	const flat = (v: number | null) => data.labels.map(() => v);
	const label = Object.fromEntries(chartLegend(data).map((e) => [e.line, e.label]));
	const datasets = [
		{
			label: label.value,
			data: data.values,
			borderColor: VALUE,
			backgroundColor: VALUE,
			borderWidth: 3,
			pointRadius: 5,
			pointStyle: 'circle' as const,
			tension: 0,
			// A year or date without a figure stays a gap: the line does not pretend to know it.
			spanGaps: false
		}
	];
	if (data.target !== null) {
		datasets.push({ label: label.target, data: flat(data.target) as number[], borderColor: TARGET, backgroundColor: TARGET, borderWidth: 2, pointRadius: 0, pointStyle: 'line' as never, tension: 0, borderDash: [...CHART_LINES.target.dash] } as never);
	}
	if (data.baseline !== null) {
		datasets.push({ label: label.baseline, data: flat(data.baseline) as number[], borderColor: BASELINE, backgroundColor: BASELINE, borderWidth: 2, pointRadius: 0, pointStyle: 'line' as never, tension: 0, borderDash: [...CHART_LINES.baseline.dash] } as never);
	}
	const suffix = data.unit === '%' ? ' %' : '';
	return new Chart(canvas, {
		type: 'line',
		data: { labels: data.labels, datasets },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			locale: 'it-IT',
			scales: {
				y: { beginAtZero: true, suggestedMax: data.suggestedMax, ticks: { callback: (v) => number.format(Number(v)) + suffix } },
				x: { ticks: { autoSkip: true, maxRotation: 0 } }
			}
		}
	});
}
