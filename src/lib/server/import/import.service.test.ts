import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { exportFiles } from '../export/export.service';
import { csvInput, dumpDatabase, freshDb, loadShippedPlan } from '../testing/db';
import { formatProblem } from '../../interchange/problems';
import { importFiles, type ImportInput } from './import.service';

let db: Db;
beforeEach(async () => {
	db = await freshDb();
});
afterEach(async () => {
	await db.close();
});

/** A small plan that uses every type, spelling and awkward value the format allows. */
const TRICKY: ImportInput[] = [
	csvInput('piano.csv', 'anno;ente;titolo\n2023;Comune di Prova;"Piano ""prova"" 2023"\n'),
	csvInput(
		'obiettivi.csv',
		'\uFEFFanno;codice;valore_pubblico;titolo;descrizione;cdr_codice;cdr_nome;dirigente;peso;missione\r\n' +
			'2023;T-01;Benessere;=SOMMA(A1:A9);"Riga uno\r\nriga due; con punto e virgola";X1;Ufficio X;Anna Rossi;60;01\r\n' +
			'2023;T-02;Governance;-Titolo col trattino;;X1;Ufficio X;Anna Rossi;40,5;\r\n'
	),
	csvInput(
		'fasi.csv',
		'codice_obiettivo;numero;descrizione;importo;data_inizio;data_fine\n' +
			'T-01;1;Lavori;€ 9.294.542,81;01/02/2023;2023-12-31\n' +
			'T-01;2;"@citazione";0,10;;\n' +
			'T-02;1;Senza importo;;;\n'
	),
	csvInput(
		'indicatori.csv',
		'codice_obiettivo,codice,descrizione,tipo,unita,polarita,baseline,target,peso\n' +
			'T-01,T-01-I01,Numero schede,numero,schede,crescente,10,26,2\n' +
			'T-01,T-01-I02,Riduzione consumi,percentuale,%,decrescente,-3.5,"20,5",\n' +
			'T-01,T-01-I03,Piano approvato,si_no,,crescente,,sì,\n' +
			'T-02,T-02-I01,Entro la scadenza,data,,,,30/06/2023,\n' +
			'T-02,T-02-I02,Senza target,,,,,,\n'
	),
	csvInput(
		'misurazioni.csv',
		'codice_indicatore;data;valore;motivazione;fonte\n' +
			'T-01-I01;30/06/2023;12;"Ritardo dovuto a\nferie";protocollo\n' +
			'T-01-I01;2023-12-31;1.234,5;;\n' +
			'T-01-I02;30/06/2023;-2;;\n' +
			'T-01-I03;30/06/2023;no;+ da rivedere;\n' +
			'T-02-I01;30/06/2023;15/06/2023;;\n'
	)
];

