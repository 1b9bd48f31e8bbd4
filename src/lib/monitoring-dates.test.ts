import { describe, expect, it } from 'vitest';
import { defaultMonitoringDate, monitoringDateOptions, todayInItaly } from './monitoring-dates';
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
});

describe('filters in the URL', () => {
	it('read only well-formed values', () => {
		expect(parseFilters(new URLSearchParams('anno=2022&data=2022-06-30&dirigente=3&cdr=B7&vp=x&stato=critico'))).toEqual({
			anno: 2022, data: '2022-06-30', dirigente: 3, cdr: 'B7', vp: null, stato: 'critico'
		});
		expect(parseFilters(new URLSearchParams('data=30/06/2022&dirigente=1;DROP'))).toMatchObject({ data: null, dirigente: null });
	});
	it('write short URLs', () => {
		expect(filterQuery({ anno: 2022, dirigente: null, cdr: '' }, { ordina: 'raggiungimento' })).toBe('?anno=2022&ordina=raggiungimento');
		expect(filterQuery({})).toBe('');
	});
});
