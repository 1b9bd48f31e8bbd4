import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-reader';
import { INDICATORS_FILE, OBJECTIVES_FILE, PHASES_FILE } from './formats';
import { formatProblem, ProblemList } from './problems';

const utf8 = (s: string) => new TextEncoder().encode(s);

function read(text: string | Uint8Array, format = PHASES_FILE, file = 'fasi.csv') {
	const problems = new ProblemList();
	const table = readCsv(file, typeof text === 'string' ? utf8(text) : text, format, problems);
	return { table, problems, messages: problems.items.map(formatProblem) };
}

describe('readCsv dialects', () => {
	const expected = [
		{ codice_obiettivo: '2022-H1-OP-03', numero: '1', descrizione: 'Liceo "A. Vallisneri", Lucca', importo: '9.294.542,81' },
		{ codice_obiettivo: '2022-H1-OP-03', numero: '2', descrizione: 'Riga uno\nriga due', importo: '' }
	];

	it('reads the Italian Excel dialect: ; separator, BOM, CRLF, quoted newlines', () => {
		const text = '\uFEFFcodice_obiettivo;numero;descrizione;importo\r\n2022-H1-OP-03;1;"Liceo ""A. Vallisneri"", Lucca";9.294.542,81\r\n2022-H1-OP-03;2;"Riga uno\r\nriga due";\r\n';
		const { table, messages } = read(text);
		expect(messages).toEqual([]);
		expect(table!.delimiter).toBe(';');
		expect(table!.records.map((r) => r.values)).toEqual(expected);
		expect(table!.records.map((r) => r.line)).toEqual([2, 3]);
	});

	it('reads the program dialect: , separator, no BOM, LF', () => {
		const text = 'codice_obiettivo,numero,descrizione,importo\n2022-H1-OP-03,1,"Liceo ""A. Vallisneri"", Lucca","9.294.542,81"\n2022-H1-OP-03,2,"Riga uno\nriga due",\n';
		const { table, messages } = read(text);
		expect(messages).toEqual([]);
		expect(table!.delimiter).toBe(',');
		expect(table!.records.map((r) => r.values)).toEqual(expected);
	});

	it('reads Windows-1252 bytes (à, €)', () => {
		const header = utf8('codice_obiettivo;numero;descrizione;importo\n2022-X;1;Attivit');
		const bytes = new Uint8Array([...header, 0xe0, 0x3b, 0x80, 0x20, 0x31, 0x30, 0x0a]);
		const { table, messages } = read(bytes);
		expect(messages).toEqual([]);
		expect(table!.encoding).toBe('windows-1252');
		expect(table!.records[0].values).toMatchObject({ descrizione: 'Attività', importo: '€ 10' });
	});

	it('numbers lines physically: a record after a multi-line field starts on its real line', () => {
		const text = 'codice_obiettivo,numero,descrizione\nA,1,"uno\ndue\ntre"\n\nA,2,quattro\n';
		const { table } = read(text);
		expect(table!.records.map((r) => r.line)).toEqual([2, 6]);
	});

	it('normalises headers and accepts optional columns absent', () => {
		const { table, messages } = read('Codice Obiettivo;Numero;Descrizione\nA;1;x\n');
		expect(messages).toEqual([]);
		expect(table!.records[0].values).toEqual({ codice_obiettivo: 'A', numero: '1', descrizione: 'x' });
	});

	it('removes the apostrophe that guards text against formulas', () => {
		const { table } = read("codice_obiettivo,numero,descrizione\nA,1,'=SOMMA(A1)\nA,2,'normale\n");
		expect(table!.records.map((r) => r.values.descrizione)).toEqual(['=SOMMA(A1)', "'normale"]);
	});
});

describe('readCsv problems', () => {
	it('warns about unknown columns and ignores them', () => {
		const { table, problems, messages } = read('codice_obiettivo;numero;descrizione;note\nA;1;x;qualcosa\n');
		expect(problems.hasErrors).toBe(false);
		expect(messages).toEqual(['fasi.csv:1: note: colonna sconosciuta, ignorata']);
		expect(table!.records[0].values).not.toHaveProperty('note');
	});

	it('fails on a missing required column, naming it', () => {
		const { table, messages } = read('codice_obiettivo;descrizione\nA;x\n');
		expect(table).toBeNull();
		expect(messages).toEqual(['fasi.csv:1: numero: colonna obbligatoria assente nell’intestazione']);
	});

	it('fails on an empty file', () => {
		const { table, messages } = read('');
		expect(table).toBeNull();
		expect(messages).toEqual(['fasi.csv: il file è vuoto: manca la riga di intestazione']);
	});

	it('fails on a row with the wrong number of fields, at its line', () => {
		const { messages } = read('codice_obiettivo;numero;descrizione\nA;1;x\nA;2;y;z\nA;3\n');
		expect(messages).toEqual([
			'fasi.csv:3: la riga ha 4 campi, l\'intestazione ne ha 3 (separatore «;»)',
			'fasi.csv:4: la riga ha 2 campi, l\'intestazione ne ha 3 (separatore «;»)'
		]);
	});

	it('fails on an unclosed quote', () => {
		const { problems, messages } = read('codice_obiettivo;numero;descrizione\nA;1;"non chiusa\n');
		expect(problems.hasErrors).toBe(true);
		expect(messages.some((m) => m.startsWith('fasi.csv:2: CSV non valido: virgolette non chiuse'))).toBe(true);
	});

	it('fails on a repeated column', () => {
		const { messages } = read('codice;codice;descrizione;codice_obiettivo\n', INDICATORS_FILE, 'indicatori.csv');
		expect(messages).toContain('indicatori.csv:1: codice: colonna ripetuta nell’intestazione');
	});

	it('requires the objectives file columns', () => {
		const { messages } = read('anno,codice,titolo\n', OBJECTIVES_FILE, 'obiettivi.csv');
		expect(messages).toEqual([
			'obiettivi.csv:1: valore_pubblico: colonna obbligatoria assente nell’intestazione',
			'obiettivi.csv:1: cdr_codice: colonna obbligatoria assente nell’intestazione',
			'obiettivi.csv:1: dirigente: colonna obbligatoria assente nell’intestazione'
		]);
	});
});
