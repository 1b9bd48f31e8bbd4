import { databasePathFromEnv, openMigratedDatabase } from '../lib/server/db/database';
import { removeExampleValues } from '../lib/server/examples';
import { parseArgs, runCli } from './args';

const USAGE = `Uso: npm run esempi:rimuovi [-- --db <percorso>]

Cancella tutti i valori di esempio (misurazioni e avanzamenti delle fasi con fonte «esempio»,
e le date previste delle fasi date dall'esempio), in un'unica transazione.
Il piano e i valori reali restano com'erano.`;

await runCli(USAGE, async () => {
	const { options } = parseArgs(process.argv.slice(2), ['db']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	const dbPath = typeof options.db === 'string' ? options.db : databasePathFromEnv();
	const db = await openMigratedDatabase(dbPath);
	try {
		const removed = removeExampleValues(db);
		console.log(removed === 0 ? `Nessun valore di esempio in ${dbPath}.` : `Tolti ${removed} valori di esempio da ${dbPath}.`);
		return 0;
	} finally {
		await db.close();
	}
});
