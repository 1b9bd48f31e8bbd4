/**
 * A least-recently-used map bounded by the total weight of its values (bytes, rows…), not by their
 * count: one overview at scale 100 weighs as much as a thousand small pages.
 */
export class WeightedLru<K, V> {
	#entries = new Map<K, { value: V; weight: number }>();
	#weight = 0;

	constructor(
		readonly maxWeight: number,
		private readonly weigh: (value: V) => number
	) {}

	get(key: K): V | undefined {
		const entry = this.#entries.get(key);
		if (!entry) return undefined;
		// Map keeps insertion order: re-inserting marks the entry as the most recently used.
		this.#entries.delete(key);
		this.#entries.set(key, entry);
		return entry.value;
	}

	/** Stores the value unless it alone is heavier than the whole cache; evicts the oldest to make room. */
	set(key: K, value: V): void {
		const weight = this.weigh(value);
		this.delete(key);
		if (weight > this.maxWeight) return;
		this.#entries.set(key, { value, weight });
		this.#weight += weight;
		for (const [oldest, entry] of this.#entries) {
			if (this.#weight <= this.maxWeight) break;
			this.#entries.delete(oldest);
			this.#weight -= entry.weight;
		}
	}

	delete(key: K): void {
		const entry = this.#entries.get(key);
		if (entry) {
			this.#entries.delete(key);
			this.#weight -= entry.weight;
		}
	}

	clear(): void {
		this.#entries.clear();
		this.#weight = 0;
	}

	/** Every entry, oldest first, without marking any as used. */
	*entries(): IterableIterator<[K, V]> {
		for (const [key, entry] of this.#entries) yield [key, entry.value];
	}

	get size(): number {
		return this.#entries.size;
	}

	get weight(): number {
		return this.#weight;
	}
}
