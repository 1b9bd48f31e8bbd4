/**
 * Reminders by e-mail: for each open monitoring date, each director who still owes values (missing,
 * only in draft, or returned) and phase reports due (campaign.ts, PHASES_DUE_RULE) gets one message
 * listing them. Planning reads the database (four
 * queries per open date); sending goes through any nodemailer transport and records each message
 * sent, in its own transaction, so a failure half-way keeps the record of what did go out.
 */
import type { Transporter } from 'nodemailer';
import type { Db } from './db/database';
import { OWNER_SQL } from './ownership';
import { daysBetween } from '../campaign';
import { todayInItaly } from '../monitoring-dates';
import { composeReminder, reminderKind, type PhaseReminderItem, type ReminderItem, type ReminderKind } from '../reminders';
import { DUE_PHASES_FROM } from './campaign.repository';

export interface PlannedReminder {
	planId: number;
	date: string;
	dueDate: string | null;
	kind: ReminderKind;
	directorId: number;
	directorName: string;
	userId: number;
	recipients: string[];
	subject: string;
	text: string;
	missing: number;
	returned: number;
}

export interface ReminderPlan {
	planned: PlannedReminder[];
	/** Directors who owe values but have no account with an e-mail address. */
	withoutEmail: Array<{ date: string; directorName: string; usernames: string[]; owed: number }>;
	/** Already reminded today about the same date and in the same way: not sent twice. */
	alreadySent: Array<{ date: string; directorName: string }>;
}

export function planReminders(db: Db, options: { today?: string; baseUrl: string }): ReminderPlan {
	const today = options.today ?? todayInItaly();
	const s = db.sqlite;
	const periods = s
		.prepare(`SELECT p.id AS planId, p.year, p.body, mp.date, mp.due_date AS dueDate FROM monitoring_period mp JOIN plan p ON p.id = mp.plan_id WHERE mp.state = 'aperto' ORDER BY p.year, mp.date`)
		.all() as Array<{ planId: number; year: number; body: string; date: string; dueDate: string | null }>;
	const accounts = s.prepare(`SELECT id, username, email, director_id FROM user WHERE role = 'dirigente' AND disabled = 0 ORDER BY id`).all() as Array<{
		id: number;
		username: string;
		email: string | null;
		director_id: number;
	}>;
	const owedStmt = s.prepare(
		`SELECT d.id AS directorId, d.name AS directorName, i.code AS indicatorCode, i.description, o.code AS objectiveCode,
		        CASE WHEN m.id IS NULL THEN 'mancante' ELSE m.state END AS state, m.review_comment AS comment
		 FROM indicator i JOIN objective o ON o.id = i.objective_id JOIN director d ON d.id = ${OWNER_SQL}
		 LEFT JOIN measurement m ON m.indicator_id = i.id AND m.date = ?
		 WHERE o.plan_id = ? AND (m.id IS NULL OR m.state IN ('bozza', 'restituito'))
		 ORDER BY d.name, o.position, i.position`
	);
	// The phase reports due and not sent, by the same rule as the campaign's figures.
	const owedPhasesStmt = s.prepare(
		`SELECT d.id AS directorId, d.name AS directorName, o.code AS objectiveCode, f.number, f.description,
		        CASE WHEN pp.id IS NULL THEN 'mancante' ELSE pp.state END AS state, pp.review_comment AS comment
		 ${DUE_PHASES_FROM} AND (pp.id IS NULL OR pp.state IN ('bozza', 'restituito'))
		 ORDER BY d.name, o.position, f.number`
	);
	const sentStmt = s.prepare('SELECT director_id, kind, sent_at FROM reminder WHERE plan_id = ? AND period_date = ? ORDER BY id DESC LIMIT 1000');
	const plan: ReminderPlan = { planned: [], withoutEmail: [], alreadySent: [] };

	for (const p of periods) {
		const daysLeft = p.dueDate ? daysBetween(today, p.dueDate) : null;
		const kind = reminderKind(daysLeft);
		const sentToday = new Set(
			(sentStmt.all(p.planId, p.date) as Array<{ director_id: number; kind: string; sent_at: string }>)
				.filter((r) => r.kind === kind && todayInItaly(new Date(r.sent_at)) === today)
				.map((r) => r.director_id)
		);
		const byDirector = new Map<number, { name: string; items: ReminderItem[]; phases: PhaseReminderItem[] }>();
		const entryOf = (id: number, name: string) => {
			const entry = byDirector.get(id) ?? { name, items: [], phases: [] };
			byDirector.set(id, entry);
			return entry;
		};
		for (const row of owedStmt.all(p.date, p.planId) as Array<ReminderItem & { directorId: number; directorName: string }>) {
			entryOf(row.directorId, row.directorName).items.push({ indicatorCode: row.indicatorCode, description: row.description, objectiveCode: row.objectiveCode, state: row.state, comment: row.comment });
		}
		for (const row of owedPhasesStmt.all({ date: p.date, plan: p.planId }) as Array<PhaseReminderItem & { directorId: number; directorName: string }>) {
			entryOf(row.directorId, row.directorName).phases.push({ objectiveCode: row.objectiveCode, number: row.number, description: row.description, state: row.state, comment: row.comment });
		}
		for (const [directorId, { name, items, phases }] of [...byDirector].sort((a, b) => (a[1].name < b[1].name ? -1 : a[1].name > b[1].name ? 1 : 0))) {
			const own = accounts.filter((a) => a.director_id === directorId);
			const withEmail = own.filter((a) => a.email);
			if (withEmail.length === 0) {
				plan.withoutEmail.push({ date: p.date, directorName: name, usernames: own.map((a) => a.username), owed: items.length + phases.length });
				continue;
			}
			if (sentToday.has(directorId)) {
				plan.alreadySent.push({ date: p.date, directorName: name });
				continue;
			}
			const message = composeReminder({ directorName: name, body: p.body, year: p.year, date: p.date, dueDate: p.dueDate, kind, daysLeft, items, phases, baseUrl: options.baseUrl });
			plan.planned.push({
				planId: p.planId,
				date: p.date,
				dueDate: p.dueDate,
				kind,
				directorId,
				directorName: name,
				userId: withEmail[0].id,
				recipients: [...new Set(withEmail.map((a) => a.email!))],
				...message
			});
		}
	}
	return plan;
}

