/**
 * Phase reports complete the cycle the values have, through the built server: the director withdraws a
 * submitted report back to draft; the direction accepts all of a director's submitted reports at once.
 * Wrong roles get 403, forged ids and stale versions change nothing, a double click is a conflict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
const DATE = '2022-09-30';

beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['nucleo', 'direzione', 'admin', 'luigi.deangelis', 'fabrizio.mechini']) cookies[u] = await server.signIn(u);
	expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

type Phase = { id: number; number: number; code: string };
const phasesOf = (director: string, n: number) =>
	db.sqlite
		.prepare(
			`SELECT f.id, f.number, o.code FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
			 WHERE d.name = ? ORDER BY o.position, f.number LIMIT ?`
		)
		.all(director, n) as Phase[];
type Report = { id: number; state: string; version: number; percent: number | null };
const report = (phaseId: number) => db.sqlite.prepare('SELECT id, state, version, percent FROM phase_progress WHERE phase_id = ? AND date = ?').get(phaseId, DATE) as Report;
const snapshot = () => db.sqlite.prepare('SELECT id, state, version, review_comment FROM phase_progress WHERE date = ? ORDER BY id').all(DATE);
const auditCount = () => db.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;

/** Saves and submits `phases` for `who` (version 0: no report yet, or the version given). */
async function submit(who: string, phases: Phase[], versions: Record<number, number> = {}) {
	const fields: Record<string, string> = {};
	for (const p of phases) Object.assign(fields, { [`fversione_${p.id}`]: String(versions[p.id] ?? 0), [`fstato_${p.id}`]: 'in_corso', [`fpercentuale_${p.id}`]: '30', [`finizio_${p.id}`]: '2022-03-01' });
	const res = await server.action('/da-aggiornare?/fasi_invia', fields, cookies[who]);
	expect(res.body.type).toBe('success');
}

describe('«Ritira»: a submitted phase report back to draft, by its director only', () => {
	it('refuses the other roles and another director with 403, a stale version and a report not submitted with a message; nothing changes', async () => {
		const [own] = phasesOf('Luigi De Angelis', 1);
		await submit('luigi.deangelis', [own]);
		const r = report(own.id);
		expect(r.state).toBe('inviato');
		// The director sees the button beside his submitted report.
		const entry = await fetch(`${server.url}/da-aggiornare`, { headers: { cookie: cookies['luigi.deangelis'] } }).then((x) => x.text());
		expect(entry).toContain(`Ritira l’avanzamento della fase ${own.number} di ${own.code}`);

		const before = snapshot();
		const logged = auditCount();
		const post = (who: string, fields: Record<string, string>) => server.action('/da-aggiornare?/fase_ritira', fields, cookies[who]);
		for (const who of ['direzione', 'nucleo', 'admin']) expect((await post(who, { id: String(r.id), versione: String(r.version) })).status).toBe(403);
		// Another director naming this report's id: the same refusal as an id that does not exist.
		expect((await post('fabrizio.mechini', { id: String(r.id), versione: String(r.version) })).status).toBe(403);
		expect((await post('luigi.deangelis', { id: '987654', versione: '1' })).status).toBe(403);
		const stale = await post('luigi.deangelis', { id: String(r.id), versione: String(r.version - 1) });
		expect(stale.status).toBe(400);
		expect(JSON.stringify(stale.body.data)).toContain('cambiato nel frattempo');
		expect(snapshot()).toEqual(before);
		expect(auditCount()).toBe(logged);

		const ok = await post('luigi.deangelis', { id: String(r.id), versione: String(r.version) });
		expect(ok.body.type).toBe('success');
		expect(JSON.stringify(ok.body.data)).toContain(`Avanzamento della fase ${own.number} di ${own.code} ritirato`);
		expect(report(own.id)).toMatchObject({ state: 'bozza', version: r.version + 1, percent: 30 });
		// The second click of the same button: a conflict, not a second move.
		const twice = await post('luigi.deangelis', { id: String(r.id), versione: String(r.version) });
		expect(twice.status).toBe(400);
		expect(report(own.id)).toMatchObject({ state: 'bozza', version: r.version + 1 });
		// A draft is not withdrawn (there is nothing to take back).
		const draft = await post('luigi.deangelis', { id: String(r.id), versione: String(r.version + 1) });
		expect(draft.status).toBe(400);
		expect(JSON.stringify(draft.body.data)).toContain('si ritira solo un avanzamento inviato');

		const log = await fetch(`${server.url}/obiettivi/2022/${own.code}`, { headers: { cookie: cookies['nucleo'] } }).then((x) => x.text());
		expect(log).toContain(`ha ritirato l’avanzamento della fase ${own.number} di ${own.code} al 30/09/2022, che torna in bozza`);
	});
});

