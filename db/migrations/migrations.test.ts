import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from './index';
import { freshDb } from '../../src/lib/server/testing/db';

describe('migrations', () => {
	it('the static map lists exactly the migration files in the folder, in name order', () => {
		const dir = path.dirname(new URL(import.meta.url).pathname);
		const files = fs
			.readdirSync(dir)
			.filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts'))
			.map((f) => f.replace(/\.ts$/, ''))
			.sort();
		expect(Object.keys(migrations)).toEqual(files);
	});

	it('migrate a new database with foreign keys enforced', async () => {
		const db = await freshDb();
		try {
			expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
			const tables = db.sqlite
				.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'search_index_%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
				.pluck()
				.all();
			expect(tables).toEqual([
				'audit_log', 'change_log', 'change_log_pause', 'director', 'evidence_file', 'indicator', 'login_failure', 'measurement', 'monitoring_period', 'objective', 'objective_assignment', 'phase', 'phase_progress', 'plan', 'plan_rules',
				'public_value', 'reminder', 'responsibility_centre', 'search_index', 'session', 'setting', 'user'
			]);
			expect(() => db.sqlite.prepare('INSERT INTO phase (objective_id, number, description) VALUES (999, 1, ?)').run('x')).toThrow(/FOREIGN KEY/);
		} finally {
			await db.close();
		}
	});
});
