/**
 * avanzamento_fasi.csv: read as Italian Excel saves it (`;`, decimal comma, 30/06/2022, Windows-1252,
 * CRLF, accented text), written back by export, read again into an empty database to the same rows; its
 * errors name file, line and column and leave the database as it was.
 */
import { describe, expect, it } from 'vitest';
import { freshDb } from '../testing/db';
import { PlanBuilder } from '../testing/plan-builder';
import { importFiles } from './import.service';
import { exportFiles } from '../export/export.service';
import { PHASE_PROGRESS_FILE, formatForFileName } from '../../interchange/formats';
import { formatProblem } from '../../interchange/problems';
import { windows1252 } from '../../../../tests/support/italian-csv';
import type { Db } from '../db/database';

function plan(): PlanBuilder {
	return new PlanBuilder()
		.newPlan(2022)
		.newObjective({ anno: 2022, codice: 'OB-1' })
		.newPhase({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, descrizione: 'Progettazione', importo: '150000.50', data_inizio: '2022-01-10', data_fine: '2022-04-30' })
		.newPhase({ anno: 2022, codice_obiettivo: 'OB-1', numero: 2, descrizione: 'Gara' })
		.newPhase({ anno: 2022, codice_obiettivo: 'OB-1', numero: 3, descrizione: 'Lavori' });
}

const excel = (lines: string[]) => ({ file: 'avanzamento_fasi.csv', format: PHASE_PROGRESS_FILE, bytes: windows1252(lines.join('\r\n') + '\r\n') });
const HEADER = 'anno;codice_obiettivo;numero;data;stato;percentuale;data_inizio_effettiva;data_fine_effettiva;nota;data_inizio_prevista;data_fine_prevista;fonte';

const reports = (db: Db) =>
	db.sqlite
		.prepare(
			`SELECT o.code, f.number, pp.date, pp.status, pp.percent, pp.actual_start, pp.actual_end, pp.note, pp.source, pp.state
			 FROM phase_progress pp JOIN phase f ON f.id = pp.phase_id JOIN objective o ON o.id = f.objective_id ORDER BY o.code, f.number, pp.date`
		)
		.all();
const phases = (db: Db) => db.sqlite.prepare('SELECT f.number, f.start_date, f.end_date, f.amount_cents FROM phase f ORDER BY f.number').all();

