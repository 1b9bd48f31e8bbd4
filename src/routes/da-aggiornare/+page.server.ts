import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { findPlan } from '$lib/server/plan.repository';
import { listEntryRows, listPeriods, ownIndicatorIdsByCode } from '$lib/server/entry.repository';
import { Forbidden, saveEntries, withdrawValue, type EntryInput, type EntryProblem } from '$lib/server/monitoring.service';
import { daysBetween } from '$lib/campaign';
import { todayInItaly } from '$lib/monitoring-dates';
import { readValuesUpload } from '$lib/server/import/upload-reader';
import { formatProblem, ProblemList } from '$lib/interchange/problems';
import { toMeasurementRows } from '$lib/interchange/rows';
import { countLabel, formatDate, plural } from '$lib/format';
import { getAchievementRules } from '$lib/server/rules.repository';
import { formatPercent } from '$lib/status';
import { listPhaseEntryRows } from '$lib/server/phase.repository';
import { savePhaseTable, uploadPhaseReports } from '$lib/server/phase-entry';
import { withdrawPhaseReport } from '$lib/server/phase-progress.service';

async function context(locals: App.Locals, url: URL) {
	const user = requireRole(locals.user, 'dirigente');
	const plan = await findPlan(locals.db, url.searchParams.has('anno') ? Number(url.searchParams.get('anno')) : undefined);
	if (!plan) error(404, 'Nessun piano caricato');
	const periods = await listPeriods(locals.db, plan.id);
	const open = periods.filter((p) => p.state === 'aperto').map((p) => p.date);
	const asked = url.searchParams.get('data');
	const date = asked && open.includes(asked) ? asked : (open[open.length - 1] ?? null);
	return { user, plan, periods, open, date };
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const { user, plan, periods, open, date } = await context(locals, url);
	const [entryRows, phases, rules] = await Promise.all([
		date ? listEntryRows(locals.db, plan.id, user.directorId!, date) : [],
		date ? listPhaseEntryRows(locals.db, plan.id, user.directorId!, date) : [],
		getAchievementRules(locals.db, plan.id)
	]);
	// A graded indicator (the year's rules give it grades) is entered by choosing one of its grades.
	const rows = entryRows.map((r) => ({ ...r, grades: rules.grades?.[r.code]?.map((g) => ({ name: g.name, score: formatPercent(g.score) })) ?? null }));
	const dueDate = periods.find((p) => p.date === date)?.due_date ?? null;
	return { plan, periods, open, date, rows, phases, director: user.displayName, dueDate, daysLeft: dueDate ? daysBetween(todayInItaly(), dueDate) : null };
};

/** Reads the table's fields for each of the director's own indicators; other ids are never read. */
async function entriesFromForm(form: FormData, ids: number[]): Promise<EntryInput[]> {
	const entries: EntryInput[] = [];
	for (const id of ids) {
		if (!form.has(`versione_${id}`)) continue; // not editable in the form: not submitted
		const file = form.get(`file_${id}`);
		entries.push({
			indicatorId: id,
			rawValue: String(form.get(`valore_${id}`) ?? ''),
			// A ratio indicator's row asks for its two quantities instead of the value.
			numerator: form.has(`numeratore_${id}`) ? String(form.get(`numeratore_${id}`)) : null,
			denominator: form.has(`denominatore_${id}`) ? String(form.get(`denominatore_${id}`)) : null,
			grade: form.has(`giudizio_${id}`) ? String(form.get(`giudizio_${id}`)) : null,
			justification: String(form.get(`motivazione_${id}`) ?? '') || null,
			evidenceUrl: String(form.get(`link_${id}`) ?? '') || null,
			evidenceFile: file instanceof File && file.size > 0 ? { name: file.name, data: Buffer.from(await file.arrayBuffer()) } : null,
			expectedVersion: Number(form.get(`versione_${id}`) ?? 0)
		});
	}
	// A forged field for an indicator that is not in the director's table is refused outright.
	for (const key of form.keys()) {
		const m = /^(?:valore|numeratore|denominatore|giudizio|versione)_(\d+)$/.exec(key);
		if (m && !ids.includes(Number(m[1]))) throw new Forbidden(`L’indicatore ${m[1]} non è tra i tuoi.`);
	}
	return entries;
}

