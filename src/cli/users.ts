import { databasePathFromEnv, openMigratedDatabase } from '../lib/server/db/database';
import type { Role } from '../lib/vocabulary';
import { createUser, listUsers, resetPassword, ROLE_LABELS, ROLES, setDisabled, setEmail, setRole, UserError } from '../lib/server/auth/users.repository';
import type { Actor } from '../lib/server/audit';
import { parseArgs, runCli, UsageError } from './args';

const USAGE = `Uso: npm run users -- <comando> [opzioni] [--db <percorso>]

  elenco                                   gli account, con ruolo e stato
  aggiungi <utente> --ruolo <ruolo> [--nome "Nome Cognome"] [--dirigente "Nome Cognome"]
                                           crea un account e ne stampa la password (una volta sola)
  ruolo <utente> --ruolo <ruolo> [--dirigente "Nome Cognome"]
                                           cambia ruolo (e dirigente collegato); chiude le sessioni aperte
  password <utente>                        reimposta la password e la stampa (una volta sola)
  disattiva <utente> | riattiva <utente>   blocca o sblocca l'accesso
  email <utente> <indirizzo>               l'indirizzo a cui vanno i promemoria ("" lo toglie)

Ruoli: ${ROLES.map((r) => `${r} (${ROLE_LABELS[r]})`).join(', ')}.
Un account "dirigente" va collegato a un dirigente del piano e scrive solo i propri indicatori.
Le password non si passano sulla riga di comando: sono generate a caso e mostrate una volta.`;

const ACTOR: Actor = { userId: null, name: `riga di comando (${process.env.USER ?? 'utente di sistema'})` };

await runCli(USAGE, async () => {
	const { positional, options } = parseArgs(process.argv.slice(2), ['db', 'ruolo', 'nome', 'dirigente']);
	const [command, username] = positional;
	if (options.help || !command) {
		console.log(USAGE);
		return command ? 0 : 2;
	}
	const db = await openMigratedDatabase(typeof options.db === 'string' ? options.db : databasePathFromEnv());
	const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : null);
	const needUser = () => {
		if (!username) throw new UsageError('indicare il nome utente');
		return username.toLowerCase();
	};
	try {
		switch (command) {
			case 'elenco':
				for (const u of listUsers(db)) {
					console.log(`${u.username.padEnd(26)} ${ROLE_LABELS[u.role].padEnd(22)} ${(u.director ?? '').padEnd(26)} ${u.email ?? '(senza e-mail)'}${u.disabled ? '  [disattivato]' : ''}`);
				}
				return 0;
			case 'aggiungi': {
				const role = text('ruolo') as Role | null;
				if (!role) throw new UsageError('indicare --ruolo');
				const name = needUser();
				const password = await createUser(db, { username: name, displayName: text('nome') ?? text('dirigente') ?? name, role, directorName: text('dirigente') }, ACTOR);
				console.log(`Account ${name} creato (${ROLE_LABELS[role]}). Password, mostrata solo ora: ${password}`);
				return 0;
			}
			case 'ruolo': {
				const role = text('ruolo') as Role | null;
				if (!role) throw new UsageError('indicare --ruolo');
				await setRole(db, needUser(), role, text('dirigente'), ACTOR);
				console.log(`Ruolo di ${username} cambiato in ${ROLE_LABELS[role]}; le sue sessioni aperte sono state chiuse.`);
				return 0;
			}
			case 'password': {
				const password = await resetPassword(db, needUser(), ACTOR);
				console.log(`Nuova password di ${username}, mostrata solo ora: ${password}`);
				return 0;
			}
			case 'disattiva':
			case 'riattiva':
				setDisabled(db, needUser(), command === 'disattiva', ACTOR);
				console.log(`Account ${username} ${command === 'disattiva' ? 'disattivato' : 'riattivato'}.`);
				return 0;
			case 'email': {
				const name = needUser();
				if (positional[2] === undefined) throw new UsageError('indicare l’indirizzo e-mail (oppure "" per toglierlo)');
				const email = setEmail(db, name, positional[2], ACTOR);
				console.log(email ? `E-mail di ${name}: ${email}. I promemoria andranno a questo indirizzo.` : `E-mail di ${name} tolta: non riceverà promemoria.`);
				return 0;
			}
			default:
				throw new UsageError(`comando sconosciuto: ${command}`);
		}
	} catch (e) {
		if (e instanceof UserError) throw new UsageError(e.message);
		throw e;
	} finally {
		await db.close();
	}
});
