/**
 * A token that changes whenever the database's content may have changed, so that anything computed
 * from the data can be reused, exactly, until then. Three numbers, read in one statement (one snapshot):
 *
 * - `PRAGMA data_version`: bumped when another connection commits (the CLI's import, `npm run users`,
 *   `esempi:rimuovi`, a second server process on the same file);
 * - `total_changes()`: rows inserted, updated or deleted through this connection since it was opened
 *   (the server's own writes: values entered, reviews, targets, sessions);
 * - the change log's position (max(seq) of change_log, change-log.ts): where a later token's changes
 *   start, so that value-journal.ts can tell which objectives moved in between, whoever wrote them.
 *
 * The first two only grow, so a token never comes back once the data has moved on: a result stored
 * under an old token can never be served again. A rolled-back write still bumps the token, which only
 * costs a miss.
 */
import type { Db } from '../db/database';
import { runRaw } from '../db/raw-query';

export function dataRevision(db: Db): string {
	const [[version, changes, logged]] = runRaw<[number, number, number]>(db, 'SELECT data_version, total_changes(), (SELECT max(seq) FROM change_log) FROM pragma_data_version', []);
	// Inside a transaction of this connection the log may hold rows a rollback will take back, and their
	// positions would then be given to other changes: such a token has no position, and nothing is
	// carried from it (the memo that read it starts again once the transaction is over).
	return db.sqlite.inTransaction ? `${version}.${changes}.-` : `${version}.${changes}.${logged}`;
}

/** The change log's position a token was read at (NaN for one read inside a transaction). */
export function logPositionOf(revision: string): number {
	return Number(revision.slice(revision.lastIndexOf('.') + 1));
}
