import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, normalizeHeader, parseDate, parseEuroCents, parseNumber, parseYesNo } from './dialect';

describe('decodeText', () => {
	it('strips a UTF-8 BOM', () => {
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('attività')]);
		expect(decodeText(bytes)).toEqual({ text: 'attività', encoding: 'utf-8-bom' });
	});
	it('reads plain UTF-8', () => {
		expect(decodeText(new TextEncoder().encode('polarità €'))).toEqual({ text: 'polarità €', encoding: 'utf-8' });
	});
	it('falls back to Windows-1252 for bytes that are not UTF-8 (à = E0, € = 80)', () => {
		expect(decodeText(new Uint8Array([0x61, 0x74, 0x74, 0x69, 0x76, 0x69, 0x74, 0xe0, 0x20, 0x80]))).toEqual({
			text: 'attività €',
			encoding: 'windows-1252'
		});
	});
});

describe('decodeText: refuses what it cannot read exactly', () => {
	const utf8 = (s: string) => new TextEncoder().encode(s);
	const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

	it('a UTF-8 file with one stray Windows-1252 byte is refused at its line and byte, not read as Windows-1252', () => {
		// "Attività città perché" in UTF-8 on line 2, then a lone 0xE8 (è in Windows-1252) on line 3.
		const bytes = join(utf8('codice;descrizione\r\nA;Attività città perché\r\nB;caff'), new Uint8Array([0xe8]), utf8('\r\n'));
		const result = decodeText(bytes);
		expect('error' in result).toBe(true);
		if (!('error' in result)) return;
		expect(result.error.line).toBe(3);
		expect(result.error.byte).toBe(7);
		expect(result.error.message).toContain('codifica mista');
		expect(result.error.message).toContain('riga 3, byte 7 della riga (0xE8)');
	});
	it('a file with a BOM must be UTF-8 after it', () => {
		const result = decodeText(join(new Uint8Array([0xef, 0xbb, 0xbf]), utf8('a;b\n'), new Uint8Array([0xe0]), utf8('\n')));
		expect(result).toMatchObject({ error: { line: 2, byte: 1 } });
	});
	it('bytes that are neither UTF-8 nor text in Windows-1252 (undefined 0x81, control characters) are refused', () => {
		expect(decodeText(new Uint8Array([0x61, 0x0a, 0x62, 0x81]))).toMatchObject({ error: { line: 2, byte: 2 } });
		// UTF-16 (as "Unicode text" saves): NUL bytes everywhere, and 0xFF 0xFE first.
		expect('error' in decodeText(new Uint8Array([0xff, 0xfe, 0x61, 0x00]))).toBe(true);
	});
	it('a valid UTF-8 file is never read as Windows-1252, even when it looks like mojibake', () => {
		expect(decodeText(utf8('AttivitÃ  città'))).toEqual({ text: 'AttivitÃ  città', encoding: 'utf-8' });
	});
	it('a whole Windows-1252 file with accents and curly quotes is still read', () => {
		expect(decodeText(new Uint8Array([0x93, 0x70, 0x65, 0x72, 0x63, 0x68, 0xe9, 0x94, 0x0d, 0x0a, 0xe0]))).toEqual({ text: '“perché”\r\nà', encoding: 'windows-1252' });
	});
});

describe('detectDelimiter', () => {
	it.each([
		['anno;codice;titolo\n2022;X;"a, b"', ';'],
		['anno,codice,titolo\n2022,X,"a; b"', ','],
		['anno\tcodice\n', '\t'],
		['"a;b",c,d\n', ','],
		['anno\n2022', ',']
	])('%j → %j', (text, expected) => {
		expect(detectDelimiter(text)).toBe(expected);
	});
});

describe('normalizeHeader', () => {
	it.each([
		['\uFEFFanno', 'anno'],
		[' Codice Obiettivo ', 'codice_obiettivo'],
		['Polarità', 'polarita'],
		['unità', 'unita'],
		['data-inizio', 'data_inizio']
	])('%j → %j', (raw, expected) => expect(normalizeHeader(raw)).toBe(expected));
});

describe('parseNumber', () => {
	it.each([
		['9.294.542,81', ',', 9294542.81],
		['€ 9.294.542,81', ';', 9294542.81],
		['9.294.542,81 €', ';', 9294542.81],
		['9294542,81', ';', 9294542.81],
		['9294542.81', ',', 9294542.81],
		['9294542.81', ';', 9294542.81],
		['-3,5', ';', -3.5],
		['-1.234,5', ';', -1234.5],
		['20%', ',', 20],
		['20 %', ',', 20],
		['1.500', ';', 1500],
		['1.500', ',', 1.5],
		['1.500.000', ',', 1500000],
		['0', ',', 0],
		['.5', ',', 0.5],
		['1 234,56', ';', 1234.56]
	])('%j (separator %j) → %d', (raw, delimiter, expected) => {
		expect(parseNumber(raw, delimiter)).toBe(expected);
	});
	it.each(['abc', '1,2,3', '12.34,5', '1.23.4', '€', '1e5', '--1', '12,'])('rejects %j', (raw) => {
		expect(parseNumber(raw, ';')).toBeNull();
	});
	it('reads an empty cell as no value', () => expect(parseNumber('  ')).toBeNull());
});

describe('parseEuroCents', () => {
	it('keeps cents exact', () => {
		expect(parseEuroCents('€ 9.294.542,81', ';')).toBe(929454281);
		expect(parseEuroCents('0,10')).toBe(10);
		expect(parseEuroCents('1770398.98')).toBe(177039898);
	});
});

describe('parseDate', () => {
	it.each([
		['2022-06-30', '2022-06-30'],
		['30/06/2022', '2022-06-30'],
		['1/7/2022', '2022-07-01'],
		['31.12.2022', '2022-12-31'],
		['29/02/2024', '2024-02-29']
	])('%j → %j', (raw, expected) => expect(parseDate(raw)).toBe(expected));
	it.each(['31/06/2022', '2022-13-01', '29/02/2022', '06/30/2022', '2022/06/30', 'giugno 2022', '30/06/22'])('rejects %j', (raw) => {
		expect(parseDate(raw)).toBeNull();
	});
});

describe('parseYesNo', () => {
	it.each([
		['sì', 1], ['Si', 1], ['SI', 1], ['1', 1], ['vero', 1], ['on', 1],
		['no', 0], ['NO', 0], ['0', 0], ['falso', 0], ['off', 0]
	] as const)('%j → %d', (raw, expected) => expect(parseYesNo(raw)).toBe(expected));
	it('rejects anything else', () => expect(parseYesNo('forse')).toBeNull());
});

describe('decodeWindows1252', () => {
	it('maps the 0x80–0x9F block as Excel writes it', async () => {
		const { decodeWindows1252 } = await import('./dialect');
		const text = decodeWindows1252(new Uint8Array(Array.from({ length: 32 }, (_, i) => 0x80 + i)));
		expect(text).toHaveLength(32);
		expect(text[0]).toBe('€');
		expect(text[0x92 - 0x80]).toBe('’');
		expect(text[0x96 - 0x80]).toBe('–');
		expect(text[0x9f - 0x80]).toBe('Ÿ');
		expect(decodeWindows1252(new Uint8Array([0xe8, 0xe0, 0xf9]))).toBe('èàù');
	});
});