/** Sends each planned reminder; records those the server accepted. Returns what failed, with why. */
export async function sendReminders(db: Db, transport: Transporter, from: string, planned: PlannedReminder[]): Promise<{ sent: PlannedReminder[]; failed: Array<{ reminder: PlannedReminder; error: string }> }> {
	const record = db.sqlite.prepare(
		'INSERT INTO reminder (sent_at, plan_id, period_date, user_id, director_id, recipient, kind, missing, returned, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const sent: PlannedReminder[] = [];
	const failed: Array<{ reminder: PlannedReminder; error: string }> = [];
	for (const r of planned) {
		try {
			await transport.sendMail({ from, to: r.recipients, subject: r.subject, text: r.text });
		} catch (e) {
			failed.push({ reminder: r, error: e instanceof Error ? e.message : String(e) });
			continue;
		}
		record.run(new Date().toISOString(), r.planId, r.date, r.userId, r.directorId, r.recipients.join(', '), r.kind, r.missing, r.returned, r.subject);
		sent.push(r);
	}
	return { sent, failed };
}

/**
 * The mail settings from the environment, or why mail is not configured. Credentials may sit in the
 * URL (smtps://user:password@host) or in SMTP_USER / SMTP_PASSWORD, which then go into the URL.
 */
export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): { ok: true; url: string; from: string } | { ok: false; missing: string[] } {
	const missing = ['SMTP_URL', 'MAIL_FROM'].filter((k) => !env[k]?.trim());
	if (missing.length > 0) return { ok: false, missing };
	const url = new URL(env.SMTP_URL!.trim());
	if (env.SMTP_USER) {
		url.username = encodeURIComponent(env.SMTP_USER);
		url.password = encodeURIComponent(env.SMTP_PASSWORD ?? '');
	}
	return { ok: true, url: url.toString(), from: env.MAIL_FROM!.trim() };
}
