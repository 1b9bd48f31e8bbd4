/**
 * The interchange format: which files, which columns. Import reads it and export writes it, so the two
 * can never drift apart. Documented for people in docs/formato-csv.md.
 */

export interface FileFormat {
	fileName: string;
	/** Columns in the order export writes them. */
	columns: readonly string[];
	/** Columns that must be in the header (their values may still be optional). */
	requiredColumns: readonly string[];
}

export const PLAN_FILE: FileFormat = {
	fileName: 'piano.csv',
	columns: ['anno', 'ente', 'titolo'],
	requiredColumns: ['anno', 'ente', 'titolo']
};

export const OBJECTIVES_FILE: FileFormat = {
	fileName: 'obiettivi.csv',
	columns: [
		'anno', 'codice', 'valore_pubblico', 'titolo', 'descrizione', 'cdr_codice', 'cdr_nome', 'dirigente', 'peso',
		'missione', 'programma', 'obiettivo_strategico'
	],
	requiredColumns: ['anno', 'codice', 'valore_pubblico', 'titolo', 'cdr_codice', 'dirigente']
};

/** Shared objectives: an objective's directors and CdRs, each with a quota (percent) of its weight. */
export const ASSIGNMENTS_FILE: FileFormat = {
	fileName: 'assegnazioni.csv',
	columns: ['anno', 'codice_obiettivo', 'dirigente', 'cdr_codice', 'quota'],
	requiredColumns: ['codice_obiettivo', 'dirigente', 'quota']
};

export const PHASES_FILE: FileFormat = {
	fileName: 'fasi.csv',
	columns: ['anno', 'codice_obiettivo', 'numero', 'descrizione', 'importo', 'data_inizio', 'data_fine'],
	requiredColumns: ['codice_obiettivo', 'numero', 'descrizione']
};

export const INDICATORS_FILE: FileFormat = {
	fileName: 'indicatori.csv',
	columns: [
		'anno', 'codice_obiettivo', 'codice', 'descrizione', 'tipo', 'unita', 'polarita', 'baseline', 'target', 'peso',
		'dimensione', 'formula', 'numeratore', 'denominatore', 'fonte_dato', 'dirigente'
	],
	requiredColumns: ['codice_obiettivo', 'codice', 'descrizione']
};

export const MEASUREMENTS_FILE: FileFormat = {
	fileName: 'misurazioni.csv',
	columns: ['anno', 'codice_indicatore', 'data', 'valore', 'numeratore', 'denominatore', 'giudizio', 'motivazione', 'fonte'],
	requiredColumns: ['codice_indicatore', 'data', 'valore']
};

/**
 * A phase's progress at a monitoring date. The planned dates, when given, set the phase's own (a
 * director may state or correct them with his report); `fonte` = esempio marks the shipped example.
 */
export const PHASE_PROGRESS_FILE: FileFormat = {
	fileName: 'avanzamento_fasi.csv',
	columns: [
		'anno', 'codice_obiettivo', 'numero', 'data', 'stato', 'percentuale', 'data_inizio_effettiva', 'data_fine_effettiva', 'nota',
		'data_inizio_prevista', 'data_fine_prevista', 'fonte'
	],
	requiredColumns: ['codice_obiettivo', 'numero', 'data', 'stato']
};

// `anno` in fasi.csv, indicatori.csv and misurazioni.csv says which plan year a code belongs to (codes
// are unique within a year, and recur across years). It may be missing or empty while the code exists
// in one year only: files written before plans had several years stay readable.

/** In the order they must be applied: each refers only to files before it. */
export const FILE_FORMATS = [PLAN_FILE, OBJECTIVES_FILE, ASSIGNMENTS_FILE, PHASES_FILE, INDICATORS_FILE, MEASUREMENTS_FILE, PHASE_PROGRESS_FILE] as const;

// The closed sets belong to the domain's vocabulary; the formats read them from there.
export { INDICATOR_TYPES, POLARITIES } from '../vocabulary';

export function formatForFileName(fileName: string): FileFormat | undefined {
	const base = fileName.toLowerCase();
	return FILE_FORMATS.find((f) => f.fileName === base);
}