describe('«Accetta tutti» for phase reports on Revisione', () => {
	it('accepts all of one director’s shown reports in one go, by the direction only; forged, stale or repeated requests change nothing', async () => {
		const mine = phasesOf('Luigi De Angelis', 3);
		const theirs = phasesOf('Fabrizio Mechini', 1);
		const versions = Object.fromEntries(mine.map((p) => [p.id, report(p.id)?.version ?? 0]));
		await submit('luigi.deangelis', mine, versions);
		await submit('fabrizio.mechini', theirs);
		const luigi = db.sqlite.prepare("SELECT id FROM director WHERE name = 'Luigi De Angelis'").pluck().get() as number;
		const shown = mine.map((p) => report(p.id)).map((r) => `${r.id}:${r.version}`);
		const page = await fetch(`${server.url}/revisione`, { headers: { cookie: cookies['direzione'] } }).then((x) => x.text());
		expect(page).toContain('Accetta tutti i 3 avanzamenti di fase di Luigi De Angelis');

		// Several `voce` fields, as the page's form sends them (server.action takes one value per name).
		const post = async (who: string, voci: string[], dirigente = luigi) => {
			const body = new FormData();
			body.append('dirigente', String(dirigente));
			for (const v of voci) body.append('voce', v);
			const res = await fetch(`${server.url}/revisione?/fase_accetta_tutti`, {
				method: 'POST',
				body,
				headers: { cookie: cookies[who], origin: server.url, 'x-sveltekit-action': 'true', accept: 'application/json' }
			});
			const parsed = (await res.json()) as { type: string; status?: number; data?: unknown };
			const data = typeof parsed.data === 'string' ? JSON.stringify((await import('devalue')).parse(parsed.data)) : '';
			return { status: parsed.type === 'failure' ? parsed.status! : res.status, type: parsed.type, data };
		};
		const before = snapshot();
		const logged = auditCount();
		for (const who of ['luigi.deangelis', 'nucleo']) expect((await post(who, shown)).status).toBe(403);
		// Another director's report slipped among Luigi's: refused, and Luigi's are not accepted either.
		const forged = await post('direzione', [...shown, `${report(theirs[0].id).id}:${report(theirs[0].id).version}`]);
		expect(forged.status).toBe(409);
		expect(forged.data).toContain('non è di questo dirigente');
		// A version older than the database's (the director changed it after the page was shown).
		const [first, ...rest] = shown;
		const [id, version] = first.split(':');
		const stale = await post('direzione', [`${id}:${Number(version) - 1}`, ...rest]);
		expect(stale.status).toBe(409);
		expect(stale.data).toContain('cambiato nel frattempo');
		expect(snapshot()).toEqual(before);
		expect(auditCount()).toBe(logged);

		const ok = await post('direzione', shown);
		expect(ok.type).toBe('success');
		expect(ok.data).toContain('Accettati 3 avanzamenti di fase');
		for (const p of mine) expect(report(p.id).state).toBe('accettato');
		expect(report(theirs[0].id).state).toBe('inviato');
		expect(auditCount()).toBe(logged + 3);
		// The double click: the same ids and versions again, now stale; nothing moves, nothing is logged.
		const again = await post('direzione', shown);
		expect(again.status).toBe(409);
		expect(auditCount()).toBe(logged + 3);

		const log = await fetch(`${server.url}/obiettivi/2022/${mine[0].code}`, { headers: { cookie: cookies['nucleo'] } }).then((x) => x.text());
		expect(log).toContain(`ha accettato l’avanzamento della fase ${mine[0].number} di ${mine[0].code} al 30/09/2022`);
	});
});

