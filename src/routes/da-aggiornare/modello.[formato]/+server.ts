import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole } from '$lib/server/auth/guard';
import { findPlan } from '$lib/server/plan.repository';
import { listEntryRows, listPeriods } from '$lib/server/entry.repository';
import { templateFileName, templateRows, templateToCsv } from '$lib/interchange/entry-template';
import { templateToXlsx } from '$lib/server/entry-template-xlsx';
import { formatDate } from '$lib/format';
import { getAchievementRules } from '$lib/server/rules.repository';

/**
 * The pre-filled template of the signed-in director: only his own indicators, only for a date open to
 * entry. Nobody else can ask for it (the rows come from his account, never from a parameter).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireRole(locals.user, 'dirigente');
	if (params.formato !== 'csv' && params.formato !== 'xlsx') error(404, 'Formato del modello inesistente: scegliere CSV o Excel (.xlsx).');
	const plan = await findPlan(locals.db, url.searchParams.has('anno') ? Number(url.searchParams.get('anno')) : undefined);
	if (!plan) error(404, 'Nessun piano caricato');
	const open = (await listPeriods(locals.db, plan.id)).filter((p) => p.state === 'aperto').map((p) => p.date);
	const asked = url.searchParams.get('data');
	const date = asked ?? open[open.length - 1];
	if (!date || !open.includes(date)) error(409, `La data ${asked ? formatDate(asked) : ''} non è aperta all’inserimento: il modello si scarica solo per una data aperta.`.replace('  ', ' '));
	const [entryRows, rules] = await Promise.all([listEntryRows(locals.db, plan.id, user.directorId!, date), getAchievementRules(locals.db, plan.id)]);
	const rows = templateRows(entryRows.map((r) => ({ ...r, grades: rules.grades?.[r.code] ?? null })), date);
	const name = templateFileName(user.displayName, date, params.formato);
	const headers = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' };
	if (params.formato === 'csv') return new Response(templateToCsv(rows), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
	const xlsx = await templateToXlsx(rows, `Valori al ${formatDate(date)} – ${user.displayName}`);
	return new Response(new Uint8Array(xlsx), { headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
};