describe('avanzamento_fasi.csv', () => {
	it('reads the Italian Excel dialect, and export → import gives back the same rows', async () => {
		const db = await freshDb();
		const copy = await freshDb();
		try {
			plan().importInto(db);
			const report = importFiles(db, [
				excel([
					HEADER,
					'2022;OB-1;1;30/06/2022;Completata;100;10/01/2022;28/04/2022;Progetto approvato con determina n. 12;;;',
					'2022;OB-1;2;30/06/2022;in corso;12,5;01/05/2022;;"Gara in corso; offerte entro luglio";01/05/2022;31/08/2022;',
					'2022;OB-1;3;30/06/2022;non avviata;;;;Lavori dopo l’aggiudicazione, più tardi del previsto;01/09/2022;31/12/2022;',
					'2022;OB-1;2;31/12/2022;completata;100;01/05/2022;15/09/2022;;;;'
				])
			]);
			expect(report.errors.map(formatProblem)).toEqual([]);
			expect(report.counts.phaseProgress).toEqual({ created: 4, updated: 0, unchanged: 0 });
			const before = reports(db);
			expect(before).toContainEqual({ code: 'OB-1', number: 2, date: '2022-06-30', status: 'in_corso', percent: 12.5, actual_start: '2022-05-01', actual_end: null, note: 'Gara in corso; offerte entro luglio', source: null, state: 'accettato' });
			expect(before).toContainEqual(expect.objectContaining({ number: 3, status: 'non_avviata', note: 'Lavori dopo l’aggiudicazione, più tardi del previsto' }));
			// The planned dates given with a report became the phase's own.
			expect(phases(db)).toEqual([
				{ number: 1, start_date: '2022-01-10', end_date: '2022-04-30', amount_cents: 15000050 },
				{ number: 2, start_date: '2022-05-01', end_date: '2022-08-31', amount_cents: null },
				{ number: 3, start_date: '2022-09-01', end_date: '2022-12-31', amount_cents: null }
			]);

			const files = await exportFiles(db);
			const exported = files.find((f) => f.fileName === 'avanzamento_fasi.csv')!;
			expect(exported.rows).toBe(4);
			expect(exported.text.split('\n')[0]).toBe(PHASE_PROGRESS_FILE.columns.join(','));
			const again = importFiles(copy, files.map((f) => ({ file: f.fileName, format: formatForFileName(f.fileName)!, bytes: new TextEncoder().encode(f.text) })));
			expect(again.errors.map(formatProblem)).toEqual([]);
			expect(reports(copy)).toEqual(before);
			expect(phases(copy)).toEqual(phases(db));
			// Importing the same file again changes nothing.
			expect(importFiles(copy, [excel([HEADER, '2022;OB-1;2;31/12/2022;completata;100;01/05/2022;15/09/2022;;;;'])]).counts.phaseProgress).toEqual({ created: 0, updated: 0, unchanged: 1 });
		} finally {
			await db.close();
			await copy.close();
		}
	});

	it('says what is wrong and where, for every row at once, and writes nothing', async () => {
		const db = await freshDb();
		try {
			plan().importInto(db);
			const report = importFiles(db, [
				excel([
					HEADER,
					'2022;OB-1;1;30/06/2022;finita;;;;;;;',
					'2022;OB-1;1;31/02/2022;in corso;;;;;;;',
					'2022;OB-1;2;30/06/2022;in corso;120;;;;;;',
					'2022;OB-1;2;31/12/2022;completata;100;01/05/2022;;;;;',
					'2022;OB-1;3;30/06/2022;in corso;;01/07/2022;;;;;',
					'2022;OB-1;9;30/06/2022;in corso;;;;;;;',
					'2022;OB-X;1;30/06/2022;in corso;;;;;;;',
					'2022;OB-1;3;31/12/2022;in corso;;;;;30/06/2022;01/01/2022;',
					'2022;OB-1;2;30/06/2022;in corso;;;;;;;'
				])
			]);
			expect(report.applied).toBe(false);
			expect(report.errors.map(formatProblem)).toEqual([
				'avanzamento_fasi.csv:2: stato: «finita» non è ammesso (valori ammessi: non_avviata, in_corso, completata, sospesa)',
				'avanzamento_fasi.csv:3: data: «31/02/2022» non è una data valida (esempi validi: 30/06/2022 · 2022-06-30)',
				'avanzamento_fasi.csv:4: percentuale: la percentuale va da 0 a 100',
				'avanzamento_fasi.csv:5: data_fine_effettiva: una fase completata ha la sua data di fine effettiva',
				'avanzamento_fasi.csv:6: data_inizio_effettiva: l’inizio effettivo è dopo la data di monitoraggio: si dichiara ciò che è già avvenuto',
				'avanzamento_fasi.csv:7: numero: l’obiettivo OB-1 (2022) non ha una fase 9: va indicata in fasi.csv',
				'avanzamento_fasi.csv:8: codice_obiettivo: obiettivo OB-X del 2022 sconosciuto: non è in obiettivi.csv né nel database',
				'avanzamento_fasi.csv:9: data_fine_prevista: la fine prevista precede l’inizio previsto',
				'avanzamento_fasi.csv:10: data: avanzamento della fase 2 di OB-1 al 2022-06-30 duplicato (già alla riga 4)'
			]);
			expect(reports(db)).toEqual([]);
		} finally {
			await db.close();
		}
	});

	it('refuses a change at a validated monitoring date, and planned dates of a validated phase', async () => {
		const db = await freshDb();
		try {
			plan().newPhaseReport({ anno: 2022, codice_obiettivo: 'OB-1', numero: 1, data: '2022-06-30', stato: 'in_corso', data_inizio_effettiva: '2022-01-10' }).importInto(db);
			db.sqlite.prepare("INSERT INTO monitoring_period (plan_id, date, state) SELECT id, '2022-06-30', 'chiuso' FROM plan").run();
			db.sqlite.prepare("UPDATE phase_progress SET state = 'validato'").run();
			db.sqlite.prepare("UPDATE monitoring_period SET state = 'validato'").run();
			const report = importFiles(db, [excel([HEADER, '2022;OB-1;1;30/06/2022;completata;100;10/01/2022;30/06/2022;;;;', '2022;OB-1;1;31/12/2022;completata;100;10/01/2022;30/06/2022;;01/02/2022;;'])]);
			expect(report.errors.map(formatProblem)).toEqual([
				'avanzamento_fasi.csv:2: data: data di monitoraggio validata dal Nucleo: avanzamento delle fasi bloccato',
				'avanzamento_fasi.csv:3: data_inizio_prevista: la fase ha un avanzamento validato dal Nucleo: le date previste si cambiano dalla pagina dell’obiettivo, con una motivazione'
			]);
			expect(reports(db)).toEqual([expect.objectContaining({ number: 1, date: '2022-06-30', status: 'in_corso', state: 'validato' })]);
		} finally {
			await db.close();
		}
	});
});
