import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { auditOfObjective } from '$lib/server/audit';
import { auditProse } from '$lib/audit-prose';
import { requireRole } from '$lib/server/auth/guard';
import { Forbidden, updateTarget } from '$lib/server/monitoring.service';
import { setPlannedDates } from '$lib/server/phase-progress.service';
import { parseFilters } from '$lib/filters';
import { loadPlanContext, withoutChoices } from '$lib/server/plan-context';
import { evaluateScope } from '$lib/server/evaluation.service';
import { readRulesOfPlans } from '$lib/server/rules.repository';
import { evaluateFrames, type Frame } from '$lib/server/trend.service';
import { formatDate } from '$lib/format';
import { findObjective, listIndicatorDefinitions, listMeasurementsOfObjective } from '$lib/server/plan.repository';
import { listPhasesWithProgress } from '$lib/server/phase.repository';
import { referenceDate } from '$lib/phases/late';
import { toTimelinePhase } from '$lib/phases/timeline';
import { phaseTimelineHtml } from '$lib/phases/timeline-html';
import { indicatorHistoryHtml } from '$lib/server/indicator-history-html';
import { htmlForPage } from '$lib/server-rendered-data';
import { todayInItaly } from '$lib/monitoring-dates';
import { indicatorAchievement, withIndicatorRules } from '$lib/achievement/achievement';
import { phaseMeasureNote } from '$lib/phases/measure';
import { buildAchievementChart, buildIndicatorChart } from '$lib/charts/indicator-chart-config';

