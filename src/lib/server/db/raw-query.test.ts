/**
 * runRaw's `repeated` columns: equal texts of those columns share one string, so results the server keeps
 * (a plan's evaluation, its phases, its trends) do not hold one copy of a parent's title per child row.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './database';
import { runRaw, shareRepeatedTexts } from './raw-query';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap held by what `make` returns, after full collections. */
function heldBytes(make: () => unknown): { bytes: number; value: unknown } {
	gc();
	gc();
	const before = process.memoryUsage().heapUsed;
	const value = make();
	gc();
	gc();
	return { bytes: process.memoryUsage().heapUsed - before, value };
}

const ROWS = 40_000;
const QUERY = 'SELECT id, title, note FROM child ORDER BY id';

let db: Db | null = null;
afterEach(async () => {
	await db?.close();
	db = null;
});

function childRows(): Db {
	const d = openDatabase(':memory:');
	d.sqlite.exec('CREATE TABLE child (id INTEGER PRIMARY KEY, title TEXT, note TEXT)');
	const insert = d.sqlite.prepare('INSERT INTO child (title, note) VALUES (?, ?)');
	d.sqlite.transaction(() => {
		// Five parents' titles of 200 characters, each on 8.000 rows (as an objective's title is on each of its
		// phases); a note of its own on every row, and some rows without a title.
		for (let i = 0; i < ROWS; i++) insert.run(i % 97 === 0 ? null : `Obiettivo ${i % 5}: ` + 'riqualificazione della rete viaria '.repeat(6), `nota ${i}`);
	})();
	return d;
}

describe('runRaw con colonne ripetute', () => {
	it('le righe sono le stesse, e i testi ripetuti pesano una volta sola', () => {
		db = childRows();
		const plain = heldBytes(() => runRaw<[number, string | null, string]>(db!, QUERY, []));
		const shared = heldBytes(() => runRaw<[number, string | null, string]>(db!, QUERY, [], [1]));
		expect(shared.value).toEqual(plain.value);
		expect((shared.value as unknown[]).length).toBe(ROWS);
		// A fresh copy per row: 40.000 × ~220 bytes ≈ 8,8 MB of titles. Shared: five strings.
		expect(plain.bytes - shared.bytes).toBeGreaterThan(ROWS * 200 * 0.8);
	});

	it('solo le colonne indicate, e un valore che non è testo resta com’è', () => {
		const a = 'x'.repeat(30);
		const rows = [
			[1, a, 'nota', 7],
			[2, 'x'.repeat(30), 'nota', 7],
			[3, null, 'altra', 8]
		];
		shareRepeatedTexts(rows, [1, 3]);
		expect(rows).toEqual([
			[1, a, 'nota', 7],
			[2, a, 'nota', 7],
			[3, null, 'altra', 8]
		]);
	});
});
