/**
 * The engine under rules other than the dashboard's defaults: one table per point of issue 18, with
 * cases of the kinds of rules peer systems publish (a hospital's per-indicator scales, a Region's
 * linear deviation for decreasing indicators, a Comune's "all targets met" prize rule...).
 */
import { describe, expect, it } from 'vitest';
import { formatPercent } from '../status';
import {
	aggregateAchievement,
	classOf,
	DEFAULT_SETTINGS,
	indicatorAchievement,
	objectiveAchievement,
	statusOf,
	type AchievementSettings,
	type IndicatorResult,
	type IndicatorSpec,
	type Reading,
	type Scale
} from './achievement';
import { applyScale } from './rules';

const rules = (r: Partial<AchievementSettings> = {}): AchievementSettings => ({ ...DEFAULT_SETTINGS, ...r });
const num = (target: number | null, extra: Partial<IndicatorSpec> = {}): IndicatorSpec => ({
	type: 'numero', polarity: 'crescente', baseline: null, target, targetDate: null, ...extra
});
const value = (v: number | null): Reading => ({ value: v, valueDate: null });
const scoreOf = (spec: IndicatorSpec, reading: Reading | null, r: Partial<AchievementSettings> = {}) => {
	const result = indicatorAchievement(spec, reading, rules(r));
	return result.kind === 'measured' ? Number(result.score.toFixed(10)) : result.kind;
};
const measured = (score: number): IndicatorResult => ({ kind: 'measured', raw: score, score });

describe('1. per-indicator scales', () => {
	// A hospital's scale on the ratio: < 50 % nothing, 50–80 % from 40 to 80 points, ≥ 80 % full marks.
	const onRatio: Scale = {
		on: 'rapporto',
		below: 0,
		bands: [
			{ from: 0.5, to: 0.8, score: 0.4, scoreTo: 0.8 },
			{ from: 0.8, to: null, score: 1, scoreTo: null }
		]
	};
	// Waiting days (lower is better) scored on the raw value: ≤ 30 days 100, 30–60 days 60, over 60: 10.
	const onValue: Scale = {
		on: 'valore',
		below: 0.1,
		bands: [
			{ from: 0, to: 30.0001, score: 1, scoreTo: null },
			{ from: 30.0001, to: 60.0001, score: 0.6, scoreTo: null }
		]
	};
	it.each([
		['ratio below the lowest band scores what the scale says', num(100, { scale: onRatio }), 40, {}, 0],
		['ratio at the start of an interpolated band', num(100, { scale: onRatio }), 50, {}, 0.4],
		['ratio inside an interpolated band', num(100, { scale: onRatio }), 65, {}, 0.6],
		['a jump between bands: 79,9 % → 79,87 %, 80 % → 100 %', num(1000, { scale: onRatio }), 799, {}, 0.7986666667],
		['top band, open above', num(100, { scale: onRatio }), 80, {}, 1],
		['the scale wins over the plan-wide bands', num(100, { scale: onRatio }), 65, { bands: [{ from: 0, score: 0.1 }] }, 0.6],
		['without a scale, the plan-wide bands are the fallback', num(100), 65, { bands: [{ from: 0, score: 0.1 }] }, 0.1],
		['raw value, decreasing: 20 days is in the best band', num(30, { polarity: 'decrescente', scale: onValue }), 20, {}, 1],
		['raw value, decreasing: 45 days', num(30, { polarity: 'decrescente', scale: onValue }), 45, {}, 0.6],
		['raw value, decreasing: 90 days is on the worse side', num(30, { polarity: 'decrescente', scale: onValue }), 90, {}, 0.1],
		['raw value, decreasing: a negative value is on the better side', num(30, { polarity: 'decrescente', scale: onValue }), -1, {}, 1]
	] as const)('%s', (_n, spec, v, r, expected) => expect(scoreOf(spec, value(v), r as Partial<AchievementSettings>)).toBe(expected));

	it('proportional band: the measure itself', () => {
		expect(applyScale(0.7, { on: 'rapporto', below: 0, bands: [{ from: 0.6, to: 0.95, score: 'proporzionale', scoreTo: null }] })).toBe(0.7);
	});
});

