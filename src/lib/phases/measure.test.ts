import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, withDefaults, type AchievementSettings } from '../achievement/rules';
import type { ObjectiveAchievement } from '../achievement/achievement';
import { measureByPhases, phaseMeasureText, withPhaseMeasure, type MeasuredPhase } from './measure';
import type { PhaseReport } from './late';

const DATE = '2022-06-30';
const done: PhaseReport = { status: 'completata', actualStart: '2022-01-10', actualEnd: '2022-03-01' };
const running: PhaseReport = { status: 'in_corso', actualStart: '2022-01-10', actualEnd: null };
const endedByDate: PhaseReport = { status: 'in_corso', actualStart: '2022-01-10', actualEnd: '2022-06-30' };
const endsLater: PhaseReport = { status: 'in_corso', actualStart: '2022-01-10', actualEnd: '2022-07-15' };
const suspended: PhaseReport = { status: 'sospesa', actualStart: '2022-01-10', actualEnd: null };

let n = 0;
const phase = (plannedEnd: string | null, report: PhaseReport | null, euros: number | null = null): MeasuredPhase => ({ number: ++n, plannedEnd, amountCents: euros === null ? null : euros * 100, report });

// phases, mode → expected kind and figures (ratio, completed, due, by, fell back)
type Expect = { kind: 'none' } | { kind: 'not_due'; firstEnd: string } | { kind: 'measured'; ratio: number; completed: number; due: number; by: 'numero' | 'importo'; fellBack?: boolean };
const CASES: Array<[string, MeasuredPhase[], 'numero' | 'importo', Expect]> = [
	['no phases at all', [], 'numero', { kind: 'none' }],
	['phases without a planned end are never counted', [phase(null, done), phase(null, null)], 'numero', { kind: 'none' }],
	['nothing due yet: not measured', [phase('2022-09-30', null), phase('2022-12-31', done)], 'numero', { kind: 'not_due', firstEnd: '2022-09-30' }],
	['due on the date itself counts', [phase('2022-06-30', done)], 'numero', { kind: 'measured', ratio: 1, completed: 1, due: 1, by: 'numero' }],
	['the day after the date is not due', [phase('2022-06-30', null), phase('2022-07-01', null)], 'numero', { kind: 'measured', ratio: 0, completed: 0, due: 1, by: 'numero' }],
	['3 of 5 due completed', [phase('2022-01-31', done), phase('2022-02-28', done), phase('2022-03-31', done), phase('2022-05-31', running), phase('2022-06-15', null), phase('2022-10-31', null), phase(null, done)], 'numero', { kind: 'measured', ratio: 0.6, completed: 3, due: 5, by: 'numero' }],
	['an actual end that has come is completion', [phase('2022-06-30', endedByDate)], 'numero', { kind: 'measured', ratio: 1, completed: 1, due: 1, by: 'numero' }],
	['an actual end still to come is not', [phase('2022-06-30', endsLater)], 'numero', { kind: 'measured', ratio: 0, completed: 0, due: 1, by: 'numero' }],
	['suspended is not completed', [phase('2022-05-31', suspended), phase('2022-04-30', done)], 'numero', { kind: 'measured', ratio: 0.5, completed: 1, due: 2, by: 'numero' }],
	['completed ahead of plan is not counted before it is due (never above 100 %)', [phase('2022-05-31', done), phase('2022-11-30', done)], 'numero', { kind: 'measured', ratio: 1, completed: 1, due: 1, by: 'numero' }],
	['by amount: weighted by euros', [phase('2022-03-31', done, 30_000), phase('2022-05-31', running, 10_000)], 'importo', { kind: 'measured', ratio: 0.75, completed: 1, due: 2, by: 'importo' }],
	['by amount: the same phases by count', [phase('2022-03-31', done, 30_000), phase('2022-05-31', running, 10_000)], 'numero', { kind: 'measured', ratio: 0.5, completed: 1, due: 2, by: 'numero' }],
	['by amount: a due phase without amount → by count, said', [phase('2022-03-31', done, 30_000), phase('2022-05-31', running, null)], 'importo', { kind: 'measured', ratio: 0.5, completed: 1, due: 2, by: 'numero', fellBack: true }],
	['by amount: an amount of zero is no amount', [phase('2022-03-31', done, 0), phase('2022-05-31', running, 5)], 'importo', { kind: 'measured', ratio: 0.5, completed: 1, due: 2, by: 'numero', fellBack: true }],
	['by amount: a later phase without amount does not matter', [phase('2022-03-31', done, 1_000), phase('2022-05-31', running, 3_000), phase('2022-12-31', null, null)], 'importo', { kind: 'measured', ratio: 0.25, completed: 1, due: 2, by: 'importo' }],
	['no report at all: due phases count as not completed', [phase('2022-01-31', null), phase('2022-02-28', null)], 'numero', { kind: 'measured', ratio: 0, completed: 0, due: 2, by: 'numero' }],
	['a due phase never reported is not completed', [phase('2022-01-31', null), phase('2022-02-28', done)], 'numero', { kind: 'measured', ratio: 0.5, completed: 1, due: 2, by: 'numero' }]
];

