/**
 * The /da-aggiornare page's part for phases: reading the phase table's fields and answering its
 * actions. Apart from the page's own server module, which handles the values.
 */
import { error, fail } from '@sveltejs/kit';
import type { Db } from './db/database';
import type { SignedInUser } from './auth/users.repository';
import { listPhaseEntryRows } from './phase.repository';
import { savePhaseReports, setPlannedDates, type PhaseProblem, type PhaseReportInput } from './phase-progress.service';
import { Forbidden } from './monitoring.service';
import { countLabel, formatDate, plural } from '../format';
import { readCsv } from '../interchange/csv-reader';
import { PHASE_PROGRESS_FILE } from '../interchange/formats';
import { phaseProgressRowMapper } from '../interchange/phase-progress-rows';
import { formatProblem, ProblemList } from '../interchange/problems';
import { looksLikeXlsx, readXlsx } from './import/xlsx-reader';

/** The fields of each of the director's own phases; a field for any other phase is refused outright. */
export function phaseInputsFromForm(form: FormData, ids: number[]): PhaseReportInput[] {
	for (const key of form.keys()) {
		const m = /^f(?:stato|versione|percentuale|inizio|fine|nota)_(\d+)$/.exec(key);
		if (m && !ids.includes(Number(m[1]))) throw new Forbidden(`La fase ${m[1]} non è tra le tue.`);
	}
	const text = (k: string) => String(form.get(k) ?? '');
	return ids
		.filter((id) => form.has(`fversione_${id}`))
		.map((id) => ({
			phaseId: id,
			status: text(`fstato_${id}`),
			percent: text(`fpercentuale_${id}`),
			actualStart: text(`finizio_${id}`),
			actualEnd: text(`ffine_${id}`),
			note: text(`fnota_${id}`),
			expectedVersion: Number(form.get(`fversione_${id}`) ?? 0)
		}));
}

export function phaseProblemsById(problems: PhaseProblem[]) {
	const out: Record<number, Array<{ field: string; message: string }>> = {};
	for (const p of problems) (out[p.phaseId] ??= []).push({ field: p.field, message: p.message });
	return out;
}

/** Saves or submits the phase table of a director at the open date. */
export async function savePhaseTable(db: Db, user: SignedInUser, planId: number, date: string | null, form: FormData, submit: boolean) {
	if (!date) return fail(409, { phaseMessage: 'Nessuna data di monitoraggio è aperta all’inserimento.' });
	const ids = (await listPhaseEntryRows(db, planId, user.directorId!, date)).map((r) => r.id);
	try {
		const result = savePhaseReports(db, user, date, phaseInputsFromForm(form, ids), { submit });
		if (!result.ok) {
			const values: Record<string, string> = {};
			for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v;
			return fail(400, {
				phaseMessage: `Nessun avanzamento salvato: ${plural(result.problems.length, 'c’è', 'ci sono')} ${countLabel(result.problems.length, 'problema', 'problemi')} da correggere.`,
				phaseProblems: phaseProblemsById(result.problems),
				phaseValues: values
			});
		}
		const n = countLabel(result.saved, 'avanzamento di fase', 'avanzamenti di fase');
		return { phaseSuccess: submit ? `${plural(result.saved, 'Inviato', 'Inviati')} alla Direzione generale ${n}.` : `${plural(result.saved, 'Salvato', 'Salvati')} in bozza ${n}.` };
	} catch (e) {
		if (e instanceof Forbidden) error(403, e.message);
		throw e;
	}
}

class UploadRefused extends Error {}

/**
 * A director's avanzamento_fasi.csv (CSV in either dialect, or XLSX): rows of his own phases at the open
 * date, saved as drafts like the form's; planned dates given in it become his phases' own. All or
 * nothing, every problem at once, each with its file, line and column.
 */
