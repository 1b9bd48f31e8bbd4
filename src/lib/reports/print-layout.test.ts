import { describe, expect, it } from 'vitest';
import { foldDateColumns, foldPhaseColumns, groupConsecutive, nonEmptyColumns } from './print-layout';
import type { ReportTable } from './table';

describe('print layout', () => {
	it('leaves out the columns empty in every row of the selection, keeps those with a zero', () => {
		const columns = [
			{ key: 'a', label: 'A', type: 'text' as const },
			{ key: 'importo', label: 'Importo', type: 'euro' as const },
			{ key: 'n', label: 'N', type: 'integer' as const }
		];
		const rows = [{ a: 'x', importo: null, n: 0 }, { a: '', importo: '', n: null }];
		expect(nonEmptyColumns(columns, rows).map((c) => c.key)).toEqual(['a', 'n']);
		expect(nonEmptyColumns(columns, [...rows, { a: null, importo: 12.5, n: null }]).map((c) => c.key)).toEqual(['a', 'importo', 'n']);
	});

	it('folds two columns per monitoring date into one column, one line per date with a value', () => {
		const table: ReportTable = {
			name: 'Indicatori',
			title: 'Indicatori',
			columns: [
				{ key: 'codice', label: 'Indicatore', type: 'text' },
				{ key: 'v_2022-06-30', label: 'Valore al 30/06/2022', type: 'text' },
				{ key: 's_2022-06-30', label: 'Stato al 30/06/2022', type: 'text' },
				{ key: 'v_2022-12-31', label: 'Valore al 31/12/2022', type: 'text' },
				{ key: 's_2022-12-31', label: 'Stato al 31/12/2022', type: 'text' },
				{ key: 'motivazione', label: 'Motivazione', type: 'text' }
			],
			rows: [
				{ codice: 'I01', 'v_2022-06-30': '12 pratiche', 's_2022-06-30': 'Accettato', 'v_2022-12-31': 'Sì', 's_2022-12-31': 'Validato', motivazione: null },
				{ codice: 'I02', 'v_2022-06-30': null, 's_2022-06-30': null, 'v_2022-12-31': null, 's_2022-12-31': null, motivazione: 'ritardo' }
			]
		};
		const folded = foldDateColumns(table);
		expect(folded.columns.map((c) => c.key)).toEqual(['codice', 'valori', 'motivazione']);
		expect(folded.rows[0].valori).toBe('30/06/2022: 12 pratiche (accettato)\n31/12/2022: Sì (validato)');
		expect(folded.rows[1].valori).toBeNull();
		expect(folded.rows[1].motivazione).toBe('ritardo');
	});

	it('groups consecutive rows that share their objective, keeping the plan’s order', () => {
		const rows = [
			{ n: 1, codice: 'A', ind: 'I1' },
			{ n: 1, codice: 'A', ind: 'I2' },
			{ n: 2, codice: 'B', ind: 'I1' },
			{ n: 3, codice: 'A', ind: 'I9' }
		];
		const groups = groupConsecutive(rows, ['n', 'codice']);
		expect(groups.map((g) => [g.head, g.rows.map((r) => r.ind)])).toEqual([
			[{ n: 1, codice: 'A' }, ['I1', 'I2']],
			[{ n: 2, codice: 'B' }, ['I1']],
			[{ n: 3, codice: 'A' }, ['I9']]
		]);
	});

	it('folds the phases’ four date columns into two periods and puts the lateness under the state', () => {
		const table: ReportTable = {
			name: 'Fasi',
			title: 'Fasi',
			columns: ['codice_obiettivo', 'numero', 'descrizione', 'importo', 'data_inizio', 'data_fine', 'stato', 'inizio_effettivo', 'fine_effettiva', 'ritardo'].map((key) => ({
				key,
				label: key,
				type: key.startsWith('data') || key.includes('effettiv') ? ('date' as const) : ('text' as const)
			})),
			rows: [
				{ codice_obiettivo: 'OB', numero: 1, descrizione: 'Gara', importo: 10, data_inizio: '2022-01-15', data_fine: '2022-02-27', stato: 'completata', inizio_effettivo: '2022-02-03', fine_effettiva: '2022-02-28', ritardo: null },
				{ codice_obiettivo: 'OB', numero: 2, descrizione: 'Lavori', importo: null, data_inizio: null, data_fine: '2022-10-22', stato: 'in corso (80 %)', inizio_effettivo: '2022-03-01', fine_effettiva: null, ritardo: 'non completata' },
				{ codice_obiettivo: 'OB', numero: 3, descrizione: 'Collaudo', importo: null, data_inizio: null, data_fine: null, stato: null, inizio_effettivo: null, fine_effettiva: null, ritardo: null }
			]
		};
		const folded = foldPhaseColumns(table);
		expect(folded.columns.map((c) => c.key)).toEqual(['codice_obiettivo', 'numero', 'descrizione', 'importo', 'prevista', 'effettiva', 'stato_ritardo']);
		expect(folded.rows.map((r) => [r.prevista, r.effettiva, r.stato_ritardo])).toEqual([
			['15/01/2022 – 27/02/2022', '03/02/2022 – 28/02/2022', 'completata'],
			['entro il 22/10/2022', 'dal 01/03/2022', 'in corso (80 %)\nin ritardo: non completata'],
			[null, null, null]
		]);
	});
});
