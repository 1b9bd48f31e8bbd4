import { describe, expect, it } from 'vitest';
import { daysBetween, pendingLines, summariseCampaign, type DirectorProgress } from './campaign';

const p = (name: string, over: Partial<DirectorProgress>): DirectorProgress => ({
	directorId: name.length, name, total: 4, missing: 0, draft: 0, submitted: 0, returned: 0, accepted: 0, ...over
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
		expect(s.totals).toEqual({ total: 16, missing: 4, draft: 1, submitted: 5, returned: 1, accepted: 5 });
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

	it('counts days across months and the summer-time night', () => {
		expect(daysBetween('2022-06-30', '2022-07-31')).toBe(31);
		expect(daysBetween('2022-03-27', '2022-03-28')).toBe(1);
		expect(daysBetween('2022-10-15', '2022-10-14')).toBe(-1);
	});
});
