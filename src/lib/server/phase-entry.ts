/**
 * The /da-aggiornare page's part for phases: reading the phase table's fields and answering its
 * actions. Apart from the page's own server module, which handles the values.
 */
import { error, fail } from '@sveltejs/kit';
import type { Db } from './db/database';
import type { SignedInUser } from './auth/users.repository';
import { listPhaseEntryRows } from './phase.repository';
import { savePhaseReports, type PhaseProblem, type PhaseReportInput } from './phase-progress.service';
import { Forbidden } from './monitoring.service';
import { countLabel, plural } from '../format';

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
