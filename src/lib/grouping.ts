/** Groups rows by a key, keeping the order in which keys first appear (the plan's own order). */
export function groupInOrder<T, K>(rows: T[], key: (row: T) => K): Array<{ key: K; items: T[] }> {
	return [...rowsByKey(rows, key)].map(([k, items]) => ({ key: k, items }));
}

/** Rows by key, for looking up each key's rows (Map.groupBy, which Node 20 lacks). */
export function rowsByKey<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const row of rows) {
		const k = key(row);
		let items = groups.get(k);
		if (!items) groups.set(k, (items = []));
		items.push(row);
	}
	return groups;
}

/** A stable, readable fragment id for a public value's section: `vp-benessere-socio-culturale`. */
export function publicValueAnchor(name: string): string {
	return (
		'vp-' +
		name
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
	);
}
