/**
 * The evaluations the first pages of the day ask for, made once when the server starts, in the
 * background: the newest plan at its default date with the overview's figures, its trend, and the
 * directors' trend (one entry for every director: each one's figure is then read from it); and the
 * deviations report the direction keeps open during a campaign, with the plan's phases it reads
 * (27.600 at 100 times the shipped plan, read and judged in 80-140 ms, which its first reader waited
 * for). At 100 times the shipped plan these cost about a second; made here, the first visitors do not
 * each wait for them. After a value write they are carried over, not made again
 * (cache/value-journal.ts, reports/load.ts).
 *
 * Nothing here is needed for correctness: every result is made on demand anyway, and kept only while
 * the data revision it was made at holds.
 */
import { parseFilters } from '../filters';
import type { Db } from './db/database';
import { evaluateScope } from './evaluation.service';
import { loadPlanContext } from './plan-context';
import { findPlan } from './plan.repository';
import { achievementTrend } from './trend.service';
import { planTotal } from './overview';
import { loadReport } from './reports/load';

export async function warmUp(db: Db): Promise<void> {
	if (!(await findPlan(db))) return;
	const ctx = await loadPlanContext(db, parseFilters(new URLSearchParams()));
	const evaluated = await evaluateScope(db, { planId: ctx.plan.id }, ctx.date, ctx.settings);
	// The overview's figures by public value and director, with the layout later writes update them from.
	planTotal(evaluated, ctx.settings);
	const current = { planId: ctx.plan.id, year: ctx.plan.year, date: ctx.date, settings: ctx.settings, dates: ctx.dates, years: ctx.years };
	achievementTrend(db, current, { plan: true });
	if (ctx.directors.length > 0) achievementTrend(db, current, { directorId: ctx.directors[0].id });
	await loadReport(db, 'scostamenti', parseFilters(new URLSearchParams()));
}
