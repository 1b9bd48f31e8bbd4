import nodemailer from 'nodemailer';
import { databasePathFromEnv, openMigratedDatabase } from '../lib/server/db/database';
import { mailSettingsFromEnv, planReminders, sendReminders } from '../lib/server/reminders.service';
import { parseArgs, runCli } from './args';

const USAGE = `Uso: npm run promemoria -- [--dry-run] [--db <percorso>]

Manda per e-mail a ogni dirigente che ha valori mancanti, in bozza o restituiti su una data di
monitoraggio aperta un solo messaggio con l'elenco e i collegamenti: prima della scadenza e, passata
la scadenza, come sollecito. Pensato per un'esecuzione pianificata (es. cron ogni lunedì); nello
stesso giorno non manda due volte lo stesso promemoria allo stesso dirigente.

  --dry-run   elenca cosa manderebbe, senza mandare nulla

Variabili: SMTP_URL (es. smtp://host:587 o smtps://utente:password@host:465), SMTP_USER e
SMTP_PASSWORD (credenziali, se non sono nell'indirizzo), MAIL_FROM (mittente), ORIGIN (indirizzo
pubblico del cruscotto, per i collegamenti; predefinito http://localhost:3000).`;

await runCli(USAGE, async () => {
	const { options } = parseArgs(process.argv.slice(2), ['db']);
	if (options.help) {
		console.log(USAGE);
		return 0;
	}
	const dryRun = options['dry-run'] === true;
	const mail = mailSettingsFromEnv();
	if (!mail.ok && !dryRun) {
		console.error(`La posta non è configurata (manca ${mail.missing.join(' e ')}): nessun promemoria inviato. Con --dry-run si vede cosa verrebbe mandato.`);
		return 1;
	}
	const baseUrl = (process.env.ORIGIN?.trim() || `http://localhost:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
	const db = await openMigratedDatabase(typeof options.db === 'string' ? options.db : databasePathFromEnv());
	try {
		const plan = planReminders(db, { baseUrl });
		for (const w of plan.withoutEmail) {
			console.log(`Senza indirizzo e-mail: ${w.directorName} (${w.owed} valori al ${w.date}) — npm run users -- email ${w.usernames[0] ?? '<utente>'} <indirizzo>`);
		}
		for (const a of plan.alreadySent) console.log(`Già avvisato oggi: ${a.directorName} per il ${a.date}.`);
		if (plan.planned.length === 0) {
			console.log('Nessun promemoria da mandare.');
			return 0;
		}
		if (dryRun) {
			for (const r of plan.planned) console.log(`Manderebbe a ${r.directorName} <${r.recipients.join(', ')}>: «${r.subject}» (${r.missing} da inserire, ${r.returned} restituiti)`);
			console.log(`${plan.planned.length} promemoria da mandare (prova: nessuno inviato).`);
			return 0;
		}
		if (!mail.ok) return 1;
		const transport = nodemailer.createTransport(mail.url);
		const { sent, failed } = await sendReminders(db, transport, mail.from, plan.planned);
		for (const r of sent) console.log(`Inviato a ${r.directorName} <${r.recipients.join(', ')}>: «${r.subject}»`);
		for (const f of failed) console.error(`Non inviato a ${f.reminder.directorName} <${f.reminder.recipients.join(', ')}>: ${f.error}`);
		console.log(`${sent.length} promemoria inviati${failed.length > 0 ? `, ${failed.length} non riusciti` : ''}.`);
		transport.close();
		return failed.length > 0 ? 1 : 0;
	} finally {
		await db.close();
	}
});
