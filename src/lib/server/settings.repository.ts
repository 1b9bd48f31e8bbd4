import { DEFAULT_SETTINGS, type AchievementSettings } from '../achievement/achievement';
import type { Db } from './db/database';
import type { Row } from './db/schema';
import { DEFAULT_COVERAGE, type CoverageSettings } from '../coverage';

const KEY = 'achievement';

/** The achievement rules in force: the stored ones over the defaults (90 % / 60 %, cap 100 %, no bands). */
export async function getAchievementSettings(db: Db): Promise<AchievementSettings> {
	const row = await db.kysely.selectFrom('setting').select('value').where('key', '=', KEY).executeTakeFirst();
	if (!row) return DEFAULT_SETTINGS;
	return { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<AchievementSettings>) };
}

/**
 * The same rules, read synchronously: for checks made inside a better-sqlite3 transaction (whether a
 * value needs a justification), which must judge by the rules in force, not the defaults.
 */
export function readAchievementSettings(db: Db): AchievementSettings {
	const row = db.sqlite.prepare('SELECT value FROM setting WHERE key = ?').get(KEY) as Row<'setting', 'value'> | undefined;
	return row ? { ...DEFAULT_SETTINGS, ...(JSON.parse(row.value) as Partial<AchievementSettings>) } : DEFAULT_SETTINGS;
}

export async function saveAchievementSettings(db: Db, settings: Partial<AchievementSettings>): Promise<void> {
	const merged = { ...(await getAchievementSettings(db)), ...settings };
	if (!(merged.atRisk >= 0 && merged.atRisk <= merged.onTrack && merged.onTrack <= 1)) {
		throw new Error('Soglie non valide: serve 0 ≤ soglia di rischio ≤ soglia «in linea» ≤ 100 %');
	}
	if (!(merged.cap >= 1)) throw new Error('Il tetto del punteggio non può essere inferiore al 100 %');
	await db.kysely
		.insertInto('setting')
		.values({ key: KEY, value: JSON.stringify(merged) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(merged) }))
		.execute();
}

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
