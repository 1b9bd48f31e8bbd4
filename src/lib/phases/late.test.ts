import { describe, expect, it } from 'vitest';
import { phaseLateness, referenceDate, type PhaseReport } from './late';

const report = (status: PhaseReport['status'], actualStart: string | null = null, actualEnd: string | null = null): PhaseReport => ({ status, actualStart, actualEnd });

// today, planned start, planned end, latest report → late? (reason, days)
const CASES: Array<[string, string, string | null, string | null, PhaseReport | null, false | ['non_avviata' | 'non_completata', number]]> = [
	['before the start, nothing reported', '2022-02-01', '2022-03-01', '2022-06-30', null, false],
	['on the start day, nothing reported', '2022-03-01', '2022-03-01', '2022-06-30', null, false],
	['the day after the start, nothing reported', '2022-03-02', '2022-03-01', '2022-06-30', null, ['non_avviata', 1]],
	['after the start, reported not started', '2022-04-01', '2022-03-01', '2022-06-30', report('non_avviata'), ['non_avviata', 31]],
	['after the start, in progress', '2022-04-01', '2022-03-01', '2022-06-30', report('in_corso', '2022-03-05'), false],
	['after the start, suspended (it had started)', '2022-04-01', '2022-03-01', '2022-06-30', report('sospesa', '2022-03-05'), false],
	['not started but an actual start has come', '2022-04-01', '2022-03-01', '2022-06-30', report('non_avviata', '2022-03-20'), false],
	['not started, actual start still to come', '2022-04-01', '2022-03-01', '2022-06-30', report('non_avviata', '2022-05-01'), ['non_avviata', 31]],
	['on the planned end, in progress', '2022-06-30', '2022-03-01', '2022-06-30', report('in_corso'), false],
	['the day after the end, in progress', '2022-07-01', '2022-03-01', '2022-06-30', report('in_corso'), ['non_completata', 1]],
	['after the end, suspended', '2022-09-28', '2022-03-01', '2022-06-30', report('sospesa'), ['non_completata', 90]],
	['after the end, never started: the end is named', '2022-07-10', '2022-03-01', '2022-06-30', null, ['non_completata', 10]],
	['after the end, completed', '2022-12-31', '2022-03-01', '2022-06-30', report('completata', '2022-03-01', '2022-06-20'), false],
	['completed late is still completed', '2022-12-31', '2022-03-01', '2022-06-30', report('completata', '2022-03-01', '2022-09-01'), false],
	['actual end on or before today counts as completed', '2022-12-31', '2022-03-01', '2022-06-30', report('in_corso', '2022-03-01', '2022-12-01'), false],
	['actual end still to come is not completion', '2022-12-01', '2022-03-01', '2022-06-30', report('in_corso', '2022-03-01', '2022-12-20'), ['non_completata', 154]],
	['no planned dates: never late', '2030-01-01', null, null, null, false],
	['only a planned end, passed', '2022-08-01', null, '2022-07-31', report('in_corso'), ['non_completata', 1]],
	['only a planned start, passed, not started', '2022-08-01', '2022-07-01', null, null, ['non_avviata', 31]],
	['across a leap day', '2024-03-01', '2024-02-28', null, null, ['non_avviata', 2]]
];

describe('phaseLateness', () => {
	it.each(CASES)('%s', (_name, today, plannedStart, plannedEnd, latest, expected) => {
		const result = phaseLateness({ plannedStart, plannedEnd }, latest, today);
		if (expected === false) expect(result).toEqual({ late: false });
		else expect(result).toMatchObject({ late: true, reason: expected[0], days: expected[1] });
	});

	it('judges a page at the earlier of today and its monitoring date', () => {
		expect(referenceDate('2026-11-30', '2022-06-30')).toBe('2022-06-30');
		expect(referenceDate('2026-11-30', '2026-12-31')).toBe('2026-11-30');
	});
});
