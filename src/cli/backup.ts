import fs from 'node:fs';
import { databasePathFromEnv, openDatabase } from '../lib/server/db/database';
import { parseArgs, runCli, UsageError } from './args';

const USAGE = `Uso: npm run backup -- <file> [--db <percorso>]

Copia coerente del database in uso (backup online di SQLite): si può eseguire con il cruscotto avviato.`;

await runCli(USAGE, async () => {
	const { positional, options } = parseArgs(process.argv.slice(2), ['db']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	if (positional.length !== 1) throw new UsageError('indicare il file di destinazione');
	const dbPath = typeof options.db === 'string' ? options.db : databasePathFromEnv();
	if (!fs.existsSync(dbPath)) throw new UsageError(`${dbPath}: database inesistente`);
	const target = positional[0];
	if (fs.existsSync(target)) throw new UsageError(`${target}: esiste già, non lo sovrascrivo`);
	const db = openDatabase(dbPath);
	try {
		// SQLite's online backup copies pages while other connections keep reading and writing.
		await db.sqlite.backup(target);
		console.log(`Copia di ${dbPath} scritta in ${target}`);
		return 0;
	} finally {
		await db.close();
	}
});
