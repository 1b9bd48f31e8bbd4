import os from 'node:os';
import { databasePathFromEnv, openMigratedDatabase } from '../lib/server/db/database';
import { rollForward } from '../lib/server/roll-forward.service';
import { parseArgs, runCli, UsageError } from './args';

const USAGE = `Uso: npm run nuovo-anno -- --da <anno> --a <anno> [--solo-mancanti] [--db <percorso>]

Crea il piano dell'anno nuovo da quello dell'anno indicato: obiettivi (con le assegnazioni), fasi e
indicatori con pesi, target e collegamenti al DUP come punto di partenza, senza valori.
  --da <anno>       il piano da cui partire (es. 2022)
  --a <anno>        l'anno nuovo (es. 2023)
  --solo-mancanti   se il piano dell'anno nuovo esiste già, aggiunge solo i codici che non ha
  --db <percorso>   database SQLite (predefinito: $DATABASE_PATH o db/cruscotto.sqlite)`;

function year(value: string | true | undefined, name: string): number {
	if (typeof value !== 'string' || !/^\d{4}$/.test(value)) throw new UsageError(`--${name} richiede un anno di quattro cifre`);
	return Number(value);
}

await runCli(USAGE, async () => {
	const { positional, options } = parseArgs(process.argv.slice(2), ['db', 'da', 'a']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	if (positional.length > 0) throw new UsageError(`argomento non previsto: ${positional[0]}`);
	const from = year(options.da, 'da');
	const to = year(options.a, 'a');
	const dbPath = typeof options.db === 'string' ? options.db : databasePathFromEnv();
	const db = await openMigratedDatabase(dbPath);
	try {
		const result = rollForward(db, { userId: null, name: `nuovo anno da riga di comando (utente di sistema ${os.userInfo().username})` }, { from, to, onlyMissing: options['solo-mancanti'] === true });
		if (!result.ok) {
			console.error(`Errore: ${result.message}`);
			return 1;
		}
		const c = result.created;
		console.log(`Piano ${to} ${c.plan ? 'creato' : 'completato'} da quello del ${from} (${dbPath}):`);
		console.log(`  obiettivi ${c.objectives}, assegnazioni ${c.assignments}, fasi ${c.phases}, indicatori ${c.indicators}, valori pubblici ${c.publicValues}, CdR ${c.centres}`);
		if (c.plan) console.log(`  regole di valutazione copiate dal ${from} (modificabili con npm run regole)`);
		console.log('  nessun valore copiato; l’operazione è nel registro delle modifiche.');
		return 0;
	} finally {
		await db.close();
	}
});
