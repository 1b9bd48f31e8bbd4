import { describe, expect, it } from 'vitest';
import { snippetParts, toFtsQuery } from './search-query';

describe('toFtsQuery', () => {
	it.each([
		['scuola', '"scuola"*'],
		['  Edilizia   scolastica ', '"Edilizia"* "scolastica"*'],
		['attività', '"attività"*'],
		['2022-B7-OP-01', '"2022"* "B7"* "OP"* "01"*'],
		['a AND b OR NEAR(c)', '"a"* "AND"* "b"* "OR"* "NEAR"* "c"*'],
		['"; DROP TABLE', '"DROP"* "TABLE"*']
	])('%j → %j', (input, expected) => expect(toFtsQuery(input)).toBe(expected));
	it('returns null when nothing is searchable', () => expect(toFtsQuery(' ;-* ')).toBeNull());
});

describe('snippetParts', () => {
	it('splits marked hits from plain text, keeping markup as text', () => {
		expect(snippetParts('…le \u0001scuole\u0002 <b>superiori</b>')).toEqual([
			{ text: '…le ', hit: false },
			{ text: 'scuole', hit: true },
			{ text: ' <b>superiori</b>', hit: false }
		]);
	});
});
