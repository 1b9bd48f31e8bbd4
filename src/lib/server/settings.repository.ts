import type { Db } from './db/database';
import { DEFAULT_COVERAGE, type CoverageSettings } from '../coverage';

/* The achievement rules are per plan year: rules.repository.ts (the old global key `achievement` is
   read there only as the fallback of a plan without rules of its own). */

const COVERAGE_KEY = 'copertura';

/**
 * The minimum share of an aggregate's objectives that must have a score before public pages show it as
 * a percentage (key `copertura`, JSON `{"minShare": 0.5}`); the default is half.
 */
export async function getCoverageSettings(db: Db): Promise<CoverageSettings> {
	const row = await db.kysely.selectFrom('setting').select('value').where('key', '=', COVERAGE_KEY).executeTakeFirst();
	if (!row) return DEFAULT_COVERAGE;
	const stored = JSON.parse(row.value) as Partial<CoverageSettings>;
	const minShare = Number(stored.minShare);
	return Number.isFinite(minShare) && minShare >= 0 && minShare <= 1 ? { minShare } : DEFAULT_COVERAGE;
}
