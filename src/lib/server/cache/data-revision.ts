/**
 * A token that changes whenever the database's content may have changed, so that anything computed
 * from the data can be reused, exactly, until then. Two counters, read in one statement (≈2 µs):
 *
 * - `total_changes()`: rows inserted, updated or deleted through this connection since it was opened
 *   (the server's own writes: values entered, reviews, targets, sessions);
 * - `PRAGMA data_version`: bumped when another connection commits (the CLI's import, `npm run users`,
 *   `esempi:rimuovi`, a second server process on the same file).
 *
 * Both only grow, so a token never comes back once the data has moved on: a result stored under an old
 * token can never be served again. A rolled-back write still bumps the token, which only costs a miss.
 */
import type { Db } from '../db/database';
import { runRaw } from '../db/raw-query';

export function dataRevision(db: Db): string {
	const [[changes, version]] = runRaw<[number, number]>(db, 'SELECT total_changes(), data_version FROM pragma_data_version', []);
	return `${version}.${changes}`;
}
