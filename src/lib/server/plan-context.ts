/**
 * What every dashboard page needs first: the plan, the rules in force, the monitoring date (chosen, or
 * the default) and the lists the filters offer. Five small queries, whatever the size of the plan.
 */
import { error } from '@sveltejs/kit';
import type { Filters } from '../filters';
import { defaultMonitoringDate, monitoringDateOptions } from '../monitoring-dates';
import type { Db } from './db/database';
import { measurementDatesInYear } from './evaluation.service';
import { findPlan, listPlanYears } from './plan.repository';
import { getAchievementSettings } from './settings.repository';

export async function loadPlanContext(db: Db, filters: Filters, today = new Date().toISOString().slice(0, 10)) {
	const plan = await findPlan(db, filters.anno ?? undefined);
	if (!plan) error(404, filters.anno ? `Nessun piano per l’anno ${filters.anno}` : 'Nessun piano caricato');
	const [years, settings, datesInData, choices] = await Promise.all([
		listPlanYears(db),
		getAchievementSettings(db),
		measurementDatesInYear(db, plan.year),
		db.kysely
			.selectFrom('objective as o')
			.innerJoin('director as d', 'd.id', 'o.director_id')
			.innerJoin('responsibility_centre as c', 'c.id', 'o.centre_id')
			.innerJoin('public_value as pv', 'pv.id', 'o.public_value_id')
			.where('o.plan_id', '=', plan.id)
			.select(['d.id as director_id', 'd.name as director', 'c.code as centre_code', 'c.name as centre_name', 'pv.id as pv_id', 'pv.name as pv', 'pv.position as pv_position'])
			.distinct()
			.execute()
	]);
	const dates = monitoringDateOptions(plan.year, datesInData);
	const date = filters.data ?? defaultMonitoringDate(dates, today);
	const unique = <T, K>(rows: T[], key: (r: T) => K) => [...new Map(rows.map((r) => [key(r), r])).values()];
	return {
		plan,
		years,
		settings,
		dates: dates.includes(date) ? dates : [...dates, date].sort(),
		date,
		directors: unique(choices, (c) => c.director_id)
			.map((c) => ({ id: c.director_id, name: c.director }))
			.sort((a, b) => a.name.localeCompare(b.name, 'it')),
		centres: unique(choices, (c) => c.centre_code)
			.map((c) => ({ code: c.centre_code, name: c.centre_name }))
			.sort((a, b) => a.code.localeCompare(b.code, 'it')),
		publicValues: unique(choices, (c) => c.pv_id)
			.sort((a, b) => a.pv_position - b.pv_position)
			.map((c) => ({ id: c.pv_id, name: c.pv }))
	};
}

export type PlanContext = Awaited<ReturnType<typeof loadPlanContext>>;
