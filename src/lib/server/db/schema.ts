import type { Generated, Insertable, Selectable } from 'kysely';
import type { Dimension, IndicatorType, MeasurementState, PeriodState, PhaseStatus, Polarity, ReminderKind, Role } from '../../vocabulary';

// The vocabulary lives in $lib/vocabulary; re-exported for the server code that reads it from here.
export type { Dimension, IndicatorType, MeasurementState, PeriodState, PhaseStatus, Polarity, ReminderKind, Role };

/** The database as the application sees it; written by hand to match db/migrations. */
export interface Database {
	plan: PlanTable;
	public_value: PublicValueTable;
	responsibility_centre: ResponsibilityCentreTable;
	director: DirectorTable;
	objective: ObjectiveTable;
	objective_assignment: ObjectiveAssignmentTable;
	phase: PhaseTable;
	phase_progress: PhaseProgressTable;
	indicator: IndicatorTable;
	measurement: MeasurementTable;
	setting: SettingTable;
	search_index: SearchIndexTable;
	user: UserTable;
	session: SessionTable;
	login_failure: LoginFailureTable;
	monitoring_period: MonitoringPeriodTable;
	evidence_file: EvidenceFileTable;
	audit_log: AuditLogTable;
	reminder: ReminderTable;
	plan_rules: PlanRulesTable;
	change_log: ChangeLogTable;
	change_log_pause: ChangeLogPauseTable;
}

export interface PlanTable {
	id: Generated<number>;
	year: number;
	body: string;
	title: string;
}

export interface PublicValueTable {
	id: Generated<number>;
	plan_id: number;
	name: string;
	position: number;
}

export interface ResponsibilityCentreTable {
	id: Generated<number>;
	plan_id: number;
	code: string;
	name: string;
}

export interface DirectorTable {
	id: Generated<number>;
	name: string;
}

export interface ObjectiveTable {
	id: Generated<number>;
	plan_id: number;
	code: string;
	position: number;
	public_value_id: number;
	title: string;
	/** '' by default. */
	description: Generated<string>;
	centre_id: number;
	director_id: number;
	weight: number | null;
	mission: string | null;
	programme: string | null;
	strategic_objective: string | null;
	/** 1: assigned to «tutti i dirigenti» of its plan year (its shares are every director, at 100 each). */
	all_directors: Generated<number>;
}

/** A share of a shared objective: a director and CdR with a quota (percent) of its weight. */
export interface ObjectiveAssignmentTable {
	id: Generated<number>;
	objective_id: number;
	director_id: number;
	centre_id: number;
	quota: number;
}

export interface PhaseTable {
	id: Generated<number>;
	objective_id: number;
	number: number;
	description: string;
	amount_cents: number | null;
	start_date: string | null;
	end_date: string | null;
	/** Where the planned dates came from when not the plan: 'esempio' for the shipped example. */
	planned_source: string | null;
}

/** A phase's progress at a monitoring date, with the review cycle of a value. */
export interface PhaseProgressTable {
	id: Generated<number>;
	phase_id: number;
	date: string;
	status: PhaseStatus;
	/** Percent done, 0–100, where it makes sense. */
	percent: number | null;
	actual_start: string | null;
	actual_end: string | null;
	note: string | null;
	source: string | null;
	entered_by: string;
	entered_at: string;
	state: Generated<MeasurementState>;
	version: Generated<number>;
	review_comment: string | null;
}

export interface IndicatorTable {
	id: Generated<number>;
	objective_id: number;
	/** Its objective's plan (a composite foreign key keeps them equal): the code is unique within it. */
	plan_id: number;
	code: string;
	position: number;
	description: string;
	type: IndicatorType | null;
	unit: string | null;
	polarity: Polarity | null;
	baseline: number | null;
	target: number | null;
	target_date: string | null;
	weight: number | null;
	/** The formula as the plan writes it, e.g. "pratiche evase / pratiche ricevute × 100". */
	formula: string | null;
	/** Names of the two quantities of a ratio: with both, a value is computed from them. */
	numerator_name: string | null;
	denominator_name: string | null;
	dimension: Dimension | null;
	/** Where the value comes from. */
	data_source: string | null;
	/** Who enters its values when not the objective's lead (NULL: the lead). See OWNER_SQL. */
	director_id: number | null;
}