describe('Da aggiornare pre-fills a phase from its previous report when the date has none yet', () => {
	it('repeats state, percentage and actual dates, says so, and saving confirms them as this date’s report', async () => {
		// A phase of Luigi's with an accepted report at 30/06 (the example's) and none at this date.
		const phase = db.sqlite
			.prepare(
				`SELECT f.id, f.number, o.code, pp.status, pp.percent, pp.actual_start, pp.actual_end FROM phase f
				 JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
				 JOIN phase_progress pp ON pp.phase_id = f.id AND pp.date = '2022-06-30'
				 WHERE d.name = 'Luigi De Angelis' AND pp.actual_start IS NOT NULL
				   AND NOT EXISTS (SELECT 1 FROM phase_progress c WHERE c.phase_id = f.id AND c.date = ?)
				 ORDER BY o.position, f.number LIMIT 1`
			)
			.get(DATE) as { id: number; number: number; code: string; status: string; percent: number | null; actual_start: string; actual_end: string | null };
		expect(phase).toBeDefined();
		const html = await fetch(`${server.url}/da-aggiornare`, { headers: { cookie: cookies['luigi.deangelis'] } }).then((x) => x.text());
		const select = html.slice(html.indexOf(`name="fstato_${phase.id}"`), html.indexOf('</select>', html.indexOf(`name="fstato_${phase.id}"`)));
		expect(select).toMatch(new RegExp(`value="${phase.status}"[^>]*selected`));
		expect(select).toContain(`aria-describedby="fprefill-${phase.id}"`);
		expect(html).toMatch(new RegExp(`name="finizio_${phase.id}" value="${phase.actual_start}"`));
		if (phase.percent !== null) expect(html).toMatch(new RegExp(`name="fpercentuale_${phase.id}" value="${String(phase.percent).replace('.', ',')}"`));
		expect(html).toContain(`id="fprefill-${phase.id}">Precompilato dall’avanzamento al 30/06/2022`);
		// A phase that already has a report at the date is shown as it is, not pre-filled.
		const [reported] = phasesOf('Luigi De Angelis', 1);
		expect(html).not.toContain(`id="fprefill-${reported.id}"`);

		// The form sent as it is: the pre-filled fields become this date's report.
		const fields = {
			[`fversione_${phase.id}`]: '0',
			[`fstato_${phase.id}`]: phase.status,
			[`fpercentuale_${phase.id}`]: phase.percent === null ? '' : String(phase.percent).replace('.', ','),
			[`finizio_${phase.id}`]: phase.actual_start,
			[`ffine_${phase.id}`]: phase.actual_end ?? ''
		};
		expect((await server.action('/da-aggiornare?/fasi_salva', fields, cookies['luigi.deangelis'])).body.type).toBe('success');
		expect(db.sqlite.prepare('SELECT status, percent, actual_start, actual_end, state FROM phase_progress WHERE phase_id = ? AND date = ?').get(phase.id, DATE)).toEqual({
			status: phase.status,
			percent: phase.percent,
			actual_start: phase.actual_start,
			actual_end: phase.actual_end,
			state: 'bozza'
		});
		const after = await fetch(`${server.url}/da-aggiornare`, { headers: { cookie: cookies['luigi.deangelis'] } }).then((x) => x.text());
		expect(after).not.toContain(`id="fprefill-${phase.id}"`);
	});
});
