/**
 * Phases monitored like values, through the built server: the timeline on the objective page (SVG with
 * its table and summary), from the shipped example's planned dates and progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/lib/server/db/database';
import { startServer, type RunningServer } from './support/server';

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
		expect(html.match(/<rect class="planned/g)?.length).toBe(phases);
		const started = db.sqlite
			.prepare(
				`SELECT count(*) FROM phase_progress pp JOIN phase f ON f.id = pp.phase_id JOIN objective o ON o.id = f.objective_id
				 WHERE o.code = '2022-H1-OP-03' AND pp.date = '2022-12-31' AND pp.actual_start IS NOT NULL`
			)
			.pluck()
			.get() as number;
		expect(html.match(/<rect class="actual/g)?.length).toBe(started);
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
