/**
 * Which objectives' values changed between two data revisions, whoever changed them.
 *
 * Every write moves the data revision (data-revision.ts), and everything computed from the data is
 * dropped. For the evaluation of a whole plan (23.300 indicators at 100 times the shipped plan) that
 * is the price of a single saved value. A value write, though, changes only the values of a few
 * objectives: the change log (change-log.ts), written by triggers for every connection (the server's
 * forms, the CLI's import, a second process), says which, and lets the evaluation carry its results
 * over to the new revision by recomputing those objectives alone.
 *
 * Anything else that a carried result reads (a target changed, a date closed, an objective imported)
 * logs a structural change instead, and the evaluation is done in full: never stale. Writes to tables
 * no carried result reads (a session, a failed sign-in) log nothing, and everything is kept.
 */
import type { Db } from '../db/database';
import { runRaw } from '../db/raw-query';
import { STRUCTURAL_CHANGE } from './change-log';
import { logPositionOf } from './data-revision';

/**
 * The objectives whose values changed from `from` to `to`, or null when something else changed too.
 *
 * The log keeps one row per objective, moved to the end at each change, so the rows after `from`'s
 * position are every objective changed since, possibly a few more changed after `to` (another process
 * may commit between two statements): recomputing those too costs a little, never exactness.
 */
export function objectivesChangedBetween(db: Db, from: string, to: string): ReadonlySet<number> | null {
	const start = logPositionOf(from);
	const end = logPositionOf(to);
	if (!(start <= end)) return null; // not a later token of the same log: start again
	if (start === end) return NOTHING;
	// Every memo a request touches carries over the same change (one page: evaluations, trends, phases,
	// plan context, rules): the log is read once for them all. The answer for two positions never goes
	// out of date: whatever changed in between has its row after `start` from then on.
	let answers = recent.get(db.sqlite);
	if (!answers) recent.set(db.sqlite, (answers = new Map()));
	const key = `${start}-${end}`;
	if (answers.has(key)) return answers.get(key)!;
	let changed: Set<number> | null = new Set<number>();
	for (const [id] of runRaw<[number]>(db, 'SELECT objective_id FROM change_log WHERE seq > ?', [start])) {
		if (id === STRUCTURAL_CHANGE) {
			changed = null;
			break;
		}
		changed.add(id);
	}
	answers.set(key, changed);
	if (answers.size > 8) answers.delete(answers.keys().next().value!);
	return changed;
}

const NOTHING: ReadonlySet<number> = new Set();
const recent = new WeakMap<Db['sqlite'], Map<string, ReadonlySet<number> | null>>();

/**
 * A memo's carry for values that value writes cannot change (a plan's rules, its lists of directors):
 * kept as they are across value writes, dropped otherwise.
 */
export function keptOverValueWrites<V>(db: Db, from: string, to: string, entries: Array<[string, V]>): Array<[string, V]> {
	return objectivesChangedBetween(db, from, to) ? entries : [];
}
