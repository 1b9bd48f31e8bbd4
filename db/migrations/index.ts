import type { Migration } from 'kysely';
import * as initialSchema from './2026-11-23-001-initial-schema';
import * as settingsAndSearch from './2026-11-23-002-settings-and-search';
import * as accountsReviewAudit from './2026-11-23-003-accounts-review-audit';
import * as locksThatHold from './2026-11-30-001-locks-that-hold';
import * as campaignDeadlinesReminders from './2026-11-30-120-campaign-deadlines-reminders';
import * as planRules from './2026-11-30-300-plan-rules';
import * as codesPerPlanYear from './2026-11-30-400-codes-per-plan-year';
import * as sharedObjectives from './2026-11-30-410-shared-objectives';
import * as formulasAndDimensions from './2026-11-30-420-formulas-and-dimensions';
import * as phaseProgress from './2026-11-30-500-phase-progress';
import * as indicatorDirector from './2026-11-30-510-indicator-director';
import * as gradedValues from './2026-11-30-520-graded-values';
import * as objectivesForAllDirectors from './2026-11-30-520-objectives-for-all-directors';
import * as changeLog from './2026-11-30-600-change-log';

/**
 * Every migration, by name. A static map rather than a folder read at run time, because the server is
 * bundled by Vite and has no migrations folder beside it. A test checks the map against the folder.
 */
export const migrations: Record<string, Migration> = {
	'2026-11-23-001-initial-schema': initialSchema,
	'2026-11-23-002-settings-and-search': settingsAndSearch,
	'2026-11-23-003-accounts-review-audit': accountsReviewAudit,
	'2026-11-30-001-locks-that-hold': locksThatHold,
	'2026-11-30-120-campaign-deadlines-reminders': campaignDeadlinesReminders,
	'2026-11-30-300-plan-rules': planRules,
	'2026-11-30-400-codes-per-plan-year': codesPerPlanYear,
	'2026-11-30-410-shared-objectives': sharedObjectives,
	'2026-11-30-420-formulas-and-dimensions': formulasAndDimensions,
	'2026-11-30-500-phase-progress': phaseProgress,
	'2026-11-30-510-indicator-director': indicatorDirector,
	'2026-11-30-520-graded-values': gradedValues,
	'2026-11-30-520-objectives-for-all-directors': objectivesForAllDirectors,
	'2026-11-30-600-change-log': changeLog
};
