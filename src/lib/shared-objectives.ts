/**
 * Shared objectives in the directors' figures. An objective may be assigned to several directors, each
 * with a share (quota, percent) of its weight; otherwise its lead has all of it. A director's
 * achievement is the weighted mean of his objectives' achievement with weight × share; the plan, the
 * public values and the CdRs of the lead count each objective once, as before.
 *
 * Weights missing from the plan are first filled as the engine does for any group (the average of the
 * given weights, or equal weights when none is given), then multiplied by the share: a director with
 * half of an objective and all of another, none weighted, counts the first half as much as the second.
 * Pure logic: no database, no SvelteKit.
 */
import { aggregateAchievement, type AchievementSettings, type AggregateAchievement, type ObjectiveAchievement } from './achievement/achievement';

export interface Share {
	directorId: number;
	director: string;
	centreCode: string;
	centreName: string;
	/** Percent of the objective's weight, (0, 100]. */
	quota: number;
}

export interface ShareableObjective {
	weight: number | null;
	achievement: ObjectiveAchievement;
	directorId: number;
	director: string;
	centreCode: string;
	centreName: string;
	/** Empty when the objective is not shared: the lead has it whole. */
	shares: readonly Share[];
	/** Assigned to «tutti i dirigenti»: each director of the year holds it whole (quota 100). */
	allDirectors?: boolean;
}

/** Who holds an objective, and how much of it. */
export function sharesOf(o: Pick<ShareableObjective, 'shares' | 'directorId' | 'director' | 'centreCode' | 'centreName'>): readonly Share[] {
	return o.shares.length > 0 ? o.shares : [{ directorId: o.directorId, director: o.director, centreCode: o.centreCode, centreName: o.centreName, quota: 100 }];
}

export interface DirectorGroup<T extends ShareableObjective> {
	key: number;
	label: string;
	/** The director's objectives, with his share of each. */
	objectives: Array<{ objective: T; quota: number }>;
	achievement: AggregateAchievement;
}

/** The objectives a director holds (lead without shares, or a share), with his quota of each. */
export function heldBy<T extends Pick<ShareableObjective, 'shares' | 'directorId' | 'director' | 'centreCode' | 'centreName'>>(objectives: readonly T[], directorId: number): Array<{ objective: T; quota: number }> {
	const held: Array<{ objective: T; quota: number }> = [];
	for (const o of objectives) {
		const quota = sharesOf(o).filter((s) => s.directorId === directorId).reduce((sum, s) => sum + s.quota, 0);
		if (quota > 0) held.push({ objective: o, quota });
	}
	return held;
}

/** One director's achievement over the objectives he holds, each weighted by his share. */
export function directorAchievement(held: ReadonlyArray<{ objective: Pick<ShareableObjective, 'weight' | 'achievement'>; quota: number }>, settings: AchievementSettings): AggregateAchievement {
	if (held.every((h) => h.quota === 100)) return aggregateAchievement(held.map((h) => h.objective), settings);
	const given = held.filter((h) => h.objective.weight !== null);
	const average = given.length > 0 ? given.reduce((s, h) => s + h.objective.weight!, 0) / given.length : 1;
	return aggregateAchievement(
		held.map((h) => ({ weight: (h.objective.weight ?? average) * (h.quota / 100), achievement: h.objective.achievement })),
		settings
	);
}

/** Every director's figures, in the order directors first appear (as `aggregateBy` orders groups). */
export function aggregateByDirector<T extends ShareableObjective>(objectives: readonly T[], settings: AchievementSettings): DirectorGroup<T>[] {
	const groups = new Map<number, { label: string; objectives: Array<{ objective: T; quota: number }> }>();
	for (const o of objectives) {
		for (const s of sharesOf(o)) {
			let g = groups.get(s.directorId);
			if (!g) groups.set(s.directorId, (g = { label: s.director, objectives: [] }));
			const same = g.objectives.find((h) => h.objective === o);
			// The same director on two CdRs of one objective: one objective, the sum of his shares.
			if (same) same.quota += s.quota;
			else g.objectives.push({ objective: o, quota: s.quota });
		}
	}
	return [...groups].map(([key, g]) => ({ key, label: g.label, objectives: g.objectives, achievement: directorAchievement(g.objectives, settings) }));
}

/** "Anna Rossi (capofila) 50 %, Bruno Verdi 30 %, …" for lists that name an objective's directors. */
export function sharesLabel(o: ShareableObjective, formatPercent: (quota: number) => string): string {
	if (o.shares.length === 0) return o.director;
	if (o.allDirectors) return `${o.director} (capofila), tutti i dirigenti (${o.shares.length}), ciascuno per intero`;
	const parts = o.shares.map((s) => `${s.director}${s.directorId === o.directorId ? ' (capofila)' : ''} ${formatPercent(s.quota)}${s.centreCode !== o.centreCode ? ` (${s.centreCode})` : ''}`);
	// The lead enters the values even without a share of the weight.
	if (!o.shares.some((s) => s.directorId === o.directorId)) parts.unshift(`${o.director} (capofila)`);
	return parts.join(', ');
}
