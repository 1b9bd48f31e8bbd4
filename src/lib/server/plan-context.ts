/**
 * What every dashboard page needs first: the plan, the rules in force, the monitoring date (chosen, or
 * the default) and the lists the filters offer. Five small queries, whatever the size of the plan, and
 * none while the data is unchanged (one read of the revision token instead).
 */
import { error } from '@sveltejs/kit';
import type { Filters } from '../filters';
import { defaultMonitoringDate, monitoringDateOptions, todayInItaly } from '../monitoring-dates';
import type { Db } from './db/database';
import { measurementDatesInYear, measurementDatesOfYear } from './evaluation.service';
import { runRaw } from './db/raw-query';
import { RevisionMemo } from './cache/revision-memo';
import { keptOverValueWrites } from './cache/value-journal';
import { findPlan, listPlanYears } from './plan.repository';
import { getPlanRules } from './rules.repository';

export async function loadPlanContext(db: Db, filters: Filters, today = todayInItaly()) {
	const known = contexts.current(db);
	const key = String(filters.anno ?? '');
	let stored = known.get(key);
	if (!stored) known.set(key, (stored = Object.freeze(await loadStoredContext(db, filters.anno))));
	if (!stored.plan) error(404, filters.anno ? `Nessun piano per l’anno ${filters.anno}` : 'Nessun piano caricato');
	const { datesInData, ...rest } = stored;
	const dates = monitoringDateOptions(stored.plan.year, datesInData);
	const date = filters.data ?? defaultMonitoringDate(dates, today);
	return { ...rest, plan: stored.plan, dates: dates.includes(date) ? dates : [...dates, date].sort(), date };
}

/** Beyond this many CdRs (a body hosting many plans) the filter is a code field, not a menu. */
export const LONG_CHOICE_LIST = 200;

/**
 * What a page with the full filter bar sends to the browser: the lists, except a long CdR list, which
 * the bar shows as a code field. (SvelteKit serialises every page's data, even without JavaScript.)
 */
export function filterChoices(ctx: PlanContext) {
	return {
		directors: ctx.directors,
		centres: ctx.centres.length > LONG_CHOICE_LIST ? ('codice' as const) : ctx.centres,
		publicValues: ctx.publicValues
	};
}

/** The context without the filter lists, for pages whose filter bar offers only year and date. */
export function withoutChoices(ctx: PlanContext) {
	const { directors: _d, centres: _c, publicValues: _v, ...rest } = ctx;
	void [_d, _c, _v];
	return rest;
}

/**
 * A few plan years, each a handful of short lists: weighed by their length. Kept over value writes,
 * which change none of it but the dates that hold values (a value at a new date adds one): those are
 * read again, one loose index scan per year.
 */
const contexts = new RevisionMemo<StoredContext>(50_000, (c) => 1 + c.directors.length + c.centres.length, (db, from, to, entries) =>
	keptOverValueWrites(db, from, to, entries).map(([key, c]) => [key, c.plan ? Object.freeze({ ...c, datesInData: measurementDatesOfYear(db, c.plan.year) }) : c])
);
type StoredContext = Awaited<ReturnType<typeof loadStoredContext>>;

/** The part of the context that depends on the data only (not on today or the chosen date). */
async function loadStoredContext(db: Db, year: number | null) {
	const plan = await findPlan(db, year ?? undefined);
	if (!plan) return { plan: null, years: [], settings: null, rulesInForce: null, datesInData: [], directors: [], centres: [], publicValues: [] };
	const [years, stored, datesInData] = await Promise.all([listPlanYears(db), getPlanRules(db, plan.id), measurementDatesInYear(db, plan.year)]);
	const settings = stored.rules;
	// What every page says beside a score: which rules produced it (the full text at /regole/<anno>).
	const rulesInForce = { description: stored.description, stored: stored.stored, updatedAt: stored.updatedAt };
	// The directors, CdRs and public values that have objectives in the plan: one index seek per candidate
	// (hundreds), rather than every objective joined to its three (thousands) and made distinct.
	const choices = runRaw<[0 | 1 | 2, number, string, string | null, number | null]>(
		db,
		`SELECT 0, d.id, d.name, NULL, NULL FROM director d
			WHERE EXISTS (SELECT 1 FROM objective o WHERE o.director_id = d.id AND o.plan_id = ?)
		UNION ALL
		SELECT 1, c.id, c.code, c.name, NULL FROM responsibility_centre c
			WHERE c.plan_id = ? AND EXISTS (SELECT 1 FROM objective o WHERE o.centre_id = c.id)
		UNION ALL
		SELECT 2, pv.id, pv.name, NULL, pv.position FROM public_value pv
			WHERE pv.plan_id = ? AND EXISTS (SELECT 1 FROM objective o WHERE o.public_value_id = pv.id)`,
		[plan.id, plan.id, plan.id]
	);
	const directors: Array<{ id: number; name: string }> = [];
	const centres: Array<{ code: string; name: string }> = [];
	const publicValues: Array<{ id: number; name: string; position: number }> = [];
	for (const [kind, id, a, b, position] of choices) {
		if (kind === 0) directors.push({ id, name: a });
		else if (kind === 1) centres.push({ code: a, name: b! });
		else publicValues.push({ id, name: a, position: position! });
	}
	return {
		plan,
		years,
		settings,
		rulesInForce,
		datesInData,
		directors: directors.sort((a, b) => italian.compare(a.name, b.name)),
		centres: centres.sort((a, b) => italian.compare(a.code, b.code)),
		publicValues: publicValues.sort((a, b) => a.position - b.position).map((v) => ({ id: v.id, name: v.name }))
	};
}

/** The same order as `localeCompare(…, 'it')`, without building a collator for every comparison. */
const italian = new Intl.Collator('it');

export type PlanContext = Awaited<ReturnType<typeof loadPlanContext>>;
