import { describe, expect, it } from 'vitest';
import { coverageOf, coverageText } from './coverage';
import type { AggregateAchievement } from './achievement/achievement';

const agg = (scored: number, unscored: number): AggregateAchievement => ({
	score: scored ? 0.5 : null,
	status: scored ? 'off_track' : 'not_measured',
	objectives: scored + unscored,
	distribution: { on_track: scored, at_risk: 0, off_track: 0, not_measured: unscored, not_measurable: 0 }
});
const VALIDATED = { one: 'validato', many: 'validati' };

describe('coverage of an aggregate', () => {
	it('3 of 77 is not enough for a published figure; 39 of 77 is, at the default half', () => {
		expect(coverageOf(agg(3, 74))).toEqual({ scored: 3, total: 77, needed: 39, sufficient: false });
		expect(coverageOf(agg(39, 38)).sufficient).toBe(true);
		expect(coverageOf(agg(38, 39)).sufficient).toBe(false);
	});

	it('follows the setting; an empty group is never sufficient; one objective needs itself', () => {
		expect(coverageOf(agg(3, 74), { minShare: 0 }).sufficient).toBe(true);
		expect(coverageOf(agg(8, 2), { minShare: 0.8 }).sufficient).toBe(true);
		expect(coverageOf(agg(0, 0)).sufficient).toBe(false);
		expect(coverageOf(agg(1, 0))).toMatchObject({ needed: 1, sufficient: true });
		expect(coverageOf(agg(0, 1))).toMatchObject({ needed: 1, sufficient: false });
	});

	it('says it in Italian, singular and plural', () => {
		expect(coverageText(coverageOf(agg(3, 74)), VALIDATED)).toBe('su 3 obiettivi validati di 77');
		expect(coverageText(coverageOf(agg(1, 11)), VALIDATED)).toBe('su 1 obiettivo validato di 12');
		expect(coverageText(coverageOf(agg(1200, 0)), VALIDATED)).toBe('su 1.200 obiettivi validati di 1.200');
	});
});
