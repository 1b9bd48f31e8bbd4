import fs from 'node:fs';
import path from 'node:path';
import { databasePathFromEnv, openMigratedDatabase } from '../lib/server/db/database';
import { exportFiles } from '../lib/server/export/export.service';
import { parseArgs, runCli, UsageError } from './args';

const USAGE = `Uso: npm run export -- <cartella> [--db <percorso>] [--anno <anno>]

Scrive piano.csv, obiettivi.csv, assegnazioni.csv, fasi.csv, indicatori.csv, misurazioni.csv e
avanzamento_fasi.csv nella cartella
(creata se non esiste), nello stesso formato letto da "npm run import".`;

await runCli(USAGE, async () => {
	const { positional, options } = parseArgs(process.argv.slice(2), ['db', 'anno']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	if (positional.length !== 1) throw new UsageError('indicare una sola cartella di destinazione');
	let year: number | undefined;
	if (options.anno !== undefined) {
		if (typeof options.anno !== 'string' || !/^\d{4}$/.test(options.anno)) throw new UsageError(`--anno: «${options.anno}» non è un anno`);
		year = Number(options.anno);
	}
	const dbPath = typeof options.db === 'string' ? options.db : databasePathFromEnv();
	if (!fs.existsSync(dbPath)) throw new UsageError(`${dbPath}: database inesistente`);
	const db = await openMigratedDatabase(dbPath);
	try {
		const files = await exportFiles(db, { year });
		fs.mkdirSync(positional[0], { recursive: true });
		for (const { fileName, text, rows } of files) {
			const target = path.join(positional[0], fileName);
			fs.writeFileSync(target, text);
			console.log(`${target}: ${rows} righe`);
		}
		return 0;
	} finally {
		await db.close();
	}
});