export interface MeasurementTable {
	id: Generated<number>;
	indicator_id: number;
	date: string;
	value: number | null;
	value_date: string | null;
	justification: string | null;
	source: string | null;
	entered_by: string;
	entered_at: string;
	state: Generated<MeasurementState>;
	version: Generated<number>;
	review_comment: string | null;
	evidence_url: string | null;
	evidence_file_id: number | null;
	/** The two quantities a ratio's value was computed from, when given. */
	numerator: number | null;
	denominator: number | null;
	/** A graded indicator's value: the grade's name as the year's rules spell it (the number stays empty). */
	grade: string | null;
}


export interface UserTable {
	id: Generated<number>;
	username: string;
	display_name: string;
	role: Role;
	director_id: number | null;
	password_hash: string;
	disabled: Generated<number>;
	created_at: string;
	/** Where reminders go; null: none are sent. */
	email: string | null;
}

export interface SessionTable {
	id: string;
	user_id: number;
	created_at: string;
	expires_at: string;
}

export interface LoginFailureTable {
	key: string;
	count: number;
	first_at: string;
	locked_until: string | null;
}

export interface MonitoringPeriodTable {
	id: Generated<number>;
	plan_id: number;
	date: string;
	state: PeriodState;
	/** Due date for entry (yyyy-mm-dd), set when the direction opens the date; null: none given. */
	due_date: string | null;
}

export interface EvidenceFileTable {
	id: Generated<number>;
	name: string;
	mime: string;
	size: number;
	data: Buffer;
	uploaded_by: string;
	uploaded_at: string;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	user_id: number | null;
	actor: string;
	action: string;
	entity: string;
	ref: string;
	objective_id: number | null;
	indicator_id: number | null;
	/** JSON. */
	before: string | null;
	/** JSON. */
	after: string | null;
	reason: string | null;
}

/**
 * The columns `K` of a row of `T`, typed from the tables above: what a raw SQL statement's result is
 * cast to, so a renamed or retyped column breaks the build instead of drifting silently.
 */
export type Row<T extends keyof Database, K extends keyof Selectable<Database[T]>> = Pick<Selectable<Database[T]>, K>;

export type Plan = Selectable<PlanTable>;
export type Objective = Selectable<ObjectiveTable>;
export type Phase = Selectable<PhaseTable>;
export type Indicator = Selectable<IndicatorTable>;
export type Measurement = Selectable<MeasurementTable>;
export type NewMeasurement = Insertable<MeasurementTable>;

export interface SettingTable {
	key: string;
	/** JSON. */
	value: string;
}

/** FTS5 table kept in step with objectives, phases and indicators by triggers. */
export interface SearchIndexTable {
	rowid: number;
	kind: 'obiettivo' | 'fase' | 'indicatore';
	objective_id: number;
	title: string;
	body: string;
}

/** One reminder e-mail sent to a director about one monitoring date. */
export interface ReminderTable {
	id: Generated<number>;
	sent_at: string;
	plan_id: number;
	period_date: string;
	user_id: number | null;
	director_id: number;
	recipient: string;
	kind: ReminderKind;
	missing: number;
	returned: number;
	subject: string;
}

/** The scoring rules of one plan year (achievement/rules.ts), with where they come from. */
export interface PlanRulesTable {
	plan_id: number;
	description: string;
	/** JSON of AchievementSettings. */
	rules: string;
	updated_at: string;
	updated_by: string;
}

/**
 * Which objectives' values changed, written by triggers for every connection (cache/change-log.ts): one
 * row per objective, moved to a new `seq` at each change; objective 0 is any other (structural) change.
 */
export interface ChangeLogTable {
	seq: Generated<number>;
	objective_id: number;
}

/** A row here pauses the value tables' log triggers: only inside a bulk import's own transaction. */
export interface ChangeLogPauseTable {
	since: string;
}
