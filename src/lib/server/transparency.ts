/**
 * What the law requires to be published (D.Lgs. 33/2013 art. 10 and 20): the plan and the results the
 * evaluation board has validated. Never drafts, submitted or accepted-but-unvalidated values.
 */
import type { Db } from './db/database';
import { aggregateBy, aggregateOf, evaluateScope } from './evaluation.service';
import { findPlan } from './plan.repository';
import { getCoverageSettings } from './settings.repository';
import { getPlanRules } from './rules.repository';
import { coverageOf } from '../coverage';
import { aggregateByDirector } from '../shared-objectives';
import { exportFiles } from './export/export.service';

export const PUBLIC_STATES = ['validato'] as const;

export async function loadTransparency(db: Db, year: number) {
	const plan = await findPlan(db, year);
	if (!plan) return null;
	const [stored, coverageSettings, validated] = await Promise.all([
		getPlanRules(db, plan.id),
		getCoverageSettings(db),
		db.kysely.selectFrom('monitoring_period').where('plan_id', '=', plan.id).where('state', '=', 'validato').select('date').orderBy('date').execute()
	]);
	const settings = stored.rules;
	const dates = validated.map((v) => v.date);
	const date = dates[dates.length - 1] ?? `${plan.year}-12-31`;
	const objectives = await evaluateScope(db, { planId: plan.id, valueStates: [...PUBLIC_STATES] }, date, settings);
	// Every aggregate carries what it rests on; below the minimum coverage it is not published as a figure.
	const covered = <T extends { achievement: ReturnType<typeof aggregateOf> }>(g: T) => ({ ...g, coverage: coverageOf(g.achievement, coverageSettings) });
	const total = aggregateOf(objectives, settings);
	return {
		plan,
		rulesInForce: { description: stored.description },
		dates,
		date: dates.length ? date : null,
		total,
		totalCoverage: coverageOf(total, coverageSettings),
		minShare: coverageSettings.minShare,
		publicValues: aggregateBy(objectives, (o) => o.publicValueId, (o) => o.publicValue, settings).map((g) => covered({ id: g.key, name: g.label, achievement: g.achievement })),
		directors: aggregateByDirector(objectives, settings)
			.map((g) => covered({ id: g.key, name: g.label, achievement: g.achievement }))
			.sort((a, b) => a.name.localeCompare(b.name, 'it')),
		objectives
	};
}

/** Open data of a year: the interchange files, with validated values only. */
export async function openDataFiles(db: Db, year: number, only?: string) {
	return exportFiles(db, { year, valueStates: [...PUBLIC_STATES], only });
}