function problemsByIndicator(problems: EntryProblem[]) {
	const out: Record<number, { field: string; message: string; current?: EntryProblem['current'] }[]> = {};
	for (const p of problems) (out[p.indicatorId] ??= []).push({ field: p.field, message: p.message, current: p.current });
	return out;
}

async function save(locals: App.Locals, url: URL, request: Request, submit: boolean) {
	const { user, plan, date } = await context(locals, url);
	if (!date) return fail(409, { message: 'Nessuna data di monitoraggio è aperta all’inserimento.' });
	const form = await request.formData();
	const ids = (await listEntryRows(locals.db, plan.id, user.directorId!, date)).map((r) => r.id);
	try {
		const entries = await entriesFromForm(form, ids);
		const result = saveEntries(locals.db, user, date, entries, { submit });
		if (!result.ok) {
			const values: Record<string, string> = {};
			for (const [k, v] of form.entries()) if (typeof v === 'string') values[k] = v;
			return fail(400, {
				message: `Nessun valore salvato: ${plural(result.problems.length, 'c’è', 'ci sono')} ${countLabel(result.problems.length, 'problema', 'problemi')} da correggere.`,
				problems: problemsByIndicator(result.problems),
				values
			});
		}
		return {
			success: submit
				? `${plural(result.saved, 'Inviato', 'Inviati')} alla Direzione generale ${countLabel(result.saved, 'valore', 'valori')}.`
				: `${plural(result.saved, 'Salvato', 'Salvati')} in bozza ${countLabel(result.saved, 'valore', 'valori')}. Quando ${plural(result.saved, 'è pronto', 'sono pronti')}, «Invia alla Direzione».`
		};
	} catch (e) {
		if (e instanceof Forbidden) error(403, e.message);
		throw e;
	}
}

class NothingWritten extends Error {}

/** Runs `check` inside a transaction that is always rolled back: what it would write, it does not. */
function withoutWriting<T>(db: App.Locals['db'], check: () => T): T {
	let out: T | undefined;
	try {
		db.sqlite.transaction(() => {
			out = check();
			throw new NothingWritten();
		})();
	} catch (e) {
		if (!(e instanceof NothingWritten)) throw e;
	}
	return out as T;
}

