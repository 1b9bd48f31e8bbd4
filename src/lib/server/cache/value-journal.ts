/**
 * Which objectives the server's own value writes touched, between two data revisions.
 *
 * Every write moves the data revision (data-revision.ts), and everything computed from the data is
 * dropped. For the evaluation of a whole plan (23.300 indicators at 100 times the shipped plan) that
 * is the price of a single saved value. A value write, though, changes only the values of a few
 * objectives: recorded here with the revisions before and after it, it lets the evaluation carry its
 * results over to the new revision by recomputing those objectives alone.
 *
 * The chain must be complete: from the revision a result was computed at to the current one, every
 * step must be a recorded value write (or a write outside the plan, such as a session, which touches
 * no objective). Anything else in between (an import by the CLI, a target changed, a date closed)
 * breaks it, and the evaluation is done in full: never stale.
 */
import type { Db } from '../db/database';
import { dataRevision } from './data-revision';

interface Step {
	from: string;
	to: string;
	objectiveIds: ReadonlySet<number>;
}

/** Enough for the writes between two reads of a busy campaign; older steps are never needed. */
const MAX_STEPS = 256;
const journals = new WeakMap<Db['sqlite'], Step[]>();

/**
 * Runs a synchronous write that changes nothing but values (measurement rows, with their audit lines
 * and evidence files) of the objectives it reports through `touch`. If it throws, nothing is recorded.
 */
export function journaledValueWrite<T>(db: Db, write: (touch: (objectiveId: number) => void) => T): T {
	const from = dataRevision(db);
	const touched = new Set<number>();
	const result = write((id) => touched.add(id));
	const to = dataRevision(db);
	// Another connection's commit moves data_version (the first part): then this step is not only ours.
	if (from !== to && versionOf(from) === versionOf(to)) {
		let steps = journals.get(db.sqlite);
		if (!steps) journals.set(db.sqlite, (steps = []));
		steps.push({ from, to, objectiveIds: touched });
		if (steps.length > MAX_STEPS) steps.splice(0, steps.length - MAX_STEPS);
	}
	return result;
}

/**
 * Runs a synchronous write that changes nothing any evaluation reads: a session opened or closed, a
 * failed sign-in counted. Recorded as a step that touched no objective, so that signing in during a
 * campaign does not throw away every evaluation kept so far.
 */
export function journaledWriteOutsideThePlan<T>(db: Db, write: () => T): T {
	return journaledValueWrite(db, () => write());
}

/** The objectives whose values changed from `from` to `to`, or null when recorded writes do not explain the whole way. */
export function objectivesChangedBetween(db: Db, from: string, to: string): Set<number> | null {
	const steps = journals.get(db.sqlite);
	if (!steps) return null;
	const changed = new Set<number>();
	let at = from;
	// Steps are in order; each must start exactly where the previous one ended.
	for (let i = steps.findIndex((s) => s.from === from); i >= 0 && i < steps.length && at !== to; i++) {
		const step = steps[i];
		if (step.from !== at) return null;
		for (const id of step.objectiveIds) changed.add(id);
		at = step.to;
	}
	return at === to ? changed : null;
}

function versionOf(revision: string): string {
	return revision.slice(0, revision.indexOf('.'));
}

/**
 * A memo's carry for values that value writes cannot change (a plan's rules, its lists of directors):
 * kept as they are across a chain of recorded value writes, dropped otherwise.
 */
export function keptOverValueWrites<V>(db: Db, from: string, to: string, entries: Array<[string, V]>): Array<[string, V]> {
	return objectivesChangedBetween(db, from, to) ? entries : [];
}
