import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatEuroCents, formatNumber } from './format';

describe('Italian formats', () => {
	it('write numbers and amounts the Italian way', () => {
		expect(formatNumber(1234.56)).toBe('1.234,56');
		expect(formatEuroCents(929454281)).toBe('€ 9.294.542,81');
		expect(formatNumber(null)).toBe('—');
	});

	it('write a calendar date as it is, and a moment as the date and time it was in Italy', () => {
		expect(formatDate('2022-06-30')).toBe('30/06/2022');
		// 22:30 UTC on 30 June is 00:30 of 1 July in Rome (summer time, UTC+2).
		expect(formatDate('2022-06-30T22:30:00.000Z')).toBe('01/07/2022');
		expect(formatDateTime('2022-06-30T22:30:00.000Z')).toBe('01/07/2022 00:30');
		// Winter time, UTC+1.
		expect(formatDateTime('2022-12-15T13:05:00Z')).toBe('15/12/2022 14:05');
		expect(formatDateTime('2022-12-15')).toBe('15/12/2022');
		expect(formatDateTime(null)).toBe('—');
	});
});
