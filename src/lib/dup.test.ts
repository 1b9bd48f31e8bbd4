import { describe, expect, it } from 'vitest';
import { dupTree, NOT_GIVEN, type DupObjective } from './dup';
import { DEFAULT_SETTINGS, type ObjectiveAchievement } from './achievement/achievement';

const achieved = (score: number | null): ObjectiveAchievement =>
	({ score, status: score === null ? 'not_measured' : score >= 0.9 ? 'on_track' : 'off_track', measurable: 1, measured: score === null ? 0 : 1 }) as ObjectiveAchievement;
const o = (code: string, score: number | null, weight: number | null, mission: string | null, programme: string | null = null, strategicObjective: string | null = null): DupObjective => ({
	id: code.length,
	code,
	title: code,
	weight,
	achievement: achieved(score),
	mission,
	programme,
	strategicObjective
});

describe('the plan through the DUP', () => {
	it('groups by missione, programma and obiettivo strategico with the weighted achievement of each level; unlinked objectives apart', () => {
		const tree = dupTree(
			[o('A', 1, 30, '01', '0102', 'OS1'), o('B', 0.5, 10, '01', '0102', 'OS2'), o('C', 0, 10, '01', '0108'), o('D', 0.8, null, '04', '0402', 'OS3'), o('E', 1, 50, null)],
			DEFAULT_SETTINGS
		);
		expect(tree.missions.map((m) => [m.label, m.achievement.score])).toEqual([
			['01', (30 + 5 + 0) / 50],
			['04', 0.8]
		]);
		const first = tree.missions[0];
		expect(first.programmes.map((p) => [p.label, p.achievement.score])).toEqual([
			['0102', (30 + 5) / 40],
			['0108', 0]
		]);
		expect(first.programmes[1].strategic.map((s) => s.label)).toEqual([NOT_GIVEN]);
		expect(tree.unlinked.map((u) => u.code)).toEqual(['E']);
	});
});
