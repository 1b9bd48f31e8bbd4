/**
 * Values computed from the database, kept while its data revision token (data-revision.ts) stays the
 * same, and all dropped the moment it moves: never stale, and never a second copy of old results.
 * One store per connection; bounded by the total weight of its values.
 *
 * A memo may `carry` values across a revision change when it can bring them up to date exactly and
 * cheaply (the evaluation does, after a value write: value-journal.ts); what it does not return is dropped.
 */
import type { Db } from '../db/database';
import { dataRevision } from './data-revision';
import { WeightedLru } from './weighted-lru';

export class RevisionMemo<V> {
	#stores = new WeakMap<Db['sqlite'], { revision: string; values: WeightedLru<string, V> }>();

	constructor(
		private readonly maxWeight: number,
		private readonly weigh: (value: V) => number,
		private readonly carry?: (db: Db, from: string, to: string, entries: Array<[string, V]>) => Array<[string, V]>
	) {}

	/**
	 * The values computed at the current revision (one read of the token). A value computed across an
	 * `await` is stored only if no request has seen a newer revision meanwhile: a result that may have
	 * read older data never lands among the newer ones.
	 */
	current(db: Db): { get(key: string): V | undefined; set(key: string, value: V): void } {
		const revision = dataRevision(db);
		let store = this.#stores.get(db.sqlite);
		if (!store) this.#stores.set(db.sqlite, (store = { revision, values: new WeightedLru(this.maxWeight, this.weigh) }));
		if (store.revision !== revision) {
			const carried = this.carry && store.values.size > 0 ? this.carry(db, store.revision, revision, [...store.values.entries()]) : [];
			store.values.clear();
			store.revision = revision;
			for (const [key, value] of carried) store.values.set(key, value);
		}
		const current = store;
		return {
			get: (key) => current.values.get(key),
			set: (key, value) => {
				if (current.revision === revision) current.values.set(key, value);
			}
		};
	}
}