describe('2. decreasing indicators: formula and cap', () => {
	const dec = (target: number, extra: Partial<IndicatorSpec> = {}) => num(target, { polarity: 'decrescente', ...extra });
	it.each([
		['ratio t/v (default): 10 against 8', dec(8), 10, {}, 0.8],
		['linear deviation (2t − v)/t: 10 against 8', dec(8), 10, { decreasingFormula: 'scostamento' }, 0.75],
		['linear deviation: twice the target scores 0', dec(8), 16, { decreasingFormula: 'scostamento' }, 0],
		['linear deviation: below target capped at 100 %', dec(8), 6, { decreasingFormula: 'scostamento' }, 1],
		['linear deviation, 120 % cap: 6 against 8 is 125 %, counts 120 %', dec(8), 6, { decreasingFormula: 'scostamento', cap: 1.2 }, 1.2],
		['ratio, 120 % cap applies to decreasing too: 8/6', dec(8), 6, { cap: 1.2 }, 1.2],
		['ratio, 150 % cap: 8/6 = 133,3 %', dec(8), 6, { cap: 1.5 }, 1.3333333333],
		['baseline indicator beyond its target, 120 % cap', num(30, { baseline: 10 }), 40, { cap: 1.2 }, 1.2],
		['linear deviation, target 0, value 0: met', dec(0), 0, { decreasingFormula: 'scostamento' }, 1],
		['linear deviation, target 0, value 2: nothing', dec(0), 2, { decreasingFormula: 'scostamento' }, 0]
	] as const)('%s', (_n, spec, v, r, expected) => expect(scoreOf(spec, value(v), r as Partial<AchievementSettings>)).toBe(expected));
});

describe('3. missing values', () => {
	const ind = [
		{ weight: 50, result: measured(1) },
		{ weight: 50, result: { kind: 'not_measured' } as IndicatorResult }
	];
	it.each([
		['excluded (default): the measured one alone', {}, false, 1, 'on_track'],
		['counted as zero', { missingValues: 'zero' }, false, 0.5, 'off_track'],
		['zero only at the final date: mid-year excluded', { missingValues: 'zero_finale' }, false, 1, 'on_track'],
		['zero only at the final date: at 31 December counted', { missingValues: 'zero_finale' }, true, 0.5, 'off_track']
	] as const)('%s', (_n, r, atFinalDate, score, status) => {
		const g = objectiveAchievement(ind, rules(r as Partial<AchievementSettings>), { atFinalDate });
		expect(g.score).toBeCloseTo(score, 10);
		expect(g.status).toBe(status);
		expect(g.measured).toBe(1);
	});
	it('an objective with no value at all scores 0 under "zero", and stays "not measured" by default', () => {
		const none = [{ weight: null, result: { kind: 'not_measured' } as IndicatorResult }];
		expect(objectiveAchievement(none, rules({ missingValues: 'zero' }))).toMatchObject({ score: 0, status: 'off_track' });
		expect(objectiveAchievement(none, rules())).toMatchObject({ score: null, status: 'not_measured' });
	});
});