describe('importFiles', () => {
	it('imports every type and spelling into the right columns', () => {
		const report = importFiles(db, TRICKY);
		expect(report.errors.map(formatProblem)).toEqual([]);
		expect(report.applied).toBe(true);
		const dump = dumpDatabase(db);
		expect(dump.plan).toEqual([{ year: 2023, body: 'Comune di Prova', title: 'Piano "prova" 2023' }]);
		expect(dump.objective).toMatchObject([
			{ code: 'T-01', title: '=SOMMA(A1:A9)', description: 'Riga uno\nriga due; con punto e virgola', weight: 60, mission: '01' },
			{ code: 'T-02', title: '-Titolo col trattino', description: '', weight: 40.5, mission: null }
		]);
		expect(dump.phase).toMatchObject([
			{ number: 1, amount_cents: 929454281, start_date: '2023-02-01', end_date: '2023-12-31' },
			{ number: 2, description: '@citazione', amount_cents: 10 },
			{ number: 1, amount_cents: null }
		]);
		expect(dump.indicator).toMatchObject([
			{ code: 'T-01-I01', type: 'numero', baseline: 10, target: 26, weight: 2, unit: 'schede' },
			{ code: 'T-01-I02', type: 'percentuale', polarity: 'decrescente', baseline: -3.5, target: 20.5 },
			{ code: 'T-01-I03', type: 'si_no', target: 1 },
			{ code: 'T-02-I01', type: 'data', target: null, target_date: '2023-06-30' },
			{ code: 'T-02-I02', type: null, polarity: null, target: null }
		]);
		expect(dump.measurement).toMatchObject([
			{ code: 'T-01-I01', date: '2023-06-30', value: 12, justification: 'Ritardo dovuto a\nferie', source: 'protocollo' },
			{ code: 'T-01-I01', date: '2023-12-31', value: 1234.5 },
			{ code: 'T-01-I02', value: -2 },
			{ code: 'T-01-I03', value: 0, justification: '+ da rivedere' },
			{ code: 'T-02-I01', value: null, value_date: '2023-06-15' }
		]);
	});

	it('export → import into an empty database reproduces every row', async () => {
		loadShippedPlan(db);
		expect(importFiles(db, TRICKY).errors).toEqual([]);
		const files = Object.fromEntries((await exportFiles(db)).map((f) => [f.fileName, f.text]));
		// Exported text that could run as a formula is guarded…
		expect(files['obiettivi.csv']).toContain(",'=SOMMA(A1:A9),");
		expect(files['obiettivi.csv']).toContain(",'-Titolo col trattino,");
		// …while negative numbers stay numbers.
		expect(files['indicatori.csv']).toContain(',decrescente,-3.5,20.5,');

		const copy = await freshDb();
		try {
			const report = importFiles(copy, Object.entries(files).map(([name, text]) => csvInput(name, text)));
			expect(report.errors.map(formatProblem)).toEqual([]);
			expect(dumpDatabase(copy)).toEqual(dumpDatabase(db));
		} finally {
			await copy.close();
		}
	});

	it('upserts by code: a second import reports what changed and keeps the rest', () => {
		importFiles(db, TRICKY);
		const changed = TRICKY.map((input) =>
			input.file === 'obiettivi.csv' ? csvInput('obiettivi.csv', new TextDecoder().decode(input.bytes).replace('-Titolo col trattino', 'Nuovo titolo')) : input
		);
		const report = importFiles(db, changed);
		expect(report.applied).toBe(true);
		expect(report.counts.objectives).toEqual({ created: 0, updated: 1, unchanged: 1 });
		expect(report.counts.phases).toEqual({ created: 0, updated: 0, unchanged: 3 });
		expect(report.counts.measurements).toEqual({ created: 0, updated: 0, unchanged: 5 });
		expect(dumpDatabase(db).objective).toMatchObject([{ code: 'T-01' }, { code: 'T-02', title: 'Nuovo titolo' }]);
	});

	it('a dry run counts what would change and writes nothing', () => {
		const report = importFiles(db, TRICKY, { dryRun: true });
		expect(report.errors).toEqual([]);
		expect(report.applied).toBe(false);
		expect(report.counts.objectives.created).toBe(2);
		expect(report.counts.measurements.created).toBe(5);
		expect(db.sqlite.prepare('SELECT count(*) AS n FROM objective').get()).toEqual({ n: 0 });
	});

	it('links phases and measurements to rows already in the database', () => {
		importFiles(db, TRICKY.slice(0, 4));
		const report = importFiles(db, [csvInput('misurazioni.csv', 'codice_indicatore,data,valore\nT-01-I01,2023-03-31,5\n')]);
		expect(report.errors).toEqual([]);
		expect(report.counts.measurements.created).toBe(1);
	});
});