export const load: PageServerLoad = async ({ locals, params, url, isDataRequest }) => {
	if (!/^\d{4}$/.test(params.anno)) error(404, `Anno non valido: «${params.anno}»`);
	const filters = { ...parseFilters(url.searchParams), anno: Number(params.anno) };
	const ctx = await loadPlanContext(locals.db, filters);
	const objective = await findObjective(locals.db, ctx.plan.id, params.codice);
	if (!objective) error(404, `Obiettivo ${params.codice} non trovato nel piano ${ctx.plan.year}`);

	// Phases are judged late at the earlier of today and the date the page shows.
	const today = todayInItaly();
	const asOf = referenceDate(today, ctx.date);
	const [[evaluated], phaseRows, history, audit, definitions] = await Promise.all([
		evaluateScope(locals.db, { planId: ctx.plan.id, objectiveId: objective.id }, ctx.date, ctx.settings),
		listPhasesWithProgress(locals.db, { objectiveId: objective.id }, asOf),
		listMeasurementsOfObjective(locals.db, objective.id),
		auditOfObjective(locals.db, objective.id, locals.user?.id ?? null),
		listIndicatorDefinitions(locals.db, objective.id)
	]);

	const indicators = evaluated.indicators.map((i) => {
		const values = history
			.filter((m) => m.indicator_id === i.id)
			.map((m) => ({
				date: m.date,
				value: m.value,
				valueDate: m.value_date,
				numerator: m.numerator,
				denominator: m.denominator,
				grade: m.grade,
				justification: m.justification,
				source: m.source,
				state: m.state,
				reviewComment: m.review_comment,
				evidenceUrl: m.evidence_url,
				evidenceFileId: m.evidence_file_id,
				afterDate: m.date > ctx.date,
				result: indicatorAchievement(withIndicatorRules(i, i.code, ctx.settings), { value: m.value, valueDate: m.value_date, grade: m.grade }, ctx.settings)
			}));
		const numeric = i.type !== 'si_no' && i.type !== 'data';
		const points = values.filter((v) => v.value !== null).map((v) => ({ date: v.date, value: v.value! }));
		const definition = definitions.find((d) => d.id === i.id);
		const chart = numeric && points.length > 0 ? buildIndicatorChart(i.code, points, i.target, i.baseline, i.unit) : null;
		return {
			...i,
			formula: definition?.formula ?? null,
			numeratorName: definition?.numerator_name ?? null,
			denominatorName: definition?.denominator_name ?? null,
			dataSource: definition?.data_source ?? null,
			// Who enters the values, when the indicator names someone other than the lead.
			owner: definition?.owner_id != null ? { id: definition.owner_id, name: definition.owner! } : null,
			// The values' table travels as HTML drawn here (indicator-history-html.ts), not as data; on the
			// first render not in the page's data either: the browser has it already (htmlForPage).
			history: htmlForPage(
				indicatorHistoryHtml({ type: i.type, unit: i.unit, target: i.target, targetDate: i.targetDate, baseline: i.baseline, withChart: chart !== null, values }),
				isDataRequest
			),
			// Validated values lock what the result is computed from (the database refuses it too).
			definitionLocked: values.some((v) => v.state === 'validato'),
			chart
		};
	});

	// The same code in the other plan years: the objective's and each indicator's target, value and
	// achievement at the end of that year (at the chosen date for this year), for comparison. Each year
	// is scored by its own rules. Three queries for all years together (their rules; the objective of
	// that code in each; its indicators with their values); none when the database holds one year.
	const frames: Frame[] =
		ctx.years.length > 1
			? readRulesOfPlans(locals.db)
					.filter((p) => p.planId !== ctx.plan.id)
					.map((p) => ({ planId: p.planId, year: p.year, date: `${p.year}-12-31`, settings: p.rules }))
			: [];
	const evaluatedYears = evaluateFrames(locals.db, frames, { objectiveCode: objective.code, withoutShares: true });
	const years = frames.flatMap((f) => evaluatedYears.get(f)!.map((o) => ({ year: f.year, date: f.date, objective: o })));
	const comparison = [...years, { year: ctx.plan.year, date: ctx.date, objective: evaluated }]
		.sort((a, b) => a.year - b.year)
		.map(({ year, date, objective: o }) => ({
			year,
			date,
			current: year === ctx.plan.year,
			score: o.achievement.score,
			status: o.achievement.status,
			indicators: o.indicators.map((i) => ({ code: i.code, type: i.type, unit: i.unit, target: i.target, targetDate: i.targetDate, latest: i.latest, score: i.result.kind === 'measured' ? i.result.score : null }))
		}));

	const phases = phaseRows.map((r) => toTimelinePhase(r, asOf));
	return {
		// Only what the page shows travels to the browser: not the filter lists of the whole plan.
		...withoutChoices(ctx),
		filters,
		objective,
		shares: evaluated.shares,
		allDirectors: evaluated.allDirectors,
		comparison: comparison.length > 1 ? comparison : [],
		comparisonChart:
			comparison.length > 1
				? buildAchievementChart(
						`Raggiungimento dell’obiettivo ${objective.code} negli anni`,
						comparison.map((c) => ({ label: c.current && c.date !== `${c.year}-12-31` ? `${c.year} (al ${formatDate(c.date)})` : String(c.year), score: c.score })),
						ctx.settings.onTrack
					)
				: null,
		achievement: evaluated.achievement,
		// «Misura dalle fasi»: the rule as it was applied to this objective, in words.
		byPhases: phaseMeasureNote(evaluated.achievement),
		phaseCount: phases.length,
		// The timeline travels as HTML drawn here (timeline-html.ts), not as data and code for the browser;
		// on the first render not in the page's data either: the browser has it already (htmlForPage).
		phaseTimeline: htmlForPage(
			phases.length > 0
				? phaseTimelineHtml({ id: 'cronoprogramma', phases, year: ctx.plan.year, asOf, asOfIsToday: asOf === today, title: `Cronoprogramma delle fasi ${ctx.plan.year}` })
				: '',
			isDataRequest
		),
		// The planned-dates form names each phase by number and the start of its description.
		phaseChoices: phases.map((p) => ({ id: p.id, label: `${p.number}: ${p.description.length > 60 ? `${p.description.slice(0, 60)}…` : p.description}` })),
		indicators,
		// Worded on the server: the page ships sentences, not the log's JSON.
		audit: audit.map((a) => ({ id: a.id, at: a.at, ...auditProse(a) })),
		canEditTargets: locals.user?.role === 'direzione' || locals.user?.role === 'admin',
		// Planned dates of phases: the objective's director or the direction (checked again on the server).
		canEditPhaseDates: locals.user?.role === 'direzione' || locals.user?.role === 'admin' || (locals.user?.role === 'dirigente' && locals.user.directorId === objective.director_id)
	};
};

export const actions: Actions = {
	/** A phase's planned dates, by its director or the direction; a reason once a report of it is validated. */
	date_fase: async ({ locals, request }) => {
		const user = requireRole(locals.user, 'dirigente', 'direzione', 'admin');
		const form = await request.formData();
		const id = Number(form.get('fase'));
		try {
			const result = setPlannedDates(locals.db, user, id, String(form.get('inizio') ?? ''), String(form.get('fine') ?? ''), String(form.get('motivazione') ?? '') || null);
			if (!result.ok) return fail(400, { phaseDatesMessage: result.message });
			return { phaseDatesSuccess: result.changed ? 'Date previste della fase aggiornate.' : 'Date previste invariate.' };
		} catch (e) {
			if (e instanceof Forbidden) error(403, e.message);
			throw e;
		}
	},
	/** The general direction changes a target; the reason goes into the audit log. */
	target: async ({ locals, request }) => {
		const user = requireRole(locals.user, 'direzione', 'admin');
		const form = await request.formData();
		const id = Number(form.get('indicatore'));
		const result = updateTarget(locals.db, user, id, String(form.get('target') ?? ''), String(form.get('motivazione') ?? '') || null);
		return result.ok ? { id, success: 'Target aggiornato.' } : fail(400, { id, message: result.message });
	}
};
