import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersDatabase } from "./database";
import { openTestDatabase, sql, sqlRows, TEST_DIALECT } from "../tests/support/test-database";

// One typed schema (db/schema.ts) for both databases: this test reads the `Database`
// interface with the TypeScript compiler and compares it, table by table and column by
// column, with the database the migrations made on this run's dialect (vitest.config.ts
// runs it on SQLite and on PostgreSQL). A migration that adds, drops or changes a column
// without schema.ts (or the other way round) fails here, on either database.

/** What a column holds, as both the TypeScript type and the database agree to say it. */
type Kind = "text" | "number" | "bytes";

interface ColumnShape {
  kind: Kind;
  nullable: boolean;
  /** Kysely's Generated<…>: may be left out of an insert (so the database must fill it). */
  generated: boolean;
}

/** The tables and columns of the `Database` interface in db/schema.ts, read with the type checker. */
function typedSchema(): Map<string, Map<string, ColumnShape>> {
  const file = path.resolve("db/schema.ts");
  const program = ts.createProgram([file], { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: true, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file)!;
  const database = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "Database");
  if (!database) throw new Error("db/schema.ts has no Database interface");
  const tables = new Map<string, Map<string, ColumnShape>>();
  for (const table of checker.getTypeAtLocation(database).getProperties()) {
    const columns = new Map<string, ColumnShape>();
    for (const column of checker.getTypeOfSymbolAtLocation(table, database).getProperties()) {
      columns.set(column.name, shapeOf(checker, checker.getTypeOfSymbolAtLocation(column, database), `${table.name}.${column.name}`));
    }
    tables.set(table.name, columns);
  }
  return tables;
}

function shapeOf(checker: ts.TypeChecker, type: ts.Type, where: string): ColumnShape {
  // Generated<T> is Kysely's ColumnType<T, T | undefined, T>: an object with a __select__ type.
  const select = type.getProperty("__select__");
  const generated = select !== undefined && checker.getTypeOfSymbol(type.getProperty("__insert__")!).isUnion();
  const read = select ? checker.getTypeOfSymbol(select) : type;
  const members = read.isUnion() ? read.types : [read];
  const nullable = members.some((m) => m.flags & ts.TypeFlags.Null);
  const kinds = new Set<Kind>();
  for (const m of members) {
    if (m.flags & ts.TypeFlags.Null) continue;
    if (m.flags & (ts.TypeFlags.String | ts.TypeFlags.StringLiteral)) kinds.add("text");
    else if (m.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) kinds.add("number");
    else if (checker.typeToString(m) === "Uint8Array" || checker.typeToString(m).startsWith("Uint8Array<")) kinds.add("bytes");
    else if (m.flags & ts.TypeFlags.BooleanLiteral) throw new Error(`${where}: booleans are not portable here (SQLite has none); use an integer`);
    else throw new Error(`${where}: cannot map ${checker.typeToString(m)} to a column`);
  }
  if (kinds.size !== 1) throw new Error(`${where}: one kind of value per column, found ${[...kinds].join(" and ")}`);
  return { kind: [...kinds][0]!, nullable, generated };
}

const DATABASE_KINDS: Record<string, Kind> = { text: "text", integer: "number", bigint: "number", int4: "number", int8: "number", blob: "bytes", bytea: "bytes" };

/** "table.column" of every primary key column. */
async function primaryKeyColumns(): Promise<Set<string>> {
  const rows =
    TEST_DIALECT === "sqlite"
      ? await sqlRows<{ key: string }>(database.db, sql`select m.name || '.' || p.name as key from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.pk > 0`)
      : await sqlRows<{ key: string }>(
          database.db,
          sql`select k.table_name || '.' || k.column_name as key from information_schema.table_constraints c join information_schema.key_column_usage k using (constraint_schema, constraint_name) where c.constraint_type = 'PRIMARY KEY' and c.table_schema = 'public'`,
        );
  return new Set(rows.map((r) => r.key));
}

let database: KoersDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe(`db/schema.ts matches the migrated database (${TEST_DIALECT})`, () => {
  it("has the same tables, the same columns, and for each the same kind, nullability and default", async () => {
    const typed = typedSchema();
    const tables = (await database.db.introspection.getTables()).filter((t) => !t.name.startsWith("kysely_") && (t.schema === undefined || t.schema === "public"));
    expect(tables.map((t) => t.name).sort()).toEqual([...typed.keys()].sort());
    const problems: string[] = [];
    const keys = await primaryKeyColumns();
    for (const table of tables) {
      const columns = typed.get(table.name)!;
      const inDatabase = new Set(table.columns.map((c) => c.name));
      for (const name of columns.keys()) if (!inDatabase.has(name)) problems.push(`${table.name}.${name}: in schema.ts, not in the database`);
      for (const column of table.columns) {
        const where = `${table.name}.${column.name}`;
        const shape = columns.get(column.name);
        if (!shape) {
          problems.push(`${where}: in the database, not in schema.ts`);
          continue;
        }
        const kind = DATABASE_KINDS[column.dataType.toLowerCase()];
        if (kind !== shape.kind) problems.push(`${where}: ${column.dataType} in the database, ${shape.kind} in schema.ts`);
        // SQLite lets a primary key column other than an integer one hold NULL (a legacy quirk); Koers never writes one, and PostgreSQL refuses it.
        const nullable = column.isNullable && !keys.has(where);
        if (nullable !== shape.nullable) problems.push(`${where}: ${nullable ? "nullable" : "not null"} in the database, ${shape.nullable ? "| null" : "not | null"} in schema.ts`);
        // Generated<…> may be left out of an insert: only if the database fills it in.
        if (shape.generated && !column.hasDefaultValue && !column.isAutoIncrementing) problems.push(`${where}: Generated in schema.ts, but the database has no default`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.runIf(TEST_DIALECT === "postgres")("on PostgreSQL: every text column compares byte by byte (collate \"C\") like SQLite, and bytes are bytea", async () => {
    const columns = await sqlRows<{ table_name: string; column_name: string; data_type: string; collation_name: string | null }>(
      database.db,
      sql`select table_name, column_name, data_type, collation_name from information_schema.columns where table_schema = 'public' and table_name not like 'kysely%'`,
    );
    expect(columns.length).toBeGreaterThan(50);
    const wrong = columns.filter((c) => (c.data_type === "text" && c.collation_name !== "C") || c.data_type === "character varying" || c.data_type.startsWith("timestamp"));
    expect(wrong.map((c) => `${c.table_name}.${c.column_name} (${c.data_type}, ${c.collation_name})`)).toEqual([]);
  });
});
