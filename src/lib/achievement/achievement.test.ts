import { describe, expect, it } from 'vitest';
import { formatPercent } from '../status';
import {
	aggregateAchievement,
	applyBands,
	DEFAULT_SETTINGS,
	indicatorAchievement,
	objectiveAchievement,
	statusOf,
	weightedMean,
	type AchievementSettings,
	type IndicatorSpec,
	type Reading
} from './achievement';

const num = (target: number | null, extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({
	type: 'numero', polarity: 'crescente', baseline: null, target, targetDate: null, ...extra
});
const value = (v: number | null): Reading => ({ value: v, valueDate: null });
const done = (d: string): Reading => ({ value: null, valueDate: d });

describe('indicatorAchievement', () => {
	const cases: Array<[string, IndicatorSpec, Reading | null, ReturnType<typeof indicatorAchievement>, Partial<AchievementSettings>?]> = [
		['increasing, half way', num(26), value(13), { kind: 'measured', raw: 0.5, score: 0.5 }],
		['increasing, on target', num(26), value(26), { kind: 'measured', raw: 1, score: 1 }],
		['increasing, above target: raw kept, score capped', num(20), value(30), { kind: 'measured', raw: 1.5, score: 1 }],
		['increasing, above target with a 120 % cap', num(20), value(30), { kind: 'measured', raw: 1.5, score: 1.2 }, { cap: 1.2 }],
		['increasing, actual 0', num(10), value(0), { kind: 'measured', raw: 0, score: 0 }],
		['increasing, negative actual scores 0', num(10), value(-5), { kind: 'measured', raw: -0.5, score: 0 }],
		['increasing, target 0 and actual 0: met', num(0), value(0), { kind: 'measured', raw: null, score: 1 }],
		['decreasing, at target', num(5, { polarity: 'decrescente' }), value(5), { kind: 'measured', raw: 1, score: 1 }],
		['decreasing, below target: raw kept, score 1', num(5, { polarity: 'decrescente' }), value(4), { kind: 'measured', raw: 1.25, score: 1 }],
		['decreasing, above target', num(5, { polarity: 'decrescente' }), value(10), { kind: 'measured', raw: 0.5, score: 0.5 }],
		['decreasing, actual 0', num(5, { polarity: 'decrescente' }), value(0), { kind: 'measured', raw: null, score: 1 }],
		['decreasing, target 0, actual 0', num(0, { polarity: 'decrescente' }), value(0), { kind: 'measured', raw: null, score: 1 }],
		['decreasing, target 0, actual 3', num(0, { polarity: 'decrescente' }), value(3), { kind: 'measured', raw: 0, score: 0 }],
		['baseline, half way', num(30, { baseline: 10 }), value(20), { kind: 'measured', raw: 0.5, score: 0.5 }],
		['baseline, below baseline: clamped to 0', num(30, { baseline: 10 }), value(5), { kind: 'measured', raw: -0.25, score: 0 }],
		['baseline, beyond target: clamped to 1', num(30, { baseline: 10 }), value(40), { kind: 'measured', raw: 1.5, score: 1 }],
		['baseline, decreasing towards a lower target', num(80, { baseline: 100, polarity: 'decrescente' }), value(90), { kind: 'measured', raw: 0.5, score: 0.5 }],
		['baseline equal to target falls back to the ratio', num(10, { baseline: 10 }), value(5), { kind: 'measured', raw: 0.5, score: 0.5 }],
		['percentage with decimals', num(20, { type: 'percentuale' }), value(15), { kind: 'measured', raw: 0.75, score: 0.75 }],
		['no target: not measurable', num(null), value(12), { kind: 'not_measurable' }],
		['no type and no target: not measurable', num(null, { type: null }), null, { kind: 'not_measurable' }],
		['no type, with a target: read as a number', num(4, { type: null }), value(2), { kind: 'measured', raw: 0.5, score: 0.5 }],
		['target but no value at the date: not measured', num(26), null, { kind: 'not_measured' }],
		['yes/no done', { ...num(null), type: 'si_no' }, value(1), { kind: 'measured', raw: 1, score: 1 }],
		['yes/no not done', { ...num(null), type: 'si_no' }, value(0), { kind: 'measured', raw: 0, score: 0 }],
		['yes/no with target "no" met by "no"', { ...num(0), type: 'si_no' }, value(0), { kind: 'measured', raw: 1, score: 1 }],
		['yes/no without a value', { ...num(null), type: 'si_no' }, null, { kind: 'not_measured' }],
		['deadline met exactly on the day', { ...num(null), type: 'data', targetDate: '2022-06-30' }, done('2022-06-30'), { kind: 'measured', raw: 1, score: 1 }],
		['deadline met early', { ...num(null), type: 'data', targetDate: '2022-06-30' }, done('2022-05-02'), { kind: 'measured', raw: 1, score: 1 }],
		['deadline missed by a day', { ...num(null), type: 'data', targetDate: '2022-06-30' }, done('2022-07-01'), { kind: 'measured', raw: 0, score: 0 }],
		['deadline missed, within a 30-day band', { ...num(null), type: 'data', targetDate: '2022-06-30' }, done('2022-07-20'), { kind: 'measured', raw: 0.5, score: 0.5 }, { deadlineBands: [{ maxDaysLate: 30, score: 0.5 }, { maxDaysLate: 10, score: 0.8 }] }],
		['deadline missed, within the tighter band', { ...num(null), type: 'data', targetDate: '2022-06-30' }, done('2022-07-05'), { kind: 'measured', raw: 0.8, score: 0.8 }, { deadlineBands: [{ maxDaysLate: 30, score: 0.5 }, { maxDaysLate: 10, score: 0.8 }] }],
		['deadline without a date: not measurable', { ...num(null), type: 'data' }, done('2022-07-05'), { kind: 'not_measurable' }],
		['bands: 70 % falls in the 60 % band', num(10), value(7), { kind: 'measured', raw: 0.7, score: 0.6 }, { bands: [{ from: 0.5, score: 0.3 }, { from: 0.6, score: 0.6 }, { from: 0.9, score: 1 }] }],
		['bands: below the first band scores 0', num(10), value(4), { kind: 'measured', raw: 0.4, score: 0 }, { bands: [{ from: 0.5, score: 0.3 }, { from: 0.9, score: 1 }] }],
		['bands interpolated', num(10), value(7), { kind: 'measured', raw: 0.7, score: 0.65 }, { bands: [{ from: 0.5, score: 0.3 }, { from: 0.9, score: 1 }], interpolateBands: true }]
	];
	it.each(cases)('%s', (_name, spec, reading, expected, settings) => {
		const result = indicatorAchievement(spec, reading, { ...DEFAULT_SETTINGS, ...settings });
		if (expected.kind === 'measured' && result.kind === 'measured') {
			expect(result.raw === null ? null : Number(result.raw.toFixed(10))).toBe(expected.raw);
			expect(Number(result.score.toFixed(10))).toBe(expected.score);
		} else {
			expect(result).toEqual(expected);
		}
	});
});

describe('applyBands', () => {
	it('is the identity without bands', () => expect(applyBands(0.73, DEFAULT_SETTINGS)).toBe(0.73));
	it('keeps the top band above the last bound', () => {
		expect(applyBands(1.4, { ...DEFAULT_SETTINGS, bands: [{ from: 0.9, score: 1 }], interpolateBands: true })).toBe(1);
	});
});

describe('weightedMean', () => {
	it.each([
		['equal weights when none given', [{ weight: null, value: 1 }, { weight: null, value: 0 }], 0.5],
		['weights given', [{ weight: 3, value: 1 }, { weight: 1, value: 0 }], 0.75],
		['weights summing to 0 count as equal', [{ weight: 0, value: 1 }, { weight: 0, value: 0.5 }], 0.75],
		['missing weights take the average of the given ones', [{ weight: 2, value: 1 }, { weight: null, value: 0 }], 0.5],
		['a zero weight drops an item', [{ weight: 1, value: 1 }, { weight: 0, value: 0 }], 1]
	])('%s', (_name, items, expected) => expect(weightedMean(items)).toBeCloseTo(expected, 10));
	it('is null for nothing', () => expect(weightedMean([])).toBeNull());
});

describe('statusOf', () => {
	it.each([
		[1, 'on_track'], [0.9, 'on_track'], [0.8994, 'at_risk'], [0.6, 'at_risk'], [0.5994, 'off_track'], [0, 'off_track']
	] as const)('%d → %s', (score, status) => expect(statusOf(score)).toBe(status));
	// What is shown and the status agree: 89,995 % is printed "90,0 %", so it is on track.
	it.each([
		[0.89995, '90,0 %', 'on_track'],
		[0.8999, '90,0 %', 'on_track'],
		[0.89949, '89,9 %', 'at_risk'],
		[0.59995, '60,0 %', 'at_risk'],
		[0.59949, '59,9 %', 'off_track']
	] as const)('%d, shown as %s, is %s', (score, shown, status) => {
		expect(formatPercent(score)).toBe(shown);
		expect(statusOf(score)).toBe(status);
	});
	it('agrees with the printed percentage on a fine grid around both thresholds', () => {
		const disagreements: string[] = [];
		for (const centre of [0.6, 0.9]) {
			for (let i = -2000; i <= 2000; i++) {
				const score = centre + i / 1_000_000;
				const printed = Number(formatPercent(score).replace(' %', '').replace(',', '.'));
				const expected = printed >= 90 ? 'on_track' : printed >= 60 ? 'at_risk' : 'off_track';
				if (statusOf(score) !== expected) disagreements.push(`${score} → ${formatPercent(score)} ${statusOf(score)}`);
			}
		}
		expect(disagreements).toEqual([]);
	});
	it('follows the thresholds in the settings', () => expect(statusOf(0.85, { ...DEFAULT_SETTINGS, onTrack: 0.8 })).toBe('on_track'));
});

describe('objectiveAchievement', () => {
	const measured = (score: number) => ({ kind: 'measured' as const, raw: score, score });
	it('averages the measured indicators, by weight, ignoring those without a target or a value', () => {
		const g = objectiveAchievement([
			{ weight: 3, result: measured(1) },
			{ weight: 1, result: measured(0.2) },
			{ weight: 5, result: { kind: 'not_measured' } },
			{ weight: 9, result: { kind: 'not_measurable' } }
		]);
		expect(g.score).toBeCloseTo(0.8, 10);
		expect(g).toMatchObject({ status: 'at_risk', measurable: 3, measured: 2 });
	});
	it('is "not measurable" when no indicator has a target, and when it has no indicators', () => {
		expect(objectiveAchievement([{ weight: null, result: { kind: 'not_measurable' } }]).status).toBe('not_measurable');
		expect(objectiveAchievement([]).status).toBe('not_measurable');
	});
	it('is "not measured" when targets exist but no value yet', () => {
		expect(objectiveAchievement([{ weight: null, result: { kind: 'not_measured' } }])).toEqual({ score: null, status: 'not_measured', measurable: 1, measured: 0 });
	});
});

describe('aggregateAchievement', () => {
	const obj = (score: number | null, status: ReturnType<typeof statusOf> | 'not_measured' | 'not_measurable', weight: number | null = null) => ({
		weight,
		achievement: { score, status, measurable: 1, measured: score === null ? 0 : 1 }
	});
	it('weights objectives and counts every state', () => {
		const a = aggregateAchievement([obj(1, 'on_track', 60), obj(0.5, 'off_track', 40), obj(null, 'not_measured', 50), obj(null, 'not_measurable')]);
		expect(a.score).toBeCloseTo(0.8, 10);
		expect(a.status).toBe('at_risk');
		expect(a.distribution).toEqual({ on_track: 1, at_risk: 0, off_track: 1, not_measured: 1, not_measurable: 1 });
	});
	it('without any score: not measured if something awaits a value, else not measurable', () => {
		expect(aggregateAchievement([obj(null, 'not_measured'), obj(null, 'not_measurable')]).status).toBe('not_measured');
		expect(aggregateAchievement([obj(null, 'not_measurable')]).status).toBe('not_measurable');
		expect(aggregateAchievement([]).score).toBeNull();
	});
	it('is the weighted mean of the scored objectives to the last bit, whatever the mix of weights (read in place, not copied)', () => {
		// A seeded generator: the same cases on every run, some with every weight, some with none, some mixed, some summing to 0.
		let seed = 7;
		const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
		const raw = { ...DEFAULT_SETTINGS, roundingLevel: 'stato' as const };
		for (let run = 0; run < 300; run++) {
			const mode = run % 4;
			const items = Array.from({ length: 1 + Math.floor(random() * 40) }, () => {
				const scored = random() < 0.8;
				const weight = mode === 0 ? Math.round(random() * 30) : mode === 1 ? null : mode === 2 ? (random() < 0.5 ? null : random() * 20) : 0;
				return obj(scored ? random() * 1.2 : null, scored ? 'on_track' : 'not_measured', weight);
			});
			const scored = items.filter((o) => o.achievement.score !== null);
			const expected = weightedMean(scored.map((o) => ({ weight: o.weight, value: o.achievement.score! })));
			expect(aggregateAchievement(items, raw).score).toBe(expected);
		}
	});
});
