import { sql } from 'kysely';
import { toFtsQuery } from '../search-query';
import type { Db } from './db/database';
import { RevisionMemo } from './cache/revision-memo';
import { keptOverValueWrites } from './cache/value-journal';

export interface SearchHit {
	kind: 'obiettivo' | 'fase' | 'indicatore';
	objectiveCode: string;
	objectiveTitle: string;
	director: string;
	snippet: string;
}

type SearchResult = { total: number; hits: SearchHit[] };

/**
 * Results kept per data revision and carried over value writes: the index holds the texts of objectives,
 * phases and indicators, which a saved value or a phase report never changes (value-journal.ts). During
 * a campaign the same searches are asked again between writes; the two full-text statements cost more
 * than the page's whole render at 100 times the shipped plan. Weighed by hits; any other write drops them.
 */
const results = new RevisionMemo<Readonly<SearchResult>>(5_000, (r) => 1 + r.hits.length, keptOverValueWrites);

/** Full-text search over the objectives, phases and indicators of one plan, best matches first. */
export async function searchPlan(db: Db, planId: number, input: string, limit = 50): Promise<Readonly<SearchResult>> {
	const match = toFtsQuery(input);
	if (!match) return { total: 0, hits: [] };
	const memo = results.current(db);
	const key = `${planId}|${limit}|${match}`;
	const known = memo.get(key);
	if (known) return known;
	const found = await searchInIndex(db, planId, match, limit);
	memo.set(key, found);
	return found;
}

async function searchInIndex(db: Db, planId: number, match: string, limit: number): Promise<Readonly<SearchResult>> {
	const [hits, total] = await Promise.all([
		sql<SearchHit>`
			SELECT s.kind AS kind, o.code AS objectiveCode, o.title AS objectiveTitle, d.name AS director,
				snippet(search_index, -1, char(1), char(2), '…', 18) AS snippet
			FROM search_index s
			JOIN objective o ON o.id = s.objective_id
			JOIN director d ON d.id = o.director_id
			WHERE search_index MATCH ${match} AND o.plan_id = ${planId}
			ORDER BY bm25(search_index, 0, 0, 4, 1)
			LIMIT ${limit}`.execute(db.kysely),
		sql<{ n: number }>`
			SELECT count(*) AS n FROM search_index s JOIN objective o ON o.id = s.objective_id
			WHERE search_index MATCH ${match} AND o.plan_id = ${planId}`.execute(db.kysely)
	]);
	return Object.freeze({ total: total.rows[0]?.n ?? 0, hits: Object.freeze(hits.rows.map((h) => Object.freeze(h))) as SearchHit[] });
}
