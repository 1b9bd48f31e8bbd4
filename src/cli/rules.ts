import fs from 'node:fs';
import { databasePathFromEnv, openMigratedDatabase } from '../lib/server/db/database';
import { findPlan } from '../lib/server/plan.repository';
import { formatRulesDocument, parseRulesDocument } from '../lib/achievement/rules-document';
import { decodeText } from '../lib/interchange/dialect';
import { getPlanRules } from '../lib/server/rules.repository';
import { saveRules } from '../lib/server/rules.service';
import type { Actor } from '../lib/server/audit';
import { parseArgs, runCli, UsageError } from './args';
import { formatNumber } from '../lib/format';

const USAGE = `Uso: npm run regole -- <comando> <file> --anno <anno> [--db <percorso>]

  esporta <file> --anno N                  scrive in <file> le regole di misurazione del piano N
                                           (tutte, anche quelle predefinite, con un commento sulle scelte)
  importa <file> --anno N --motivo "…"     legge <file>, lo controlla e ne fa le regole del piano N;
                                           il motivo resta nel registro delle modifiche

Il formato è descritto in docs/regole.md. Un file con errori non cambia nulla: ogni errore è
riportato come file:riga: campo: messaggio. Le regole di un anno con date validate sono bloccate.`;

const MAX_BYTES = 1024 * 1024;
const ACTOR: Actor = { userId: null, name: `riga di comando (${process.env.USER ?? 'utente di sistema'})` };

await runCli(USAGE, async () => {
	const { positional, options } = parseArgs(process.argv.slice(2), ['db', 'anno', 'motivo']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	const [command, file] = positional;
	if (command !== 'esporta' && command !== 'importa') throw new UsageError(command ? `comando sconosciuto «${command}»` : 'indicare esporta o importa');
	if (!file || positional.length !== 2) throw new UsageError('indicare un solo file');
	if (typeof options.anno !== 'string' || !/^\d{4}$/.test(options.anno)) throw new UsageError('indicare --anno con un anno di quattro cifre');
	const year = Number(options.anno);
	const dbPath = typeof options.db === 'string' ? options.db : databasePathFromEnv();
	if (!fs.existsSync(dbPath)) throw new UsageError(`${dbPath}: database inesistente`);

	let text = '';
	if (command === 'importa') {
		if (typeof options.motivo !== 'string' || !options.motivo.trim()) throw new UsageError('indicare --motivo "…": ogni cambio di regole resta nel registro con il suo motivo');
		if (!fs.existsSync(file)) throw new UsageError(`${file}: file inesistente`);
		const bytes = fs.readFileSync(file);
		if (bytes.length > MAX_BYTES) {
			console.error(`${file}: file troppo grande (${formatNumber(bytes.length)} byte, al massimo 1 MB)`);
			return 1;
		}
		const decoded = decodeText(bytes);
		if ('error' in decoded) {
			console.error(`${file}:${decoded.error.line}: ${decoded.error.message}`);
			return 1;
		}
		text = decoded.text;
	}

	const db = await openMigratedDatabase(dbPath);
	try {
		const plan = await findPlan(db, year);
		if (!plan) {
			console.error(`Nessun piano per l’anno ${year}`);
			return 1;
		}
		if (command === 'esporta') {
			const stored = await getPlanRules(db, plan.id);
			fs.writeFileSync(file, formatRulesDocument(stored, year));
			console.log(`${file}: regole del piano ${year}${stored.stored ? '' : ' (predefinite: il piano non ne ha di proprie)'}`);
			return 0;
		}
		const parsed = parseRulesDocument(text);
		if (!parsed.ok) {
			for (const p of parsed.problems) console.error(`${file}:${p.line}: ${p.field}: ${p.message}`);
			console.error(`${parsed.problems.length} errori: nessuna regola cambiata.`);
			return 1;
		}
		const saved = saveRules(db, ACTOR, plan, parsed.document, options.motivo as string, 'regole importate');
		if (!saved.ok) {
			// Problems only the plan can reveal (an indicator it does not have, the lock): said against the file.
			for (const p of saved.problems) {
				const at = parsed.where(p.path);
				console.error(p.path === 'lock' || p.path === 'reason' ? `${file}: ${p.message}` : `${file}:${at.line}: ${at.field}: ${p.message}`);
			}
			console.error('Nessuna regola cambiata.');
			return 1;
		}
		console.log(saved.unchanged ? `Le regole del piano ${year} erano già quelle di ${file}: nulla è cambiato.` : `Regole del piano ${year} importate da ${file}.`);
		return 0;
	} finally {
		await db.close();
	}
});
