import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { parseFilters } from '$lib/filters';
import { loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { runRaw } from '$lib/server/db/raw-query';
import { readRulesOfPlans } from '$lib/server/rules.repository';
import { indicatorAchievement, withIndicatorRules } from '$lib/achievement/achievement';
import { indicatorStatus } from '$lib/server/evaluation.service';
import { buildIndicatorChart } from '$lib/charts/indicator-chart-config';
import type { Dimension, IndicatorType, MeasurementState, Polarity } from '$lib/vocabulary';

type DefinitionRow = [
	number, number, number, string, string, IndicatorType | null, string | null, Polarity | null, number | null, number | null, string | null, number | null,
	Dimension | null, string | null, string | null, string | null, string | null, string, string, string, number | null, string | null
];

/**
 * One indicator across its plan years (its lineage is its code): the definition in the chosen year, its
 * values at each monitoring date of every year, each scored by that year's rules, and each year's target
 * and figure at the year's end (at the chosen date for the chosen year). Drafts never show. Three queries
 * whatever the number of years or values.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, `Anno non valido: «${params.anno}»`);
	const filters = { ...parseFilters(url.searchParams), anno: Number(params.anno) };
	const ctx = await loadPlanContext(locals.db, filters);
	const definitions = runRaw<DefinitionRow>(
		locals.db,
		`SELECT p.year, p.id, i.id, i.code, i.description, i.type, i.unit, i.polarity, i.baseline, i.target, i.target_date, i.weight,
			i.dimension, i.formula, i.numerator_name, i.denominator_name, i.data_source, o.code, o.title, lead.name, owner.id, owner.name
		FROM indicator i JOIN plan p ON p.id = i.plan_id JOIN objective o ON o.id = i.objective_id JOIN director lead ON lead.id = o.director_id
		LEFT JOIN director owner ON owner.id = i.director_id
		WHERE i.code = ? ORDER BY p.year`,
		[params.codice]
	);
	const here = definitions.find((d) => d[0] === ctx.plan.year);
	if (!here) error(404, `Indicatore ${params.codice} non trovato nel piano ${ctx.plan.year}`);
	const values = runRaw<[number, string, number | null, string | null, MeasurementState]>(
		locals.db,
		`SELECT m.indicator_id, m.date, m.value, m.value_date, m.state FROM measurement m JOIN indicator i ON i.id = m.indicator_id
		WHERE i.code = ? AND m.state IN ('inviato', 'restituito', 'accettato', 'validato') ORDER BY m.date`,
		[params.codice]
	);
	const rulesOf = new Map(readRulesOfPlans(locals.db).map((r) => [r.planId, r.rules]));

	const years = definitions.map((d) => {
		const [year, planId, id] = d;
		// The chosen year is scored by the rules the page's context holds (the same as the plan's).
		const settings = year === ctx.plan.year ? ctx.settings : (rulesOf.get(planId) ?? ctx.settings);
		const spec = withIndicatorRules({ type: d[5], polarity: d[7], baseline: d[8], target: d[9], targetDate: d[10] }, d[3], settings);
		const score = (m: { value: number | null; value_date: string | null }) => {
			const result = indicatorAchievement(spec, { value: m.value, valueDate: m.value_date }, settings);
			return { score: result.kind === 'measured' ? result.score : null, status: indicatorStatus(result, settings) };
		};
		const readings = values
			.filter((v) => v[0] === id)
			.map(([, date, value, value_date, state]) => ({ date, value, valueDate: value_date, state, ...score({ value, value_date }) }));
		// The year's figure: at its end, or at the chosen date for the chosen year.
		const until = year === ctx.plan.year ? ctx.date : `${year}-12-31`;
		const last = readings.filter((r) => r.date <= until).at(-1) ?? null;
		return {
			year,
			current: year === ctx.plan.year,
			until,
			objectiveCode: d[17],
			objectiveTitle: d[18],
			type: d[5],
			unit: d[6],
			baseline: d[8],
			target: d[9],
			targetDate: d[10],
			readings,
			last,
			settings
		};
	});
	const current = years.find((y) => y.current)!;
	const numeric = here[5] !== 'si_no' && here[5] !== 'data';
	const points = current.readings.filter((r) => r.value !== null).map((r) => ({ date: r.date, value: r.value! }));
	return {
		...withoutChoices(ctx),
		indicator: {
			code: here[3],
			description: here[4],
			type: here[5],
			unit: here[6],
			polarity: here[7],
			baseline: here[8],
			target: here[9],
			targetDate: here[10],
			weight: here[11],
			dimension: here[12],
			formula: here[13],
			numeratorName: here[14],
			denominatorName: here[15],
			dataSource: here[16],
			objectiveCode: here[17],
			objectiveTitle: here[18],
			lead: here[19],
			owner: here[20] === null ? null : { id: here[20], name: here[21]! }
		},
		years: years.map(({ settings: _s, ...y }) => (void _s, y)),
		chart: numeric && points.length > 0 ? buildIndicatorChart(here[3], points, here[9], here[8], here[6]) : null
	};
};
