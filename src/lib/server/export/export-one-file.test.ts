/**
 * One interchange file asked by name (`/esporta/misurazioni.csv`, `/trasparenza/2022/fasi.csv`) reads
 * only what that file holds: the same text as in the full export, in two queries (the plan, the file's
 * rows) instead of seven; a name that is no file reads nothing but the plan. At 100 times the shipped
 * plan, the open-data rules file and every wrong name used to cost the whole export.
 */
import { describe, expect, it } from 'vitest';
import { exportFiles } from './export.service';
import { withQueryTally } from '../db/query-counter';
import { freshDb } from '../testing/db';
import { loadSmallPlan } from '../testing/small-plan';

describe('exporting one file by name', () => {
	it('gives the full export’s text for each file, reading only that file’s rows', async () => {
		const db = await freshDb();
		try {
			loadSmallPlan(db);
			const all = await withQueryTally(async (tally) => ({ files: await exportFiles(db), queries: tally.queries }));
			expect(all.files.map((f) => f.fileName)).toEqual(['piano.csv', 'obiettivi.csv', 'assegnazioni.csv', 'fasi.csv', 'indicatori.csv', 'misurazioni.csv', 'avanzamento_fasi.csv']);
			expect(all.queries).toBe(7);
			for (const full of all.files) {
				const one = await withQueryTally(async (tally) => ({ files: await exportFiles(db, { only: full.fileName }), queries: tally.queries }));
				expect(one.files).toEqual([full]);
				expect(one.queries, full.fileName).toBe(full.fileName === 'piano.csv' ? 1 : 2);
			}
			const none = await withQueryTally(async (tally) => ({ files: await exportFiles(db, { only: 'regole.txt' }), queries: tally.queries }));
			expect(none).toEqual({ files: [], queries: 1 });
		} finally {
			await db.close();
		}
	});
});
