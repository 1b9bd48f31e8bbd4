import { sql, type Kysely } from 'kysely';

/**
 * The plan's spine: plans, public values, responsibility centres, directors, objectives, phases,
 * indicators and measurements. Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('plan')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('year', 'integer', (c) => c.notNull().unique())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('public_value')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('public_value_plan_name', ['plan_id', 'name'])
		.execute();

	await db.schema
		.createTable('responsibility_centre')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addUniqueConstraint('responsibility_centre_plan_code', ['plan_id', 'code'])
		.execute();

	// Directors are people: one row across the years, so a person's history can be followed.
	await db.schema
		.createTable('director')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull().unique())
		.execute();

	await db.schema
		.createTable('objective')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('plan_id', 'integer', (c) => c.notNull().references('plan.id').onDelete('cascade'))
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('public_value_id', 'integer', (c) => c.notNull().references('public_value.id'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('centre_id', 'integer', (c) => c.notNull().references('responsibility_centre.id'))
		.addColumn('director_id', 'integer', (c) => c.notNull().references('director.id'))
		.addColumn('weight', 'real')
		.addColumn('mission', 'text')
		.addColumn('programme', 'text')
		.addColumn('strategic_objective', 'text')
		.addUniqueConstraint('objective_plan_code', ['plan_id', 'code'])
		.execute();
	await db.schema.createIndex('objective_plan_position').on('objective').columns(['plan_id', 'position']).execute();
	await db.schema.createIndex('objective_director').on('objective').column('director_id').execute();
	await db.schema.createIndex('objective_centre').on('objective').column('centre_id').execute();
	await db.schema.createIndex('objective_public_value').on('objective').column('public_value_id').execute();

	await db.schema
		.createTable('phase')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('objective_id', 'integer', (c) => c.notNull().references('objective.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		// Euro cents: sums of money must be exact.
		.addColumn('amount_cents', 'integer')
		.addColumn('start_date', 'text')
		.addColumn('end_date', 'text')
		.addUniqueConstraint('phase_objective_number', ['objective_id', 'number'])
		.execute();

	await db.schema
		.createTable('indicator')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('objective_id', 'integer', (c) => c.notNull().references('objective.id').onDelete('cascade'))
		// Measurements refer to an indicator by its code alone, so the code is unique everywhere.
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull())
		.addColumn('type', 'text', (c) => c.check(sql`type IN ('numero', 'percentuale', 'si_no', 'data')`))
		.addColumn('unit', 'text')
		.addColumn('polarity', 'text', (c) => c.check(sql`polarity IN ('crescente', 'decrescente')`))
		.addColumn('baseline', 'real')
		.addColumn('target', 'real')
		// A deadline indicator's target is a date (ISO), not a number.
		.addColumn('target_date', 'text')
		.addColumn('weight', 'real')
		.execute();
	await db.schema.createIndex('indicator_objective').on('indicator').columns(['objective_id', 'position']).execute();

	await db.schema
		.createTable('measurement')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('indicator_id', 'integer', (c) => c.notNull().references('indicator.id').onDelete('cascade'))
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('value', 'real')
		.addColumn('value_date', 'text')
		.addColumn('justification', 'text')
		.addColumn('source', 'text')
		.addColumn('entered_by', 'text', (c) => c.notNull())
		.addColumn('entered_at', 'text', (c) => c.notNull())
		.addUniqueConstraint('measurement_indicator_date', ['indicator_id', 'date'])
		.execute();
	await db.schema.createIndex('measurement_date').on('measurement').column('date').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['measurement', 'indicator', 'phase', 'objective', 'director', 'responsibility_centre', 'public_value', 'plan']) {
		await db.schema.dropTable(table).execute();
	}
}
