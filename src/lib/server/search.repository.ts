import { sql } from 'kysely';
import { toFtsQuery } from '../search-query';
import type { Db } from './db/database';

export interface SearchHit {
	kind: 'obiettivo' | 'fase' | 'indicatore';
	objectiveCode: string;
	objectiveTitle: string;
	director: string;
	snippet: string;
}

/** Full-text search over the objectives, phases and indicators of one plan, best matches first. */
export async function searchPlan(db: Db, planId: number, input: string, limit = 50): Promise<{ total: number; hits: SearchHit[] }> {
	const match = toFtsQuery(input);
	if (!match) return { total: 0, hits: [] };
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
	return { total: total.rows[0]?.n ?? 0, hits: hits.rows };
}
