/**
 * schema.ts is written by hand; this keeps it honest. After migrating a fresh database, every table and
 * column the migrations made must be in the `Database` interface and the other way round, with the same
 * nullability (`T | null` ⇔ no NOT NULL), a matching storage type (number ⇔ INTEGER/REAL, string or a
 * string union ⇔ TEXT, Buffer ⇔ BLOB) and `Generated<…>` exactly where the database fills the value
 * (INTEGER PRIMARY KEY or a DEFAULT). Read with the TypeScript parser, not with patterns.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { freshDb } from '../testing/db';

interface DeclaredColumn {
	nullable: boolean;
	generated: boolean;
	/** 'number' | 'text' | 'blob' */
	kind: string;
}

function declaredSchema(): Map<string, Map<string, DeclaredColumn>> {
	const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'schema.ts');
	const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const interfaces = new Map<string, ts.InterfaceDeclaration>();
	source.forEachChild((node) => {
		if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
	});
	const kindOf = (t: ts.TypeNode): string => {
		if (t.kind === ts.SyntaxKind.NumberKeyword) return 'number';
		if (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Buffer') return 'blob';
		// string, string literals and aliases of string unions (IndicatorType, Role…) are all TEXT.
		return 'text';
	};
	const column = (t: ts.TypeNode): DeclaredColumn => {
		let generated = false;
		if (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Generated') {
			generated = true;
			t = t.typeArguments![0];
		}
		const parts = ts.isUnionTypeNode(t) ? [...t.types] : [t];
		const nullable = parts.some((p) => ts.isLiteralTypeNode(p) && p.literal.kind === ts.SyntaxKind.NullKeyword);
		const rest = parts.filter((p) => !(ts.isLiteralTypeNode(p) && p.literal.kind === ts.SyntaxKind.NullKeyword));
		const kinds = new Set(rest.map(kindOf));
		return { nullable, generated, kind: kinds.size === 1 ? [...kinds][0] : [...kinds].join('|') };
	};
	const tables = new Map<string, Map<string, DeclaredColumn>>();
	for (const member of interfaces.get('Database')!.members) {
		if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeReferenceNode(member.type)) throw new Error(`Database: ${member.getText()}`);
		const table = interfaces.get(member.type.typeName.getText());
		if (!table) throw new Error(`interfaccia ${member.type.typeName.getText()} non trovata in schema.ts`);
		const columns = new Map<string, DeclaredColumn>();
		for (const m of table.members) {
			if (!ts.isPropertySignature(m) || !m.type) continue;
			// Optional properties would let an insert silently omit a NOT NULL column.
			expect(m.questionToken, `${table.name.text}.${m.name.getText()} non deve essere facoltativa: usare T | null`).toBeUndefined();
			columns.set(m.name.getText(), column(m.type));
		}
		tables.set(member.name.getText(), columns);
	}
	return tables;
}

interface PragmaColumn {
	name: string;
	type: string;
	notnull: number;
	dflt_value: string | null;
	pk: number;
}

describe('schema.ts against the migrated database', () => {
	it('declares exactly the tables and columns the migrations make, with their types, nullability and generated values', async () => {
		const declared = declaredSchema();
		const db = await freshDb();
		try {
			const tables = db.sqlite
				.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'search_index_%' AND name NOT LIKE 'sqlite_%'")
				.all() as Array<{ name: string; sql: string }>;
			expect(tables.map((t) => t.name).sort()).toEqual([...declared.keys()].sort());
			const problems: string[] = [];
			for (const { name, sql } of tables) {
				const virtual = /^CREATE VIRTUAL TABLE/i.test(sql);
				const actual = db.sqlite.pragma(`table_info(${name})`) as PragmaColumn[];
				const columns = declared.get(name)!;
				// An FTS table's rowid is declared (the triggers set it) but is not a listed column.
				const expectedNames = [...columns.keys()].filter((c) => !(virtual && c === 'rowid'));
				if (JSON.stringify(actual.map((c) => c.name).sort()) !== JSON.stringify(expectedNames.sort())) {
					problems.push(`${name}: colonne nel database ${actual.map((c) => c.name).join(', ')}; in schema.ts ${expectedNames.join(', ')}`);
					continue;
				}
				if (virtual) continue; // FTS columns have no types or constraints
				for (const c of actual) {
					const d = columns.get(c.name)!;
					const kind = /INT|REAL/i.test(c.type) ? 'number' : /BLOB/i.test(c.type) ? 'blob' : 'text';
					const primaryKey = c.pk === 1 && /INTEGER/i.test(c.type);
					// SQLite lets a non-INTEGER primary key hold NULL (a historic quirk); nothing here stores one.
					const nullable = c.notnull === 0 && c.pk === 0;
					const generated = primaryKey || c.dflt_value !== null;
					// An INTEGER PRIMARY KEY that is also a foreign key (plan_rules.plan_id) is given, not generated: either is true to the table.
					if (d.kind !== kind) problems.push(`${name}.${c.name}: ${c.type} nel database, ${d.kind} in schema.ts`);
					if (d.nullable !== nullable) problems.push(`${name}.${c.name}: ${nullable ? 'può' : 'non può'} essere NULL nel database, ${d.nullable ? 'può' : 'non può'} in schema.ts`);
					if (d.generated !== generated && !(primaryKey && !d.generated)) problems.push(`${name}.${c.name}: ${generated ? 'ha' : 'non ha'} un valore predefinito nel database, ${d.generated ? 'è' : 'non è'} Generated in schema.ts`);
				}
			}
			expect(problems).toEqual([]);
		} finally {
			await db.close();
		}
	});
});
