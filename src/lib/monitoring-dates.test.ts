import { describe, expect, it } from 'vitest';
import { defaultMonitoringDate, monitoringDateOptions, todayInItaly, isRealIsoDate } from './monitoring-dates';
import { filterQuery, parseFilters } from './filters';

describe('monitoring dates', () => {
	it('offer 30/06 and 31/12 and every date in the data, in order, once', () => {
		expect(monitoringDateOptions(2022, ['2022-03-31', '2022-06-30'])).toEqual(['2022-03-31', '2022-06-30', '2022-12-31']);
	});
	it('default to the latest date already come, else the first', () => {
		const options = ['2022-06-30', '2022-12-31'];
		expect(defaultMonitoringDate(options, '2026-11-23')).toBe('2022-12-31');
		expect(defaultMonitoringDate(options, '2022-07-15')).toBe('2022-06-30');
		expect(defaultMonitoringDate(options, '2022-01-10')).toBe('2022-06-30');
	});
	it('count the days in Italy: at 00:30 of 1 July in Rome it is already July, though UTC says 30 June', () => {
		expect(todayInItaly(new Date('2022-06-30T22:30:00Z'))).toBe('2022-07-01'); // summer time, UTC+2
		expect(todayInItaly(new Date('2022-12-31T22:59:00Z'))).toBe('2022-12-31'); // winter time, UTC+1
		expect(todayInItaly(new Date('2022-12-31T23:00:00Z'))).toBe('2023-01-01');
		expect(defaultMonitoringDate(['2022-06-30', '2022-12-31'], todayInItaly(new Date('2023-01-01T00:00:00Z')))).toBe('2022-12-31');
	});
	it('answer from the hour they remember only within that UTC hour, in whatever order they are asked', () => {
		// Every minute around the two nights when the date changes (summer and winter time), and back.
		const minutes = (from: string, count: number) => Array.from({ length: count }, (_, n) => new Date(Date.parse(from) + n * 60_000));
		const times = [...minutes('2022-06-30T21:30:00Z', 120), ...minutes('2022-12-31T22:00:00Z', 120), ...minutes('2022-06-30T21:30:00Z', 120).reverse()];
		const fresh = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });
		for (const t of times) expect(todayInItaly(t), t.toISOString()).toBe(fresh.format(t));
		expect(todayInItaly(new Date('2022-10-30T00:59:59Z'))).toBe('2022-10-30'); // the night summer time ends
		expect(todayInItaly(new Date('2022-12-31T22:59:59.999Z'))).toBe('2022-12-31');
		expect(todayInItaly(new Date('2022-12-31T23:00:00Z'))).toBe('2023-01-01');
		expect(todayInItaly(new Date('2022-12-31T22:59:59.999Z'))).toBe('2022-12-31');
	});
});

describe('filters in the URL', () => {
	it('read only well-formed values', () => {
		expect(parseFilters(new URLSearchParams('anno=2022&data=2022-06-30&dirigente=3&cdr=B7&vp=x&stato=critico&dimensione=qualita'))).toEqual({
			anno: 2022, data: '2022-06-30', dirigente: 3, cdr: 'B7', vp: null, stato: 'critico', dimensione: 'qualita'
		});
		expect(parseFilters(new URLSearchParams('dimensione=economicita')).dimensione).toBeNull();
		expect(parseFilters(new URLSearchParams('data=30/06/2022&dirigente=1;DROP'))).toMatchObject({ data: null, dirigente: null });
	});
	it('write short URLs', () => {
		expect(filterQuery({ anno: 2022, dirigente: null, cdr: '' }, { ordina: 'raggiungimento' })).toBe('?anno=2022&ordina=raggiungimento');
		expect(filterQuery({})).toBe('');
	});
});

describe('isRealIsoDate', () => {
	it.each(['2022-06-30', '2022-12-31', '2024-02-29', '2000-02-29'])('accepts %s', (d) => expect(isRealIsoDate(d)).toBe(true));
	it.each(['2022-13-45', '2022-02-31', '2023-02-29', '1900-02-29', '2022-04-31', '2022-00-10', '2022-06-00', '22-06-30', '2022-6-30', '30/06/2022', ''])(
		'refuses %j',
		(d) => expect(isRealIsoDate(d)).toBe(false)
	);
});
