import type { Generated, Insertable, Selectable } from 'kysely';

/** The database as the application sees it; written by hand to match db/migrations. */
export interface Database {
	plan: PlanTable;
	public_value: PublicValueTable;
	responsibility_centre: ResponsibilityCentreTable;
	director: DirectorTable;
	objective: ObjectiveTable;
	phase: PhaseTable;
	indicator: IndicatorTable;
	measurement: MeasurementTable;
	setting: SettingTable;
	search_index: SearchIndexTable;
}

export type IndicatorType = 'numero' | 'percentuale' | 'si_no' | 'data';
export type Polarity = 'crescente' | 'decrescente';

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
	description: string;
	centre_id: number;
	director_id: number;
	weight: number | null;
	mission: string | null;
	programme: string | null;
	strategic_objective: string | null;
}

export interface PhaseTable {
	id: Generated<number>;
	objective_id: number;
	number: number;
	description: string;
	amount_cents: number | null;
	start_date: string | null;
	end_date: string | null;
}

export interface IndicatorTable {
	id: Generated<number>;
	objective_id: number;
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
}

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
