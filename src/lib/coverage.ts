/**
 * What an aggregate rests on: of the objectives it groups, how many have a score. A plan "validato
 * 50,6 %" that rests on 3 objectives of 77 misleads; below a minimum share (a setting) a public
 * figure is shown as not yet available, and every figure says its coverage.
 */
import type { AggregateAchievement } from './achievement/achievement';
import { formatNumber } from './format';

export interface CoverageSettings {
	/** Minimum share of an aggregate's objectives with a score (0–1) for its figure to be published. */
	minShare: number;
}

export const DEFAULT_COVERAGE: CoverageSettings = { minShare: 0.5 };

export interface Coverage {
	/** Objectives with a score (on track, at risk or off track). */
	scored: number;
	total: number;
	/** Enough objectives scored for the aggregate to be shown as a percentage. */
	sufficient: boolean;
	/** How many scored objectives the aggregate needs (for the message when it has fewer). */
	needed: number;
}

export function coverageOf(a: AggregateAchievement, settings: CoverageSettings = DEFAULT_COVERAGE): Coverage {
	const d = a.distribution;
	const scored = d.on_track + d.at_risk + d.off_track;
	const needed = Math.max(1, Math.ceil(a.objectives * settings.minShare - 1e-9));
	return { scored, total: a.objectives, needed, sufficient: a.objectives > 0 && scored >= needed };
}

/** «su 3 obiettivi validati di 77», «su 1 obiettivo misurato di 12». */
export function coverageText(c: Coverage, adjective: { one: string; many: string }): string {
	return `su ${formatNumber(c.scored)} ${c.scored === 1 ? `obiettivo ${adjective.one}` : `obiettivi ${adjective.many}`} di ${formatNumber(c.total)}`;
}