export async function uploadPhaseReports(db: Db, user: SignedInUser, plan: { id: number; year: number }, date: string | null, file: FormDataEntryValue | null) {
	if (!(file instanceof File) || file.size === 0) return fail(400, { phaseCsvErrors: ['Scegliere un file avanzamento_fasi.csv (CSV o Excel).'] });
	if (file.size > 20 * 1024 * 1024) return fail(400, { phaseCsvErrors: [`${file.name}: file troppo grande (al massimo 20 MB).`] });
	if (!date) return fail(409, { phaseCsvErrors: ['Nessuna data di monitoraggio è aperta all’inserimento.'] });
	const problems = new ProblemList();
	const bytes = new Uint8Array(await file.arrayBuffer());
	const table = looksLikeXlsx(bytes) ? await readXlsx(file.name, bytes, PHASE_PROGRESS_FILE, problems) : readCsv(file.name, bytes, PHASE_PROGRESS_FILE, problems);
	const place = table?.file ?? file.name;
	const rows = table ? table.records.map(phaseProgressRowMapper(table, problems)) : [];
	// Phases resolve only among the director's own, in this plan.
	const own = new Map((await listPhaseEntryRows(db, plan.id, user.directorId!, date)).map((p) => [`${p.objective_code}\u0000${p.number}`, p.id]));
	const inputs: PhaseReportInput[] = [];
	const planned: Array<{ phaseId: number; start: string | null; end: string | null; line: number }> = [];
	for (const r of rows) {
		if (!r.valid) continue;
		if (r.year !== null && r.year !== plan.year) {
			problems.error(place, r.line, 'anno', `l’anno ${r.year} non è quello del piano aperto all’inserimento (${plan.year})`);
			continue;
		}
		const id = own.get(`${r.objectiveCode}\u0000${r.number}`);
		if (id === undefined) {
			problems.error(place, r.line, 'numero', `la fase ${r.number} dell’obiettivo ${r.objectiveCode} non è tra le tue nel piano ${plan.year}`);
			continue;
		}
		if (r.date !== date) {
			problems.error(place, r.line, 'data', `la data ${formatDate(r.date)} non è quella aperta all’inserimento (${formatDate(date)})`);
			continue;
		}
		inputs.push({
			phaseId: id,
			status: r.status ?? '',
			percent: r.percent === null ? '' : String(r.percent),
			actualStart: r.actualStart ?? '',
			actualEnd: r.actualEnd ?? '',
			note: r.note ?? '',
			expectedVersion: null,
			delimiter: ',', // already read by the file's dialect: plain digits from here on
			source: r.source,
			place: { file: place, line: r.line }
		});
		if (r.plannedStart !== null || r.plannedEnd !== null) planned.push({ phaseId: id, start: r.plannedStart, end: r.plannedEnd, line: r.line });
	}
	const all = () => problems.errors.map((p) => formatProblem(p));
	if (problems.hasErrors) return fail(400, { phaseCsvErrors: all() });
	try {
		const saved = db.sqlite.transaction(() => {
			const result = savePhaseReports(db, user, date, inputs, { submit: false });
			if (!result.ok) {
				for (const p of result.problems) problems.error(p.place?.file ?? place, p.place?.line ?? 0, p.field, p.message);
				throw new UploadRefused();
			}
			for (const p of planned) {
				const current = db.sqlite.prepare('SELECT start_date, end_date FROM phase WHERE id = ?').get(p.phaseId) as { start_date: string | null; end_date: string | null };
				const r = setPlannedDates(db, user, p.phaseId, p.start ?? current.start_date ?? '', p.end ?? current.end_date ?? '', null);
				if (!r.ok) problems.error(place, p.line, 'data_inizio_prevista', r.message);
			}
			if (problems.hasErrors) throw new UploadRefused();
			return result.saved;
		})();
		return { phaseUploaded: `${plural(saved, 'Caricato', 'Caricati')} in bozza ${countLabel(saved, 'avanzamento di fase', 'avanzamenti di fase')} da ${file.name}. Controllarli nella tabella delle fasi, poi «Invia le fasi alla Direzione».` };
	} catch (e) {
		if (e instanceof UploadRefused) return fail(400, { phaseCsvErrors: all() });
		if (e instanceof Forbidden) error(403, e.message);
		throw e;
	}
}