describe('4. objective aggregation and weights', () => {
	const three = [
		{ weight: 50, result: measured(1) },
		{ weight: 30, result: measured(0.5) },
		{ weight: 20, result: measured(0.9) }
	];
	it.each([
		['weighted mean (default)', {}, three, 0.83],
		['sum of points: 50 + 15 + 18', { aggregation: 'somma_punti' }, three, 0.83],
		['sum of points when weights sum to 80: out of 100 points', { aggregation: 'somma_punti' }, three.slice(0, 2), 0.65],
		['minimum', { aggregation: 'minimo' }, three, 0.5],
		['all targets met: one is not', { aggregation: 'tutti_raggiunti' }, three, 0],
		['all targets met: every one is', { aggregation: 'tutti_raggiunti' }, [three[0], { weight: 50, result: measured(1) }], 1],
		['weights rule "zero": weights 50 + 30 do not sum to 100', { weightsRule: 'zero' }, three.slice(0, 2), 0],
		['weights rule "zero": weights sum to 100, untouched', { weightsRule: 'zero' }, three, 0.83],
		['weights rule "avviso": the score stands', { weightsRule: 'avviso' }, three.slice(0, 2), 0.8125]
	] as const)('%s', (_n, r, inds, expected) => {
		expect(objectiveAchievement([...inds], rules(r as Partial<AchievementSettings>)).score).toBeCloseTo(expected, 10);
	});
	it('warns when weights do not sum to 100, or only some are given; never for one indicator or no weights', () => {
		expect(objectiveAchievement(three.slice(0, 2), rules({ weightsRule: 'avviso' })).warning).toBe('i pesi degli indicatori sommano a 80 invece di 100');
		expect(objectiveAchievement([three[0], { weight: null, result: measured(1) }], rules({ weightsRule: 'avviso' })).warning).toBe('pesi indicati per 1 indicatori su 2');
		expect(objectiveAchievement(three, rules({ weightsRule: 'avviso' })).warning).toBeUndefined();
		expect(objectiveAchievement([{ weight: 30, result: measured(1) }], rules({ weightsRule: 'zero' })).score).toBe(1);
		expect(objectiveAchievement([{ weight: null, result: measured(1) }, { weight: null, result: measured(0) }], rules({ weightsRule: 'zero' })).score).toBe(0.5);
		expect(objectiveAchievement(three.slice(0, 2), rules()).warning).toBeUndefined();
	});
});

describe('5. aggregate bands and named status classes', () => {
	// A Comune's prize rule: ≥ 95 % → 100, 60–95 % proportional, < 60 % → 0.
	const prize: Scale = {
		on: 'rapporto',
		below: 0,
		bands: [
			{ from: 0.6, to: 0.95, score: 'proporzionale', scoreTo: null },
			{ from: 0.95, to: null, score: 1, scoreTo: null }
		]
	};
	it.each([
		['objective at 96 % → 100 %', 0.96, 1],
		['objective at 75 % → 75 %', 0.75, 0.75],
		['objective at 59 % → 0', 0.59, 0]
	])('%s', (_n, g, expected) => {
		expect(objectiveAchievement([{ weight: null, result: measured(g) }], rules({ objectiveScale: prize })).score).toBeCloseTo(expected, 10);
	});
	it('the aggregate scale applies to a director\'s score, not to the objectives beneath it', () => {
		const o = (score: number) => ({ weight: null, achievement: { score, status: statusOf(score), measurable: 1, measured: 1 } });
		const a = aggregateAchievement([o(1), o(0.92)], rules({ aggregateScale: prize }));
		expect(a.score).toBe(1);
		expect(aggregateAchievement([o(0.5), o(0.6)], rules({ aggregateScale: prize })).score).toBe(0);
	});
	const classes = rules({
		classes: [
			{ label: 'Eccellente', from: 0.95, tone: 'on_track' },
			{ label: 'Buono', from: 0.8, tone: 'on_track' },
			{ label: 'Sufficiente', from: 0.6, tone: 'at_risk' },
			{ label: 'Insufficiente', from: 0, tone: 'off_track' }
		]
	});
	it.each([
		[0.97, 'Eccellente', 'on_track'],
		[0.94995, 'Eccellente', 'on_track'], // shown "95,0 %"
		[0.85, 'Buono', 'on_track'],
		[0.7, 'Sufficiente', 'at_risk'],
		[0.2, 'Insufficiente', 'off_track']
	] as const)('%d is «%s» (%s)', (score, label, status) => {
		expect(classOf(score, classes)?.label).toBe(label);
		expect(statusOf(score, classes)).toBe(status);
	});
});