export const actions: Actions = {
	ritira: async ({ locals, request }) => {
		const user = requireRole(locals.user, 'dirigente');
		const form = await request.formData();
		try {
			const result = withdrawValue(locals.db, user, Number(form.get('id')), Number(form.get('versione')));
			if (!result.ok) return fail(400, { message: result.message });
			return { success: `Valore di ${result.code} ritirato: è di nuovo in bozza, da correggere e inviare.` };
		} catch (e) {
			if (e instanceof Forbidden) error(403, e.message);
			throw e;
		}
	},
	/** A submitted phase report taken back to draft (its own keys, shown in the phases' section). */
	fase_ritira: async ({ locals, request }) => {
		const user = requireRole(locals.user, 'dirigente');
		const form = await request.formData();
		try {
			const result = withdrawPhaseReport(locals.db, user, Number(form.get('id')), Number(form.get('versione')));
			if (!result.ok) return fail(400, { phaseMessage: result.message });
			return { phaseSuccess: `Avanzamento della ${result.ref} ritirato: è di nuovo in bozza, da correggere e inviare.` };
		} catch (e) {
			if (e instanceof Forbidden) error(403, e.message);
			throw e;
		}
	},
	salva: ({ locals, url, request }) => save(locals, url, request, false),
	invia: ({ locals, url, request }) => save(locals, url, request, true),
	/** The phases' table: its own form, its own messages (src/lib/server/phase-entry.ts). */
	fasi_salva: async ({ locals, url, request }) => {
		const { user, plan, date } = await context(locals, url);
		return savePhaseTable(locals.db, user, plan.id, date, await request.formData(), false);
	},
	fasi_invia: async ({ locals, url, request }) => {
		const { user, plan, date } = await context(locals, url);
		return savePhaseTable(locals.db, user, plan.id, date, await request.formData(), true);
	},
	fasi_carica: async ({ locals, url, request }) => {
		const { user, plan, date } = await context(locals, url);
		return uploadPhaseReports(locals.db, user, plan, date, (await request.formData()).get('csv'));
	},
	carica: async ({ locals, url, request }) => {
		const { user, plan, date } = await context(locals, url);
		const form = await request.formData();
		const file = form.get('csv');
		if (!(file instanceof File) || file.size === 0) return fail(400, { csvErrors: ['Scegliere un file CSV o Excel (.xlsx) con i valori.'] });
		if (file.size > 20 * 1024 * 1024) return fail(400, { csvErrors: [`${file.name}: file troppo grande (al massimo 20 MB).`] });
		const problems = new ProblemList();
		const table = await readValuesUpload(file.name, new Uint8Array(await file.arrayBuffer()), problems);
		const rows = table ? toMeasurementRows(table, problems) : [];
		// An XLSX file's problems and log lines name its sheet too.
		const place = table?.file ?? file.name;
		// Codes resolve only among the director's own indicators of this plan.
		const own = await ownIndicatorIdsByCode(locals.db, plan.id, user.directorId!);
		const entries: EntryInput[] = [];
		for (const r of rows) {
			if (!r.valid) continue;
			if (r.year !== null && r.year !== plan.year) {
				problems.error(file.name, r.line, 'anno', `l’anno ${r.year} non è quello del piano aperto all’inserimento (${plan.year})`);
				continue;
			}
			const id = own.get(r.indicatorCode);
			if (id === undefined) {
				problems.error(place, r.line, 'codice_indicatore', `l’indicatore ${r.indicatorCode} non è tra i tuoi nel piano ${plan.year}`);
				continue;
			}
			if (r.date !== date) {
				problems.error(place, r.line, 'data', `la data ${formatDate(r.date)} non è quella aperta all’inserimento (${date ? formatDate(date) : 'nessuna'})`);
				continue;
			}
			// The value is read with the file's dialect, like every import; the user's `fonte` is kept, and
			// the change log records that the value came from this file and line.
			entries.push({
				indicatorId: id,
				rawValue: r.rawValue,
				delimiter: r.delimiter,
				numerator: r.numerator,
				denominator: r.denominator,
				grade: r.grade,
				justification: r.justification,
				source: r.source,
				evidenceUrl: null,
				evidenceFile: null,
				expectedVersion: null,
				place: { file: place, line: r.line }
			});
		}
		if (!date) return fail(400, { csvErrors: [...problems.errors.map(formatProblem), 'Nessuna data di monitoraggio è aperta.'] });
		// The values are checked even when other rows already have errors, so every error comes out at
		// once; then the check runs in a transaction that is always rolled back.
		const save = () => saveEntries(locals.db, user, date, entries, { submit: false });
		const result = problems.hasErrors ? withoutWriting(locals.db, save) : save();
		if (problems.hasErrors || !result.ok) {
			const all = problems.errors.map((p) => ({ line: p.line, text: formatProblem(p) }));
			if (!result.ok) for (const p of result.problems) all.push({ line: p.place?.line ?? 0, text: `${p.place ? `${p.place.file}:${p.place.line}: ` : ''}${p.field}: ${p.message}` });
			return fail(400, { csvErrors: all.sort((a, b) => a.line - b.line).map((e) => e.text) });
		}
		return { uploaded: `${plural(result.saved, 'Caricato', 'Caricati')} in bozza ${countLabel(result.saved, 'valore', 'valori')} da ${file.name}. Controllarli nella tabella sopra, poi «Invia alla Direzione».` };
	}
};
