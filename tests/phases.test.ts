/**
 * Phases monitored like values, through the built server: the timeline on the objective page (SVG with
 * its table and summary), from the shipped example's planned dates and progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';
import { windows1252 } from './support/italian-csv';

let server: RunningServer;
let db: Db;
const cookies: Record<string, string> = {};
beforeAll(async () => {
	server = await startServer();
	db = openDatabase(server.databasePath);
	for (const u of ['nucleo', 'direzione', 'admin', 'luigi.deangelis', 'fabrizio.mechini']) cookies[u] = await server.signIn(u);
});
afterAll(async () => {
	await db?.close();
	await server?.stop();
});

const page = async (path: string, cookie = cookies['nucleo']) => {
	const res = await fetch(server.url + path, { headers: cookie ? { cookie } : {} });
	return { status: res.status, html: await res.text() };
};

describe('the timeline of an objective', () => {
	it('is an SVG drawn on the server, named and described, with the table of its figures', async () => {
		const { status, html } = await page('/obiettivi/2022/2022-H1-OP-03?data=2022-12-31');
		expect(status).toBe(200);
		const svg = /<svg[^>]*class="gantt[^"]*"[^>]*>/.exec(html)?.[0] ?? '';
		expect(svg).toContain('role="img"');
		expect(svg).toContain('aria-labelledby="cronoprogramma-title"');
		expect(svg).toContain('aria-describedby="cronoprogramma-summary"');
		expect(html).toMatch(/id="cronoprogramma-summary"[^>]*>10 fasi al 31\/12\/2022: /);
		// One planned bar per phase (each has example dates), one actual bar per phase that started.
		const phases = db.sqlite.prepare("SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.code = '2022-H1-OP-03'").pluck().get() as number;
		// Two drawings of the same chart: the screen's and the compact one for paper (hidden on screen).
		const chart = (cls: string) => {
			const at = html.search(new RegExp(`<svg class="${cls}[ "]`));
			return at < 0 ? '' : html.slice(at, html.indexOf('</svg>', at));
		};
		const [screen, paper] = [chart('gantt'), chart('gantt-paper')];
		expect(paper).toContain('aria-labelledby="cronoprogramma-title"');
		for (const chart of [screen, paper]) expect(chart.match(/<rect class="planned/g)?.length).toBe(phases);
		const started = db.sqlite
			.prepare(
				`SELECT count(*) FROM phase_progress pp JOIN phase f ON f.id = pp.phase_id JOIN objective o ON o.id = f.objective_id
				 WHERE o.code = '2022-H1-OP-03' AND pp.date = '2022-12-31' AND pp.actual_start IS NOT NULL`
			)
			.pluck()
			.get() as number;
		for (const chart of [screen, paper]) expect(chart.match(/<rect class="actual/g)?.length).toBe(started);
		// The table alternative: a row per phase, with the state and whether it is late.
		const table = html.slice(html.indexOf('<table class="phases'), html.indexOf('</table>', html.indexOf('<table class="phases')));
		expect(table).toContain('i dati del grafico');
		expect(table.match(/<th scope="row"/g)?.length).toBe(phases + 1); // + the total row
		// The late phases the page names are the ones the database says are unfinished past their planned end.
		const late = db.sqlite
			.prepare(
				`SELECT f.number FROM phase f JOIN objective o ON o.id = f.objective_id JOIN phase_progress pp ON pp.phase_id = f.id AND pp.date = '2022-12-31'
				 WHERE o.code = '2022-H1-OP-03' AND pp.status <> 'completata' AND f.end_date < '2022-12-31' ORDER BY f.number`
			)
			.pluck()
			.all() as number[];
		expect(late.length).toBeGreaterThan(0);
		expect(html).toContain(`${late.length} in ritardo (${late.map((n) => `fase ${n}`).join(', ')})`);
	});

	it('judges lateness at the date shown: at 30/06 fewer phases have passed their end', async () => {
		const { html } = await page('/obiettivi/2022/2022-H1-OP-03?data=2022-06-30');
		expect(html).toMatch(/10 fasi al 30\/06\/2022: /);
		expect(html).toContain('al 30/06/2022');
	});
});

describe('the cycle of a phase report, through the server, with the roles checked', () => {
	const DATE = '2022-09-30';
	const phaseOf = (director: string) =>
		db.sqlite
			.prepare(
				`SELECT f.id, f.number, o.code FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
				 WHERE d.name = ? ORDER BY o.position, f.number LIMIT 1`
			)
			.get(director) as { id: number; number: number; code: string };
	const report = (phaseId: number) =>
		db.sqlite.prepare('SELECT id, status, percent, actual_start, state, version, review_comment FROM phase_progress WHERE phase_id = ? AND date = ?').get(phaseId, DATE) as
			| { id: number; status: string; percent: number | null; actual_start: string | null; state: string; version: number; review_comment: string | null }
			| undefined;

	it('entry, review and validation, each by its role; the wrong roles get 403', async () => {
		const own = phaseOf('Luigi De Angelis');
		const other = phaseOf('Fabrizio Mechini');
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
		const fields = (id: number, extra: Record<string, string> = {}) => ({ [`fversione_${id}`]: '0', [`fstato_${id}`]: 'in_corso', [`fpercentuale_${id}`]: '12,5', [`finizio_${id}`]: '2022-03-01', [`fnota_${id}`]: 'Gara aggiudicata', ...extra });

		// Not a director: 403, and nothing written.
		for (const who of ['direzione', 'nucleo', 'admin']) expect((await server.action('/da-aggiornare?/fasi_salva', fields(own.id), cookies[who])).status).toBe(403);
		// A director posting another director's phase: 403, nothing written (not even his own in the same request).
		const forged = await server.action('/da-aggiornare?/fasi_salva', { ...fields(own.id), ...fields(other.id) }, cookies['luigi.deangelis']);
		expect(forged.status).toBe(403);
		expect(report(own.id)).toBeUndefined();
		expect(report(other.id)).toBeUndefined();

		// An end after the monitoring date is refused with its reason, nothing lost.
		const refused = await server.action('/da-aggiornare?/fasi_salva', fields(own.id, { [`fstato_${own.id}`]: 'completata', [`ffine_${own.id}`]: '2022-10-15' }), cookies['luigi.deangelis']);
		expect(refused.status).toBe(400);
		expect(JSON.stringify(refused.body.data)).toContain('la fine effettiva è dopo la data di monitoraggio');
		expect(report(own.id)).toBeUndefined();

		const draft = await server.action('/da-aggiornare?/fasi_salva', fields(own.id), cookies['luigi.deangelis']);
		expect(draft.body.type).toBe('success');
		expect(report(own.id)).toMatchObject({ status: 'in_corso', percent: 12.5, actual_start: '2022-03-01', state: 'bozza', version: 1 });
		// A second press of the same form (version 0 again) is a conflict, not a second write.
		const again = await server.action('/da-aggiornare?/fasi_salva', fields(own.id), cookies['luigi.deangelis']);
		expect(again.status).toBe(400);
		expect(JSON.stringify(again.body.data)).toContain('nel frattempo');

		const sent = await server.action('/da-aggiornare?/fasi_invia', fields(own.id, { [`fversione_${own.id}`]: '1' }), cookies['luigi.deangelis']);
		expect(sent.body.type).toBe('success');
		let r = report(own.id)!;
		expect(r.state).toBe('inviato');
		// Submitted: it waits in the direction's queue.
		const queue = await page('/revisione', cookies['direzione']);
		expect(queue.html).toContain(`Restituisci l’avanzamento della fase ${own.number} di ${own.code}`);

		// Reviewing is the direction's: a director and the Nucleo get 403.
		for (const who of ['luigi.deangelis', 'nucleo']) expect((await server.action('/revisione?/fase_accetta', { id: String(r.id), versione: String(r.version) }, cookies[who])).status).toBe(403);
		// Returning needs a comment.
		expect((await server.action('/revisione?/fase_restituisci', { id: String(r.id), versione: String(r.version) }, cookies['direzione'])).status).toBe(400);
		expect((await server.action('/revisione?/fase_restituisci', { id: String(r.id), versione: String(r.version), commento: 'Indicare la percentuale reale' }, cookies['direzione'])).body.type).toBe('success');
		r = report(own.id)!;
		expect(r).toMatchObject({ state: 'restituito', review_comment: 'Indicare la percentuale reale' });
		const back = await page('/da-aggiornare', cookies['luigi.deangelis']);
		expect(back.html).toContain('Indicare la percentuale reale');
		expect((await server.action('/da-aggiornare?/fasi_invia', fields(own.id, { [`fversione_${own.id}`]: String(r.version), [`fpercentuale_${own.id}`]: '20' }), cookies['luigi.deangelis'])).body.type).toBe('success');
		r = report(own.id)!;
		expect(r).toMatchObject({ state: 'inviato', percent: 20 });
		expect((await server.action('/revisione?/fase_accetta', { id: String(r.id), versione: String(r.version) }, cookies['direzione'])).body.type).toBe('success');
		expect(report(own.id)!.state).toBe('accettato');

		// Validation is the Nucleo's; it locks the report with the values, here and in the database itself.
		expect((await server.action('/monitoraggio', { azione: 'chiudi', data: DATE, conferma: 'si' }, cookies['direzione'])).body.type).toBe('success');
		expect((await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['direzione'])).status).toBe(403);
		const validated = await server.action('/monitoraggio', { azione: 'valida', data: DATE, conferma: 'si' }, cookies['nucleo']);
		expect(validated.body.type).toBe('success');
		expect(report(own.id)!.state).toBe('validato');
		expect(() => db.sqlite.prepare("UPDATE phase_progress SET percent = 99 WHERE id = ?").run(r.id)).toThrow(/validata dal Nucleo/);
		expect(() => db.sqlite.prepare('DELETE FROM phase_progress WHERE id = ?').run(r.id)).toThrow(/validata dal Nucleo/);

		// Its planned dates now change only with a reason, which the log keeps; another director cannot.
		const datesPath = `/obiettivi/2022/${own.code}?/date_fase`;
		const newDates = { fase: String(own.id), inizio: '2022-02-01', fine: '2022-11-30' };
		expect((await server.action(datesPath, newDates, cookies['fabrizio.mechini'])).status).toBe(403);
		expect((await server.action(datesPath, newDates, cookies['nucleo'])).status).toBe(403);
		const noReason = await server.action(datesPath, newDates, cookies['luigi.deangelis']);
		expect(noReason.status).toBe(400);
		expect(JSON.stringify(noReason.body.data)).toContain('serve la motivazione');
		expect((await server.action(datesPath, { ...newDates, motivazione: 'Variante approvata con determina 12/2022' }, cookies['direzione'])).body.type).toBe('success');
		expect(db.sqlite.prepare('SELECT start_date, end_date FROM phase WHERE id = ?').get(own.id)).toEqual({ start_date: '2022-02-01', end_date: '2022-11-30' });

		// The objective's change log tells the story in Italian.
		const objectivePage = await page(`/obiettivi/2022/${own.code}`, cookies['nucleo']);
		expect(objectivePage.html).toContain(`ha inviato alla Direzione l’avanzamento della fase ${own.number} di ${own.code} al 30/09/2022`);
		expect(objectivePage.html).toContain(`ha restituito l’avanzamento della fase ${own.number} di ${own.code} al 30/09/2022 al dirigente`);
		expect(objectivePage.html).toContain(`ha modificato le date previste della fase ${own.number} di ${own.code}`);
		expect(objectivePage.html).toContain('Variante approvata con determina 12/2022');
	});
});

describe('a director uploads avanzamento_fasi.csv as Italian Excel saves it', () => {
	const DATE = '2022-10-31';
	it('refuses other directors’ phases and other dates with file:line: column, then loads his own as drafts', async () => {
		expect((await server.action('/monitoraggio', { azione: 'apri', data: DATE }, cookies['direzione'])).body.type).toBe('success');
		const [own1, own2] = db.sqlite
			.prepare(`SELECT f.id, f.number, o.code FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Luigi De Angelis' ORDER BY o.position, f.number LIMIT 2`)
			.all() as Array<{ id: number; number: number; code: string }>;
		const other = db.sqlite
			.prepare(`SELECT f.number, o.code FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id WHERE d.name = 'Paolo Benedetti' LIMIT 1`)
			.get() as { number: number; code: string };
		const header = 'anno;codice_obiettivo;numero;data;stato;percentuale;data_inizio_effettiva;data_fine_effettiva;nota';
		const file = (lines: string[]) => new Blob([Buffer.from(windows1252([header, ...lines].join('\r\n') + '\r\n'))], { type: 'text/csv' });
		const bad = await server.action(
			'/da-aggiornare?/fasi_carica',
			{
				csv: new File([file([`2022;${own1.code};${own1.number};31/10/2022;in corso;37,5;01/03/2022;;Però in ritardo`, `2022;${other.code};${other.number};31/10/2022;in corso;;;;`, `2022;${own2.code};${own2.number};30/06/2022;in corso;;;;`])], 'avanzamento_fasi.csv')
			},
			cookies['luigi.deangelis']
		);
		expect(bad.status).toBe(400);
		expect(bad.body.data).toMatchObject({
			phaseCsvErrors: [
				`avanzamento_fasi.csv:3: numero: la fase ${other.number} dell’obiettivo ${other.code} non è tra le tue nel piano 2022`,
				'avanzamento_fasi.csv:4: data: la data 30/06/2022 non è quella aperta all’inserimento (31/10/2022)'
			]
		});
		expect(db.sqlite.prepare('SELECT count(*) FROM phase_progress WHERE date = ?').pluck().get(DATE)).toBe(0);

		const good = await server.action(
			'/da-aggiornare?/fasi_carica',
			{ csv: new File([file([`2022;${own1.code};${own1.number};31/10/2022;in corso;37,5;01/03/2022;;Però in ritardo`, `2022;${own2.code};${own2.number};31/10/2022;Completata;;01/03/2022;15/10/2022;`])], 'avanzamento_fasi.csv') },
			cookies['luigi.deangelis']
		);
		expect(good.body.type).toBe('success');
		expect(db.sqlite.prepare('SELECT phase_id, status, percent, note, state FROM phase_progress WHERE date = ? ORDER BY phase_id').all(DATE)).toEqual([
			{ phase_id: own1.id, status: 'in_corso', percent: 37.5, note: 'Però in ritardo', state: 'bozza' },
			{ phase_id: own2.id, status: 'completata', percent: null, note: null, state: 'bozza' }
		]);
		// Another role cannot upload at all.
		expect((await server.action('/da-aggiornare?/fasi_carica', { csv: new File([file([])], 'avanzamento_fasi.csv') }, cookies['direzione'])).status).toBe(403);
	});
});

describe('overdue phases where the direction, the director and the reports look', () => {
	// The shipped example, judged at 31/12/2022: unfinished phases whose planned end had passed.
	const lateAtYearEnd = () =>
		db.sqlite
			.prepare(
				`SELECT o.code, f.number, d.name FROM phase f JOIN objective o ON o.id = f.objective_id JOIN director d ON d.id = o.director_id
				 JOIN phase_progress pp ON pp.phase_id = f.id AND pp.date = '2022-12-31' AND pp.state <> 'bozza'
				 WHERE pp.status <> 'completata' AND f.end_date < '2022-12-31' ORDER BY o.position, f.number`
			)
			.all() as Array<{ code: string; number: number; name: string }>;

	it('the direction’s page, the director’s home, the scostamenti report and the schede', async () => {
		const late = lateAtYearEnd();
		expect(late.length).toBeGreaterThan(3);
		const direction = await page('/monitoraggio', cookies['direzione']);
		expect(direction.html).toMatch(new RegExp(`Fasi in ritardo <span class="count[^"]*">${late.length} fasi al 31/12/2022`));
		for (const l of late) expect(direction.html).toMatch(new RegExp(`${l.code}</span> · fase ${l.number}</a>`));

		const mine = late.filter((l) => l.name === 'Luigi De Angelis');
		const home = await page('/il-mio-lavoro', cookies['luigi.deangelis']);
		expect(home.html).toMatch(new RegExp(`Le mie fasi in ritardo <span class="count[^"]*">${mine.length === 1 ? '1 fase' : `${mine.length} fasi`} al 31/12/2022`));
		for (const l of late.filter((x) => x.name !== 'Luigi De Angelis')) expect(home.html).not.toMatch(new RegExp(`${l.code}</span> · fase ${l.number}</a>`));

		const report = await page('/report/scostamenti?data=2022-12-31', cookies['nucleo']);
		expect(report.html).toMatch(new RegExp(`Fasi in ritardo <span class="count[^"]*">${late.length}</span>`));

		const schede = await page('/report/schede?data=2022-12-31&dirigente=1', cookies['nucleo']);
		expect(schede.html).toContain('role="img"');
		expect(schede.html).toMatch(/Cronoprogramma di 2022-/);
	});

	it('the director’s page draws all his phases on one timeline, with its table', async () => {
		const id = db.sqlite.prepare("SELECT id FROM director WHERE name = 'Roberto Gerardi'").pluck().get() as number;
		const phases = db.sqlite.prepare('SELECT count(*) FROM phase f JOIN objective o ON o.id = f.objective_id WHERE o.director_id = ?').pluck().get(id) as number;
		const { html } = await page(`/dirigenti/${id}?data=2022-12-31`);
		expect(html).toContain('aria-labelledby="cronoprogramma-dirigente-title"');
		expect(html.match(/<rect class="planned/g)?.length).toBe(phases * 2); // on screen and on paper
		expect(html).toContain('Cronoprogramma delle fasi di Roberto Gerardi: i dati del grafico');
	});
});