describe('6. rounding before the status', () => {
	it('an objective at 0,89995 shows "90,0 %" and is on track under a 90 % threshold', () => {
		const g = objectiveAchievement([{ weight: null, result: measured(0.89995) }]);
		expect(formatPercent(g.score)).toBe('90,0 %');
		expect(g.status).toBe('on_track');
	});
	it.each([
		['rounded to whole percentages at the objective: 89,5 % → 90 %', { decimals: 0, roundingLevel: 'obiettivo' }, [0.895], 0.9, 'on_track'],
		['whole percentages from the indicator up: 89,51 % and 88,51 % → 90 and 89, mean 89,5 → 90 %', { decimals: 0, roundingLevel: 'indicatore' }, [0.8951, 0.8851], 0.9, 'on_track'],
		['the same values rounded from the objective up: mean 89,01 % → 89 %', { decimals: 0, roundingLevel: 'obiettivo' }, [0.8951, 0.8851], 0.89, 'at_risk'],
		['two decimals at the objective: 89,994 % → 89,99 %, shown 90,0 %, on track', { decimals: 2, roundingLevel: 'obiettivo' }, [0.89994], 0.8999, 'on_track'],
		['no rounding of the score at level "stato": the status uses the shown one', {}, [0.89996], 0.89996, 'on_track']
	] as const)('%s', (_n, r, scores, expected, status) => {
		const settings = rules(r as Partial<AchievementSettings>);
		// At level "indicatore" the engine rounds each indicator's score as it computes it.
		const results = scores.map((s) => indicatorAchievement(num(1), value(s), settings));
		const g = objectiveAchievement(results.map((result) => ({ weight: null, result })), settings);
		expect(g.score).toBeCloseTo(expected, 10);
		expect(g.status).toBe(status);
		const shown = Number(formatPercent(g.score).replace(' %', '').replace(',', '.')) / 100;
		expect(statusOf(shown, settings)).toBe(g.status);
	});
	it('the aggregate is rounded too, and its status agrees with what is printed', () => {
		const o = (score: number) => ({ weight: null, achievement: { score, status: statusOf(score), measurable: 1, measured: 1 } });
		const a = aggregateAchievement([o(0.89), o(0.9)], rules({ decimals: 0, roundingLevel: 'obiettivo' }));
		expect(a.score).toBe(0.9);
		expect(a.status).toBe('on_track');
	});
});

describe('7. graded indicators', () => {
	const grades = [
		{ name: 'alto', score: 1 },
		{ name: 'medio', score: 0.7 },
		{ name: 'basso', score: 0.5 },
		{ name: 'nullo', score: 0 }
	];
	const graded = num(null, { type: null, grades });
	it.each([
		['alto', 1],
		['Medio', 0.7],
		['basso', 0.5],
		['nullo', 0]
	])('«%s» scores %d', (grade, expected) => expect(scoreOf(graded, { value: null, valueDate: null, grade })).toBe(expected));
	it('is measurable without a numeric target; an unknown or missing grade is no value', () => {
		expect(indicatorAchievement(graded, null).kind).toBe('not_measured');
		expect(scoreOf(graded, { value: null, valueDate: null, grade: 'ottimo' })).toBe('not_measured');
	});
});

describe('the monitoring check under bands is judged by the engine with the rules passed in', () => {
	// The service test (server/locks.test.ts) drives saveEntries; here the engine's side of it.
	it('46 % of the target scores 100 % under bands from 40 %, and 46 % by default', () => {
		expect(scoreOf(num(100), value(46), { bands: [{ from: 0.4, score: 1 }, { from: 0, score: 0 }] })).toBe(1);
		expect(scoreOf(num(100), value(46))).toBe(0.46);
	});
});