describe('measureByPhases', () => {
	it.each(CASES)('%s', (_name, phases, mode, expected) => {
		const m = measureByPhases(phases, DATE, mode);
		expect(m.kind).toBe(expected.kind);
		if (m.kind === 'not_due' && expected.kind === 'not_due') expect(m.firstEnd).toBe(expected.firstEnd);
		if (m.kind === 'measured' && expected.kind === 'measured') {
			expect(m.ratio).toBeCloseTo(expected.ratio, 10);
			expect([m.completed, m.due, m.by, m.fellBack]).toEqual([expected.completed, expected.due, expected.by, expected.fellBack ?? false]);
		}
	});
});

const notMeasurable: ObjectiveAchievement = { score: null, status: 'not_measurable', measurable: 0, measured: 0 };
const rules = (over: Partial<AchievementSettings>) => withDefaults({ ...over });
const threeOfFive = [phase('2022-01-31', done), phase('2022-02-28', done), phase('2022-03-31', done), phase('2022-05-31', running), phase('2022-06-15', null)];

describe('withPhaseMeasure', () => {
	it('changes nothing with the setting off (the default)', () => {
		expect(DEFAULT_SETTINGS.phaseMeasure).toBe('no');
		expect(withPhaseMeasure(notMeasurable, threeOfFive, DATE, DEFAULT_SETTINGS)).toBe(notMeasurable);
	});

	it('never touches an objective with a measurable indicator, measured or not', () => {
		const measured: ObjectiveAchievement = { score: 0.2, status: 'off_track', measurable: 1, measured: 1 };
		const waiting: ObjectiveAchievement = { score: null, status: 'not_measured', measurable: 1, measured: 0 };
		expect(withPhaseMeasure(measured, threeOfFive, DATE, rules({ phaseMeasure: 'numero' }))).toBe(measured);
		expect(withPhaseMeasure(waiting, threeOfFive, DATE, rules({ phaseMeasure: 'numero' }))).toBe(waiting);
	});

	it('scores 3 of 5 as 60 %, «a rischio» under the default thresholds, and says where it comes from', () => {
		const a = withPhaseMeasure(notMeasurable, threeOfFive, DATE, rules({ phaseMeasure: 'numero' }));
		expect(a.score).toBeCloseTo(0.6, 10);
		expect(a.status).toBe('at_risk');
		expect(a.byPhases?.kind).toBe('measured');
		expect(phaseMeasureText(a.byPhases!)).toBe('Misurato dalle fasi: 3 di 5 fasi previste entro il 30/06/2022 completate (per numero).');
	});

	it('agrees «completata» with a single due phase, whether or not it is completed', () => {
		const one = (report: PhaseReport) => phaseMeasureText(withPhaseMeasure(notMeasurable, [phase('2022-05-31', report)], DATE, rules({ phaseMeasure: 'numero' })).byPhases!);
		expect(one(running)).toBe('Misurato dalle fasi: 0 di 1 fase prevista entro il 30/06/2022 completata (per numero).');
		expect(one(done)).toBe('Misurato dalle fasi: 1 di 1 fase prevista entro il 30/06/2022 completata (per numero).');
	});

	it('applies the body’s thresholds, objective scale, rounding and classes as for any objective', () => {
		const scaled = withPhaseMeasure(notMeasurable, threeOfFive, DATE, rules({
			phaseMeasure: 'numero',
			objectiveScale: { on: 'rapporto', below: 0, bands: [{ from: 0, to: 0.5, score: 0, scoreTo: null }, { from: 0.5, to: null, score: 0.8, scoreTo: null }] }
		}));
		expect(scaled.score).toBe(0.8);
		const third = [phase('2022-01-31', done), phase('2022-02-28', null), phase('2022-03-31', null)];
		const rounded = withPhaseMeasure(notMeasurable, third, DATE, rules({ phaseMeasure: 'numero', roundingLevel: 'obiettivo', decimals: 0 }));
		expect(rounded.score).toBe(0.33);
		const classes = withPhaseMeasure(notMeasurable, threeOfFive, DATE, rules({ phaseMeasure: 'numero', classes: [{ label: 'Buono', from: 0.5, tone: 'on_track' }, { label: 'Scarso', from: 0, tone: 'off_track' }] }));
		expect([classes.status, classes.label]).toEqual(['on_track', 'Buono']);
	});

	it('no phase due yet: not measured, with no score (neither 0 % nor 100 %)', () => {
		const a = withPhaseMeasure(notMeasurable, [phase('2022-09-30', null)], DATE, rules({ phaseMeasure: 'importo' }));
		expect([a.score, a.status]).toEqual([null, 'not_measured']);
		expect(phaseMeasureText(a.byPhases!)).toBe('Misurato dalle fasi: nessuna fase prevista entro il 30/06/2022 (la prima finisce il 30/09/2022), quindi non ancora misurato.');
	});

	it('due phases with nothing declared: not measured, unless missing values count as zero', () => {
		const unreported = [phase('2022-01-31', null), phase('2022-02-28', null), phase('2022-12-31', null)];
		const a = withPhaseMeasure(notMeasurable, unreported, DATE, rules({ phaseMeasure: 'numero' }));
		expect([a.score, a.status]).toEqual([null, 'not_measured']);
		expect(phaseMeasureText(a.byPhases!)).toBe('Misurato dalle fasi: nessuna delle 2 fasi previste entro il 30/06/2022 ha un avanzamento dichiarato.');
		expect(withPhaseMeasure(notMeasurable, unreported, DATE, rules({ phaseMeasure: 'numero', missingValues: 'zero' })).score).toBe(0);
		expect(withPhaseMeasure(notMeasurable, unreported, DATE, rules({ phaseMeasure: 'numero', missingValues: 'zero_finale' })).score).toBeNull();
		expect(withPhaseMeasure(notMeasurable, unreported, '2022-12-31', rules({ phaseMeasure: 'numero', missingValues: 'zero_finale' })).score).toBe(0);
		// One report among the due phases is enough: the others count as not completed.
		expect(withPhaseMeasure(notMeasurable, [phase('2022-01-31', running), phase('2022-02-28', null)], DATE, rules({ phaseMeasure: 'numero' })).score).toBe(0);
	});

	it('no dated phase: still «non misurabile», with nothing from the phases', () => {
		const a = withPhaseMeasure(notMeasurable, [phase(null, done)], DATE, rules({ phaseMeasure: 'numero' }));
		expect(a).toBe(notMeasurable);
		expect(withPhaseMeasure(notMeasurable, [], DATE, rules({ phaseMeasure: 'numero' }))).toBe(notMeasurable);
	});

	it('states the amount weighting, and the fall back to the count', () => {
		const byAmount = withPhaseMeasure(notMeasurable, [phase('2022-03-31', done, 30_000), phase('2022-05-31', running, 10_000)], DATE, rules({ phaseMeasure: 'importo' }));
		expect(byAmount.score).toBeCloseTo(0.75, 10);
		expect(phaseMeasureText(byAmount.byPhases!)).toBe('Misurato dalle fasi: € 30.000,00 di € 40.000,00 (1 di 2 fasi previste entro il 30/06/2022 completate, per importo).');
		const fellBack = withPhaseMeasure(notMeasurable, [phase('2022-03-31', done, 30_000), phase('2022-05-31', running)], DATE, rules({ phaseMeasure: 'importo' }));
		expect(phaseMeasureText(fellBack.byPhases!)).toBe('Misurato dalle fasi: 1 di 2 fasi previste entro il 30/06/2022 completate (per numero: non tutte hanno un importo).');
	});
});
