/** The benchmark's tables, in Markdown (Italian, like the rest of the project's documentation). */
import type { ImportBench } from './import-bench';
import type { CampaignResult } from './campaign-bench';
import { MODES, twinRps, type Mode, type ScaleResult } from './pages-bench';

const MODE_LABELS: Record<Mode, string> = { cache: 'dati fermi', scritture: 'una scrittura al secondo', rendering: 'senza cache di pagina' };

export const GOALS = {
	/** The importer at least half as fast as the shell. */
	importRatio: 0.5,
	/** p95 under 50 ms at the largest scale. */
	p95Millis: 50,
	/** At least a third of the static file's request rate. */
	staticShare: 1 / 3,
	/** Rendered from scratch (PAGE_CACHE_MB=0), at least a tenth of the static twin's rate beside it (issue 16). */
	renderingShare: 1 / 10,
	jsWithCharts: 100_000,
	/** Campaign at the largest scale: reads and saves signed in, during writes (issue 16). */
	campaignReadP95: 50,
	campaignWriteP95: 100,
	/** The first overview after a value saved through the form, against the static twin's p50. */
	coldAfterWriteTimesStatic: 20,
	/** The server's RSS after all loads at the largest scale. */
	rssBytes: 300 * 2 ** 20,
	jsWithoutCharts: 30_000
};

