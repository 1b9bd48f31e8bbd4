import { sql, type Kysely } from 'kysely';

/**
 * Shared objectives: one objective assigned to several directors and CdRs, each with a share (quota, in
 * percent) of its weight. The objective keeps its lead (`objective.director_id`, who enters the values);
 * a director's achievement uses his shares, the plan and its public values count the objective once.
 * Frozen in time: never import application code from here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('objective_assignment')
		.addColumn('id', 'integer', (c) => c.primaryKey())
		.addColumn('objective_id', 'integer', (c) => c.notNull().references('objective.id').onDelete('cascade'))
		.addColumn('director_id', 'integer', (c) => c.notNull().references('director.id'))
		.addColumn('centre_id', 'integer', (c) => c.notNull().references('responsibility_centre.id'))
		// Percent of the objective's weight; the shares of an objective sum to 100 (checked by the importer).
		.addColumn('quota', 'real', (c) => c.notNull().check(sql`quota > 0 AND quota <= 100`))
		.addUniqueConstraint('objective_assignment_key', ['objective_id', 'director_id', 'centre_id'])
		.execute();
	await db.schema.createIndex('objective_assignment_director').on('objective_assignment').columns(['director_id', 'objective_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('objective_assignment').execute();
}
