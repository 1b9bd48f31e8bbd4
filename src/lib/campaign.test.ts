import { describe, expect, it } from 'vitest';
import { daysBetween, NO_PHASES, owedText, pendingLines, summariseCampaign, type DirectorProgress, type PhaseCounts } from './campaign';

const p = (name: string, over: Omit<Partial<DirectorProgress>, 'phases'> & { phases?: Partial<PhaseCounts> }): DirectorProgress => ({
	directorId: name.length, name, total: 4, missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, ...over, phases: { ...NO_PHASES, ...over.phases }
});

describe('campaign summary', () => {
	it('counts directors who sent everything; drafts and returned values are still owed', () => {
		const s = summariseCampaign('2022-06-30', '2022-07-31', [
			p('A', { submitted: 2, accepted: 2 }),
			p('B', { draft: 1, submitted: 3 }),
			p('C', { returned: 1, accepted: 3 }),
			p('D', { missing: 4 })
		], '2022-07-20');
		expect(s.complete).toBe(1);
		expect(s.directors.map((d) => d.owed)).toEqual([0, 1, 1, 4]);
		expect(s.daysLeft).toBe(11);
		expect(s.overdue).toBe(false);
		expect(s.totals).toEqual({ total: 16, missing: 4, draft: 1, submitted: 5, returned: 1, accepted: 5, phases: NO_PHASES });
	});

	it('is overdue the day after the due date, not on it, and never when everything is in', () => {
		const late = [p('A', { missing: 1, accepted: 3 })];
		expect(summariseCampaign('2022-06-30', '2022-07-31', late, '2022-07-31').overdue).toBe(false);
		expect(summariseCampaign('2022-06-30', '2022-07-31', late, '2022-08-01').overdue).toBe(true);
		expect(summariseCampaign('2022-06-30', '2022-07-31', [p('A', { accepted: 4 })], '2022-09-01').overdue).toBe(false);
		expect(summariseCampaign('2022-06-30', null, late, '2030-01-01').overdue).toBe(false);
	});

	it('says what is pending with Italian plurals', () => {
		const s = summariseCampaign('2022-06-30', null, [p('A', { missing: 1, draft: 0, submitted: 2, returned: 1 })], '2022-07-01');
		expect(pendingLines(s)).toEqual([
			'1 indicatore senza un valore inviato (1 mancante, 0 in bozza)',
			'2 valori inviati e non ancora rivisti dalla Direzione',
			'1 valore restituito al dirigente e non ancora corretto'
		]);
		expect(pendingLines(summariseCampaign('2022-06-30', null, [p('A', { accepted: 4 })], '2022-07-01'))).toEqual([]);
	});

	it('counts the due phase reports as owed: a director with every value in but a phase report missing has not sent everything', () => {
		const s = summariseCampaign('2022-09-30', null, [
			p('A', { accepted: 4, phases: { due: 3, missing: 1, draft: 1, submitted: 1 } }),
			p('B', { accepted: 4, phases: { due: 2, accepted: 1, submitted: 1 } }),
			p('C', { missing: 2, accepted: 2, phases: { due: 1, returned: 1 } })
		], '2022-10-01');
		expect(s.complete).toBe(1);
		expect(s.directors.map((d) => [d.owed, d.owedValues, d.owedPhases])).toEqual([[2, 0, 2], [0, 0, 0], [3, 2, 1]]);
		expect(s.directors.map(owedText)).toEqual(['2 avanzamenti di fase', '0 valori', '2 valori e 1 avanzamento di fase']);
		expect(s.totals.phases).toEqual({ due: 6, missing: 1, draft: 1, submitted: 2, returned: 1, accepted: 1 });
		expect(pendingLines(s)).toEqual([
			'2 indicatori senza un valore inviato (2 mancanti, 0 in bozza)',
			'2 fasi senza un avanzamento inviato (1 mancante, 1 in bozza)',
			'2 avanzamenti di fase inviati e non ancora rivisti dalla Direzione',
			'1 avanzamento di fase restituito al dirigente e non ancora corretto'
		]);
	});

	it('counts days across months and the summer-time night', () => {
		expect(daysBetween('2022-06-30', '2022-07-31')).toBe(31);
		expect(daysBetween('2022-03-27', '2022-03-28')).toBe(1);
		expect(daysBetween('2022-10-15', '2022-10-14')).toBe(-1);
	});
});
