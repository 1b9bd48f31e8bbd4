import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openMigratedDatabase, openSnapshot, databasePathFromEnv } from '../lib/server/db/database';
import { formatForFileName } from '../lib/interchange/formats';
import { formatProblem } from '../lib/interchange/problems';
import { ACCEPTED_FILE_NAMES, ENTITY_LABELS, importFiles, type Entity, type ImportInput } from '../lib/server/import/import.service';
import { parseArgs, runCli, UsageError } from './args';

const USAGE = `Uso: npm run import -- <cartella o file…> [--db <percorso>] [--dry-run] [--validati --motivo "…"]

Importa i file CSV di interscambio (${ACCEPTED_FILE_NAMES.join(', ')}) in un'unica transazione.
  --db <percorso>  database SQLite (predefinito: $DATABASE_PATH o db/cruscotto.sqlite)
  --dry-run        controlla e riepiloga cosa cambierebbe, senza scrivere nulla
  --validati       risultati già validati (es. la Relazione pubblicata di un anno passato): i valori, gli
                   avanzamenti delle fasi e le loro date di monitoraggio sono registrati come validati dal
                   Nucleo e quindi pubblicati
  --motivo "…"     obbligatorio con --validati: perché, scritto nel registro delle modifiche`;

/** Expands folders to the interchange files they hold; plain files must have an interchange name. */
export function collectInputs(paths: string[]): ImportInput[] {
	const inputs: ImportInput[] = [];
	for (const p of paths) {
		if (!fs.existsSync(p)) throw new UsageError(`${p}: file o cartella inesistente`);
		if (fs.statSync(p).isDirectory()) {
			const found = fs.readdirSync(p).filter((name) => formatForFileName(name));
			if (found.length === 0) throw new UsageError(`${p}: nessun file riconosciuto (${ACCEPTED_FILE_NAMES.join(', ')})`);
			for (const name of found) {
				const file = path.join(p, name);
				inputs.push({ file, format: formatForFileName(name)!, bytes: fs.readFileSync(file) });
			}
		} else {
			const format = formatForFileName(path.basename(p));
			if (!format) throw new UsageError(`${p}: nome di file non riconosciuto (ammessi: ${ACCEPTED_FILE_NAMES.join(', ')})`);
			inputs.push({ file: p, format, bytes: fs.readFileSync(p) });
		}
	}
	return inputs;
}

await runCli(USAGE, async () => {
	const { positional, options } = parseArgs(process.argv.slice(2), ['db', 'motivo']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	if (positional.length === 0) throw new UsageError('indicare almeno una cartella o un file');
	const dryRun = options['dry-run'] === true;
	const reason = typeof options.motivo === 'string' ? options.motivo.trim() : '';
	if (options.validati === true && !reason) throw new UsageError('--validati richiede --motivo "…": il perché resta nel registro delle modifiche');
	if (options.validati !== true && options.motivo !== undefined) throw new UsageError('--motivo si usa solo con --validati');
	const validated = options.validati === true ? { reason } : undefined;
	// Who did it, as far as a command line knows: the system account that ran it.
	const enteredBy = validated ? `importazione di risultati validati (utente di sistema ${os.userInfo().username})` : undefined;
	const inputs = collectInputs(positional);
	const dbPath = typeof options.db === 'string' ? options.db : databasePathFromEnv();

	// A dry run works on a copy in memory: the database file, and the folder it is in, stay exactly as
	// they were (no file created, no migration applied).
	const db = dryRun ? openSnapshot(dbPath) : await openMigratedDatabase(dbPath);
	if (dryRun) {
		try {
			await migrateToLatest(db);
		} catch (e) {
			await db.close();
			throw e;
		}
	}
	try {
		const started = performance.now();
		const report = importFiles(db, inputs, { dryRun, validated, enteredBy, onProgress: (m) => console.error(`… ${m}`) });
		const seconds = ((performance.now() - started) / 1000).toLocaleString('it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
		for (const w of report.warnings) console.error(`avviso: ${formatProblem(w)}`);
		if (report.errors.length > 0) {
			for (const e of report.errors) console.error(formatProblem(e));
			console.error(`\n${report.errors.length} ${report.errors.length === 1 ? 'errore' : 'errori'}: nessuna modifica al database (${dbPath}).`);
			return 1;
		}
		console.log(dryRun ? `Prova (--dry-run) su ${dbPath}${fs.existsSync(dbPath) ? '' : ' (ancora inesistente)'}: nulla è stato scritto. Risultato previsto:` : `Importazione in ${dbPath} completata in ${seconds} s:`);
		for (const [entity, label] of Object.entries(ENTITY_LABELS)) {
			const t = report.counts[entity as Entity];
			if (t.created + t.updated + t.unchanged === 0) continue;
			console.log(`  ${label.padEnd(26)} ${t.created} nuovi, ${t.updated} aggiornati, ${t.unchanged} invariati`);
		}
		if (report.validated) console.log(`  validati: ${report.validated.values} valori, ${report.validated.phases} avanzamenti di fase, ${report.validated.dates} date di monitoraggio (motivo nel registro delle modifiche)`);
		return 0;
	} finally {
		await db.close();
	}
});