const n = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('it-IT', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');
const kb = (bytes: number) => `${n(bytes / 1000, 1)} kB`;
const mib = (bytes: number) => `${n(bytes / 2 ** 20)} MiB`;
const ok = (pass: boolean) => (pass ? 'sì' : '**no**');

export function renderReport(input: {
	machine: { date: string; cpu: string; cores: number; memory: string; os: string; node: string; sqlite: string; sqlite3Shell: string | null; commit: string; load: string };
	command: string;
	options: { seconds: number; warmup: number; connections: number; repeat: number };
	importResult: ImportBench | null;
	scales: ScaleResult[];
	campaigns?: CampaignResult[];
}): string {
	const { machine: m, options: o } = input;
	const out: string[] = [];
	out.push(`## Ultima misura`);
	out.push('');
	out.push(`- **Data**: ${m.date}, commit ${m.commit}`);
	out.push(`- **Macchina**: ${m.cpu}, ${m.cores} core, ${m.memory} di RAM; ${m.os}`);
	out.push(`- **Software**: Node.js ${m.node}, SQLite ${m.sqlite} (better-sqlite3), shell sqlite3 ${m.sqlite3Shell ?? 'assente'}`);
	out.push(`- **Carico medio della macchina**: ${m.load}`);
	out.push(`- **Comando**: \`${input.command}\``);
	out.push('');

	const imp = input.importResult;
	if (imp) {
		out.push(`### Importazione di ${n(imp.rows)} misurazioni`);
		out.push('');
		out.push(
			`Database con il piano a scala 100 (${n(23_300)} indicatori, caricato in ${n(imp.planSeconds, 1)} s), nessun valore; ` +
				`stesso file CSV per tutti; tempo dall'avvio al commit, il migliore di ${o.repeat} prove.`
		);
		out.push('');
		out.push('| metodo | tempo | righe/s | importatore rispetto a questo | obiettivo ≥ 50 % |');
		out.push('| --- | ---: | ---: | ---: | --- |');
		out.push(`| ${imp.importer.name}, validazione completa | ${n(imp.importer.seconds, 2)} s | ${n(imp.importer.rowsPerSecond)} | — | |`);
		for (const shell of [imp.shellMapped, imp.shellStaging]) {
			if (!shell) continue;
			const ratio = imp.importer.rowsPerSecond / shell.rowsPerSecond;
			out.push(`| ${shell.name} | ${n(shell.seconds, 2)} s | ${n(shell.rowsPerSecond)} | ${n(ratio * 100)} % | ${ok(ratio >= GOALS.importRatio)} |`);
		}
		if (!imp.shellStaging) out.push('| shell sqlite3 | assente: `apt-get install sqlite3` | | | |');
		if (imp.importer.peakRss) out.push('', `Memoria di picco del processo dell'importatore: ${mib(imp.importer.peakRss)}.`);
		out.push('');
	}

	if (input.scales.length > 0) {
		const largest = Math.max(...input.scales.map((s) => s.scale));
		out.push(`### Pagine sotto carico`);
		out.push('');
		out.push(
			`Server costruito (\`npm run serve\`: node con le opzioni di \`npm start\`), ${o.connections} connessioni per ${o.seconds} s dopo ${o.warmup} s di riscaldamento; ` +
				`«statico» è un file con gli stessi byte della pagina servito dallo stesso processo (build/client/_bench/). ` +
				`Obiettivi: p95 < ${GOALS.p95Millis} ms a scala ${largest}; almeno un terzo delle richieste al secondo del file statico; ` +
				`rese da capo, almeno un decimo di quelle del file statico misurato subito prima e subito dopo dallo stesso server (issue 16).`
		);
		out.push('');
		out.push('| scala | pagina | HTML | query SQL | modo | p50 | p95 | p99 | req/s | quota dello statico | p95 < 50 ms | quota raggiunta |');
		out.push('| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
		for (const s of input.scales) {
			for (const p of s.pages) {
				for (const mode of MODES) {
					const r = p.modes[mode];
					const rendering = mode === 'rendering';
					// Rendered from scratch: against the twin loaded beside it, and the issue's tenth.
					const share = r.rps / (rendering ? twinRps(p.renderingStatic) : p.static.rps);
					const goal = rendering ? GOALS.renderingShare : GOALS.staticShare;
					const first = mode === MODES[0];
					out.push(
						`| ${first ? s.scale : ''} | ${first ? `\`${p.page.path}\`` : ''} | ${first ? kb(p.bytes) : ''} | ${first ? (p.queries ?? '?') : ''} | ${MODE_LABELS[mode]} | ` +
							`${n(r.p50, 1)} ms | ${n(r.p95, 1)} ms | ${n(r.p99, 1)} ms | ${n(r.rps)} | ${n(share * 100)} % | ` +
							`${s.scale === largest ? ok(r.p95 < GOALS.p95Millis) : '—'} | ${ok(share >= goal)} (≥ ${rendering ? '1/10' : '1/3'}) |`
					);
				}
				out.push(`| | | | | *file statico* | ${n(p.static.p50, 1)} ms | ${n(p.static.p95, 1)} ms | ${n(p.static.p99, 1)} ms | ${n(p.static.rps)} | | | |`);
				const { before, after } = p.renderingStatic;
				out.push(`| | | | | *file statico accanto alla pagina resa da capo (prima / dopo)* | ${n(before.p50, 1)} / ${n(after.p50, 1)} ms | ${n(before.p95, 1)} / ${n(after.p95, 1)} ms | ${n(before.p99, 1)} / ${n(after.p99, 1)} ms | ${n(twinRps(p.renderingStatic))} (${n(before.rps)} / ${n(after.rps)}) | | | |`);
			}
		}
		out.push('');
		out.push(
			`Modi: *${MODE_LABELS.cache}* è il server come viene distribuito, con i dati fermi durante la misura (la pagina è resa alla prima ` +
				`richiesta e poi servita dalla cache di pagina); *${MODE_LABELS.scritture}* è lo stesso server mentre un'altra connessione ` +
				`riscrive un valore ogni secondo (ogni scrittura svuota la cache di pagina; le valutazioni sono riportate ricalcolando l'obiettivo toccato, che il registro delle modifiche indica); ` +
				`*${MODE_LABELS.rendering}* è il server con \`PAGE_CACHE_MB=0\`: ogni richiesta è resa da capo; la sua quota è calcolata sulla media del file statico ` +
				`caricato dallo stesso server subito prima e subito dopo (metà del tempo ciascuno), perché la macchina cambia velocità nel giro di minuti.`
		);
		out.push('');
		out.push('**Una richiesta subito dopo una scrittura** (nessun altro carico; mediana di 5): il costo pieno di una pagina, valutazione compresa.');
		out.push('');
		out.push('| pagina | ' + input.scales.map((s) => `scala ${s.scale}`).join(' | ') + ' |');
		out.push('| --- | ' + input.scales.map(() => '---:').join(' | ') + ' |');
		for (const p of input.scales[0].pages) {
			out.push(`| \`${p.page.path}\` | ` + input.scales.map((s) => `${n(s.pages.find((q) => q.page.path === p.page.path)!.coldMillis, 1)} ms`).join(' | ') + ' |');
		}
		out.push('');

		const last = input.scales.find((s) => s.scale === largest)!;
		out.push(`### Peso al primo caricamento (gzip)`);
		out.push('');
		out.push('JavaScript e CSS nominati dall’HTML servito e dall’intestazione `Link`, più gli `import()` dinamici dei loro moduli (Chart.js); gzip livello 9.');
		out.push('');
		out.push('| pagina | JS | di cui import dinamici | CSS | budget JS | nel budget | HTML (gzip) ' + input.scales.map((s) => `scala ${s.scale}`).join(' / ') + ' |');
		out.push('| --- | ---: | ---: | ---: | ---: | --- | ---: |');
		for (const p of last.pages) {
			const budget = p.page.charts ? GOALS.jsWithCharts : GOALS.jsWithoutCharts;
			const html = input.scales.map((s) => kb(s.pages.find((q) => q.page.path === p.page.path)!.htmlGzip)).join(' / ');
			out.push(
				`| \`${p.page.path}\` | ${kb(p.weight.js)} (${p.weight.jsFiles} file) | ${kb(p.weight.dynamicJs)} | ${kb(p.weight.css)} | ${kb(budget)} | ${ok(p.weight.js <= budget)} | ${html} |`
			);
		}
		out.push('');

		out.push(`### Memoria del server`);
		out.push('');
		out.push(`RSS dopo i carichi della modalità «${MODE_LABELS.cache}» e «${MODE_LABELS.scritture}» (file statici compresi); obiettivo a scala ${largest}: al massimo ${mib(GOALS.rssBytes)}.`);
		out.push('');
		out.push('| scala | dati | avvio con importazione | RSS dopo i carichi | picco (VmHWM) | ≤ 300 MiB |');
		out.push('| ---: | --- | ---: | ---: | ---: | --- |');
		for (const s of input.scales) {
			out.push(
				`| ${s.scale} | ${s.objectives.replace(/^piano caricato da [^:]+: /, '')} | ${n(s.seedSeconds, 1)} s | ${s.memory ? mib(s.memory.rss) : '?'} | ${s.memory ? mib(s.memory.peak) : '?'} | ` +
					`${s.scale === largest && s.memory ? ok(s.memory.rss <= GOALS.rssBytes) : '—'} |`
			);
		}
		out.push('');
	}
	if (input.campaigns && input.campaigns.length > 0) out.push(...renderCampaign(input.campaigns));
	return out.join('\n');
}

function renderCampaign(campaigns: CampaignResult[]): string[] {
	const out: string[] = [];
	const largest = Math.max(...campaigns.map((c) => c.scale));
	const c0 = campaigns[0];
	// The goals are judged on the first readers' pause the run was given (by default 1 s after each page,
	// as people read); a run without pauses (saturated) says how much the server takes, with no goal.
	const goalThink = c0.thinkMillis;
	const judged = (c: CampaignResult) => c.scale === largest && c.thinkMillis === goalThink;
	const pause = (c: CampaignResult) => (c.thinkMillis > 0 ? `${n(c.thinkMillis)} ms` : 'nessuna (saturo)');
	const thinks = [...new Set(campaigns.map((c) => c.thinkMillis))];
	out.push('### Campagna di monitoraggio');
	out.push('');
	out.push(
		`Account creati, tutti con la sessione aperta, cache di pagina come distribuita. ${c0.directors} dirigenti salvano e inviano un valore ` +
			`dal modulo di *Da aggiornare* (${c0.writesPerSecond} scritture al secondo in tutto, a cadenza fissa) mentre ${c0.readers} lettori ` +
			`(direzione, Nucleo, dirigenti) scorrono panoramica, pagina di un dirigente, obiettivo, ricerca e report degli scostamenti per ${c0.seconds} s; ` +
			`a ogni giro ciascun lettore scarica anche un file statico grande quanto la panoramica, dallo stesso server. ` +
			(thinks.length > 1 || goalThink > 0
				? `Ogni campagna è fatta ${thinks.length > 1 ? 'due volte' : 'una volta'}: ${thinks
						.map((t) => (t > 0 ? `con una pausa di ${n(t)} ms dopo ogni pagina, come chi la legge` : 'senza pause, una pagina dopo l’altra (il server è saturo: dice quanto regge, non ha obiettivo)'))
						.join('; poi ')}. `
				: 'Lettori senza pause, una pagina dopo l’altra: il server è saturo. ') +
			`Obiettivi a scala ${largest}, ${goalThink > 0 ? `sulla campagna con la pausa di ${n(goalThink)} ms` : 'sulla campagna satura'}: lettura p95 < ${GOALS.campaignReadP95} ms, ` +
			`salvataggio p95 < ${GOALS.campaignWriteP95} ms, nessun errore, RSS dopo la campagna ≤ ${mib(GOALS.rssBytes)}.`
	);
	out.push('');
	out.push('| scala | pausa dei lettori | letture | lettura p95 | lettura p99 | salvataggi | salvataggio p95 | statico p95 | errori | lettura < 50 ms | salvataggio < 100 ms | nessun errore |');
	out.push('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |');
	for (const c of campaigns) {
		const goal = judged(c);
		out.push(
			`| ${c.scale} | ${pause(c)} | ${n(c.reads)} | ${n(c.readP95, 1)} ms | ${n(c.readP99, 1)} ms | ${n(c.writes)} | ${n(c.writeP95, 1)} ms | ${n(c.staticP95, 1)} ms | ${n(c.errors)} | ` +
				`${goal ? ok(c.readP95 < GOALS.campaignReadP95) : '—'} | ${goal ? ok(c.writeP95 < GOALS.campaignWriteP95) : '—'} | ${ok(c.errors === 0)} |`
		);
	}
	out.push('');
	out.push(
		`**La prima panoramica dopo un salvataggio** (un dirigente salva dal modulo, poi la direzione apre la panoramica; nessun altro carico, mediana di 7, ` +
			`prima di ogni campagna), rispetto al p50 del file statico gemello nello stesso momento. Obiettivo a scala ${largest}: al massimo ${GOALS.coldAfterWriteTimesStatic} volte.`
	);
	out.push('');
	out.push('| scala | prima della campagna con pausa | panoramica dopo un salvataggio | file statico p50 | rapporto | ≤ 20 volte |');
	out.push('| ---: | --- | ---: | ---: | ---: | --- |');
	for (const c of campaigns) {
		const ratio = c.coldAfterWrite / c.staticP50Quiet;
		out.push(`| ${c.scale} | ${pause(c)} | ${n(c.coldAfterWrite, 1)} ms | ${n(c.staticP50Quiet, 1)} ms | ${n(ratio, 1)} | ${judged(c) ? ok(ratio <= GOALS.coldAfterWriteTimesStatic) : '—'} |`);
	}
	out.push('');
	out.push('Per pagina (p50 / p95 / p99, in ms):');
	out.push('');
	out.push('| scala | pausa dei lettori | ' + c0.pages.map((p) => p.name).join(' | ') + ' |');
	out.push('| ---: | --- | ' + c0.pages.map(() => '---:').join(' | ') + ' |');
	for (const c of campaigns) {
		out.push(`| ${c.scale} | ${pause(c)} | ` + c.pages.map((p) => `${n(p.p50, 1)} / ${n(p.p95, 1)} / ${n(p.p99, 1)}`).join(' | ') + ' |');
	}
	out.push('');
	for (const c of campaigns) {
		if (!c.memory) continue;
		const idle = c.memoryIdle ? `; 15 s dopo, senza carico, ${mib(c.memoryIdle.rss)}` : '';
		const goal = judged(c) && c.scale >= 100 ? ` Obiettivo ≤ ${mib(GOALS.rssBytes)}: ${c.memory.rss <= GOALS.rssBytes ? 'sì' : '**no**'}.` : '';
		out.push(
			`RSS del server dopo la campagna a scala ${c.scale}, pausa dei lettori ${pause(c)}: ${mib(c.memory.rss)} (picco ${mib(c.memory.peak)}; memoria propria ${mib(c.memory.anon)}, file mappati ${mib(c.memory.file)}${idle}).${goal}`
		);
		out.push('');
	}
	return out;
}
