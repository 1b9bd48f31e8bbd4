import type { Db } from './db/database';
import type { Row } from './db/schema';
import { OWNER_SQL } from './ownership';

export type EvidenceDownload = Row<'evidence_file', 'name' | 'mime' | 'data'> & Row<'objective', 'director_id'>;

/**
 * An evidence file with the director who owns the value it documents, so the route can check ownership.
 * Undefined when no value refers to it: a file nobody points at is never served.
 */
export function findEvidenceForDownload(db: Db, fileId: number): EvidenceDownload | undefined {
	return db.sqlite
		.prepare(
			`SELECT f.name, f.mime, f.data, ${OWNER_SQL} AS director_id FROM evidence_file f
			 JOIN measurement m ON m.evidence_file_id = f.id JOIN indicator i ON i.id = m.indicator_id JOIN objective o ON o.id = i.objective_id
			 WHERE f.id = ? LIMIT 1`
		)
		.get(fileId) as EvidenceDownload | undefined;
}