describe('importFiles with errors', () => {
	const BROKEN: ImportInput[] = [
		csvInput(
			'obiettivi.csv',
			'anno;codice;valore_pubblico;titolo;descrizione;cdr_codice;cdr_nome;dirigente;peso\n' +
				'2023;B-01;Benessere;Titolo;;X1;Ufficio X;Anna Rossi;\n' +
				'2023;B-01;Benessere;Doppione;;X1;Ufficio X;Anna Rossi;\n' +
				'23;B-02;Benessere;Anno sbagliato;;X1;Ufficio X;Anna Rossi;\n' +
				'2023;B-03;;Senza valore pubblico;;X1;Ufficio X;Anna Rossi;molto\n' +
				'2023;B-04;Benessere;CdR col nome diverso;;X1;Ufficio Y;Anna Rossi;\n'
		),
		csvInput(
			'fasi.csv',
			'codice_obiettivo;numero;descrizione;importo;data_inizio;data_fine\n' +
				'B-01;1;Fase;12,3,4;;\n' +
				'B-99;1;Obiettivo inesistente;;;\n' +
				'B-01;2;Date;;31/02/2023;\n' +
				'B-01;3;Fine prima;;2023-05-01;2023-04-01\n' +
				'B-01;x;Numero non valido;;;\n'
		),
		csvInput(
			'indicatori.csv',
			'codice_obiettivo;codice;descrizione;tipo;unita;polarita;baseline;target;peso\n' +
				'B-01;B-01-I01;Tipo sbagliato;quantità;;;;;\n' +
				'B-01;B-01-I02;Polarità sbagliata;numero;;in aumento;;;\n' +
				'B-01;B-01-I03;Target sì/no sbagliato;si_no;;;;forse;\n' +
				'B-01;B-01-I04;Buono;numero;;;;10;\n' +
				'B-01;B-01-I04;Codice doppio;numero;;;;10;\n'
		),
		csvInput(
			'misurazioni.csv',
			'codice_indicatore;data;valore;motivazione;fonte\n' +
				'B-01-I99;30/06/2023;1;;\n' +
				'B-01-I04;30/06/2023;dieci;;\n' +
				'B-01-I04;giugno;1;;\n' +
				'B-01-I04;;1;;\n'
		)
	];

	it('lists every error with file, line and column, and changes nothing', () => {
		loadShippedPlan(db);
		const before = dumpDatabase(db);
		const report = importFiles(db, BROKEN);
		expect(report.applied).toBe(false);
		expect(report.errors.map(formatProblem)).toEqual([
			'obiettivi.csv:3: codice: codice obiettivo B-01 nel 2023 duplicato (già alla riga 2)',
			'obiettivi.csv:4: anno: «23» non è un anno (esempio: 2022)',
			'obiettivi.csv:5: valore_pubblico: valore obbligatorio mancante',
			'obiettivi.csv:5: peso: «molto» non è un numero (esempi validi: 1.234,56 · 1234.56 · € 9.294.542,81)',
			'obiettivi.csv:6: cdr_nome: il CdR X1 ha già il nome «Ufficio X» alla riga 2',
			'fasi.csv:2: importo: «12,3,4» non è un importo in euro (esempi validi: 9.294.542,81 · € 9.294.542,81 · 9294542.81)',
			'fasi.csv:3: codice_obiettivo: obiettivo B-99 sconosciuto: non è in obiettivi.csv né nel database',
			'fasi.csv:4: data_inizio: «31/02/2023» non è una data valida (esempi validi: 30/06/2022 · 2022-06-30)',
			'fasi.csv:5: data_fine: la data di fine precede la data di inizio',
			'fasi.csv:6: numero: «x» non è un numero intero positivo',
			'indicatori.csv:2: tipo: «quantità» non è ammesso (valori ammessi: numero, percentuale, si_no, data)',
			'indicatori.csv:3: polarita: «in aumento» non è ammesso (valori ammessi: crescente, decrescente)',
			'indicatori.csv:4: target: «forse» non è un valore sì/no (sì, no, 1, 0)',
			'indicatori.csv:6: codice: codice indicatore B-01-I04 duplicato (già alla riga 5)',
			'misurazioni.csv:2: codice_indicatore: indicatore B-01-I99 sconosciuto: non è in indicatori.csv né nel database',
			'misurazioni.csv:3: valore: «dieci» non è un numero (esempi validi: 1.234,56 · 1234.56) (indicatore di tipo numero)',
			'misurazioni.csv:4: data: «giugno» non è una data valida (esempi validi: 30/06/2022 · 2022-06-30)',
			'misurazioni.csv:5: data: valore obbligatorio mancante'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});

	it('rolls back rows written before the first error', () => {
		const before = dumpDatabase(db);
		const report = importFiles(db, [
			...TRICKY.slice(0, 4),
			csvInput('misurazioni.csv', 'codice_indicatore,data,valore\nT-01-I01,2023-03-31,5\nNON-ESISTE,2023-03-31,5\n')
		]);
		expect(report.applied).toBe(false);
		expect(report.errors.map(formatProblem)).toEqual([
			'misurazioni.csv:3: codice_indicatore: indicatore NON-ESISTE sconosciuto: non è in indicatori.csv né nel database'
		]);
		expect(dumpDatabase(db)).toEqual(before);
	});

	it('refuses two files of the same kind', () => {
		const report = importFiles(db, [TRICKY[0], csvInput('piano.csv', 'anno,ente,titolo\n2024,X,Y\n')]);
		expect(report.errors.map(formatProblem)).toEqual(['piano.csv: stesso tipo di file già indicato (piano.csv): indicarne uno solo']);
	});
});
