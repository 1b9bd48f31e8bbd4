/**
 * The plan read through the DUP: missione → programma → obiettivo strategico, each level with the
 * achievement of the objectives under it (weighted mean, as for any group). Objectives without any DUP
 * link are kept apart: the Nucleo flags them. Pure logic.
 */
import { aggregateAchievement, type AchievementSettings, type AggregateAchievement, type ObjectiveAchievement } from './achievement/achievement';

export interface DupObjective {
	id: number;
	code: string;
	title: string;
	weight: number | null;
	achievement: ObjectiveAchievement;
	mission: string | null;
	programme: string | null;
	strategicObjective: string | null;
}

export interface DupNode<T> {
	label: string;
	achievement: AggregateAchievement;
	objectives: T[];
}

export interface DupTree<T> {
	missions: Array<DupNode<T> & { programmes: Array<DupNode<T> & { strategic: Array<DupNode<T>> }> }>;
	/** Objectives with no missione, programma or obiettivo strategico. */
	unlinked: T[];
}

/** A missing level inside a linked objective is named as such, never dropped. */
export const NOT_GIVEN = 'non indicato';

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const item of items) {
		const k = key(item);
		const list = map.get(k);
		if (list) list.push(item);
		else map.set(k, [item]);
	}
	return map;
}

const byLabel = new Intl.Collator('it', { numeric: true });

export function dupTree<T extends DupObjective>(objectives: readonly T[], settings: AchievementSettings): DupTree<T> {
	const linked = objectives.filter((o) => o.mission || o.programme || o.strategicObjective);
	const node = (label: string, list: T[]): DupNode<T> => ({ label, achievement: aggregateAchievement(list, settings), objectives: list });
	const sorted = <N extends { label: string }>(nodes: N[]) => nodes.sort((a, b) => (a.label === NOT_GIVEN ? 1 : b.label === NOT_GIVEN ? -1 : byLabel.compare(a.label, b.label)));
	const missions = [...groupBy(linked, (o) => o.mission ?? NOT_GIVEN)].map(([mission, inMission]) => ({
		...node(mission, inMission),
		programmes: sorted(
			[...groupBy(inMission, (o) => o.programme ?? NOT_GIVEN)].map(([programme, inProgramme]) => ({
				...node(programme, inProgramme),
				strategic: sorted([...groupBy(inProgramme, (o) => o.strategicObjective ?? NOT_GIVEN)].map(([s, list]) => node(s, list)))
			}))
		)
	}));
	return { missions: sorted(missions), unlinked: objectives.filter((o) => !(o.mission || o.programme || o.strategicObjective)) };
}
