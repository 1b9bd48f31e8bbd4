/**
 * Small plans built through the real code: rows are written as interchange files by the real CSV writer
 * and loaded by the real importer, so a test says only what matters to it (a code carried across years,
 * a shared objective) and every default is a valid plan.
 *
 *   const plan = new PlanBuilder();
 *   plan.newPlan(2022).newObjective({ anno: 2022, codice: 'OB-1' }).newIndicator({ anno: 2022, codice_obiettivo: 'OB-1', codice: 'I1', target: 10 });
 *   plan.importInto(db);
 *   ids(db).indicator(2022, 'I1');
 */
import type { Db } from '../db/database';
import { importFiles, type ImportInput, type ImportOptions, type ImportReport } from '../import/import.service';
import { writeCsv, type Cell } from '../../interchange/csv-writer';
import { FILE_FORMATS, type FileFormat } from '../../interchange/formats';
import { formatProblem } from '../../interchange/problems';

type Row = Record<string, Cell>;

export interface NewObjective {
	anno: number;
	codice: string;
	valore_pubblico?: string;
	titolo?: string;
	descrizione?: string;
	cdr_codice?: string;
	cdr_nome?: string;
	dirigente?: string;
	peso?: number | null;
	missione?: string | null;
	programma?: string | null;
	obiettivo_strategico?: string | null;
}

export interface NewAssignment {
	anno: number;
	codice_obiettivo: string;
	dirigente: string;
	cdr_codice?: string | null;
	/** Empty for «tutti i dirigenti». */
	quota?: number | null;
}

export interface NewPhase {
	anno: number;
	codice_obiettivo: string;
	numero: number;
	descrizione?: string;
	importo?: string | null;
	data_inizio?: string | null;
	data_fine?: string | null;
}

export interface NewIndicator {
	anno: number;
	codice_obiettivo: string;
	codice: string;
	descrizione?: string;
	tipo?: 'numero' | 'percentuale' | 'si_no' | 'data' | null;
	unita?: string | null;
	polarita?: 'crescente' | 'decrescente' | null;
	baseline?: number | null;
	target?: number | string | null;
	peso?: number | null;
	dimensione?: 'efficacia' | 'efficienza' | 'qualita' | 'impatto' | null;
	formula?: string | null;
	numeratore?: string | null;
	denominatore?: string | null;
	fonte_dato?: string | null;
	/** Who enters its values; empty: the objective's lead. */
	dirigente?: string | null;
}

export interface NewMeasurement {
	anno: number;
	codice_indicatore: string;
	data: string;
	valore?: number | string | null;
	numeratore?: number | null;
	denominatore?: number | null;
	motivazione?: string | null;
	fonte?: string | null;
}

/** A phase's progress at a monitoring date (avanzamento_fasi.csv). */
export interface NewPhaseReport {
	anno: number;
	codice_obiettivo: string;
	numero: number;
	data: string;
	stato: 'non_avviata' | 'in_corso' | 'completata' | 'sospesa';
	percentuale?: number | null;
	data_inizio_effettiva?: string | null;
	data_fine_effettiva?: string | null;
	nota?: string | null;
	data_inizio_prevista?: string | null;
	data_fine_prevista?: string | null;
	fonte?: string | null;
}

export class PlanBuilder {
	private rows = new Map<string, Row[]>();

	private add(fileName: string, row: Row): this {
		let list = this.rows.get(fileName);
		if (!list) this.rows.set(fileName, (list = []));
		list.push(row);
		return this;
	}

	newPlan(anno: number, ente = 'Provincia di Prova', titolo = `Piano di prova ${anno}`): this {
		return this.add('piano.csv', { anno, ente, titolo });
	}

	newObjective(o: NewObjective): this {
		return this.add('obiettivi.csv', {
			valore_pubblico: 'Strade sicure',
			titolo: `Obiettivo ${o.codice}`,
			cdr_codice: 'CDR1',
			cdr_nome: 'Viabilità',
			dirigente: 'Anna Rossi',
			...o
		});
	}

	/** A share of a shared objective (assegnazioni.csv). */
	newAssignment(a: NewAssignment): this {
		return this.add('assegnazioni.csv', { ...a });
	}

	newPhase(p: NewPhase): this {
		return this.add('fasi.csv', { descrizione: `Fase ${p.numero}`, ...p });
	}

	newIndicator(i: NewIndicator): this {
		return this.add('indicatori.csv', { descrizione: `Indicatore ${i.codice}`, tipo: 'numero', polarita: 'crescente', ...i });
	}

	newMeasurement(m: NewMeasurement): this {
		return this.add('misurazioni.csv', { ...m });
	}

	newPhaseReport(r: NewPhaseReport): this {
		return this.add('avanzamento_fasi.csv', { ...r });
	}

	/** The interchange files, in the canonical dialect, in the importer's order. */
	files(): ImportInput[] {
		return FILE_FORMATS.filter((f) => this.rows.has(f.fileName)).map((format: FileFormat) => ({
			file: format.fileName,
			format,
			bytes: new TextEncoder().encode(writeCsv(format, this.rows.get(format.fileName)!))
		}));
	}

	/** Imports everything; throws with the importer's messages when it refuses. */
	importInto(db: Db, options: ImportOptions = {}): ImportReport {
		const report = importFiles(db, this.files(), options);
		if (!report.applied) throw new Error(`importazione rifiutata:\n${report.errors.map(formatProblem).join('\n')}`);
		return report;
	}
}

/** Ids by natural keys, for tests that then call services or pages. */
export function ids(db: Db) {
	const one = (sql: string, ...params: unknown[]): number => {
		const id = db.sqlite.prepare(sql).pluck().get(...params) as number | undefined;
		if (id === undefined) throw new Error(`nessuna riga per ${params.join(', ')}`);
		return id;
	};
	return {
		plan: (year: number) => one('SELECT id FROM plan WHERE year = ?', year),
		objective: (year: number, code: string) => one('SELECT o.id FROM objective o JOIN plan p ON p.id = o.plan_id WHERE p.year = ? AND o.code = ?', year, code),
		indicator: (year: number, code: string) => one('SELECT i.id FROM indicator i JOIN plan p ON p.id = i.plan_id WHERE p.year = ? AND i.code = ?', year, code),
		director: (name: string) => one('SELECT id FROM director WHERE name = ?', name)
	};
}
