import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "./migrations/index";
import { openDatabase, type KoersDatabase } from "./database";

// Migration 011 rebuilds the meetings table to drop its fixed list of kinds (the kind registry
// checks kinds now). A rebuild that went wrong would lose meetings or, worse, everything that
// refers to them: this test runs it on a database that has both.

const opened: KoersDatabase[] = [];
const closeAfter: SQLite.Database[] = [];
afterEach(async () => {
  for (const c of closeAfter.splice(0)) c.close();
  for (const d of opened.splice(0)) await d.close();
});

describe("migration 011 on a database with meetings", () => {
  it("keeps every meeting and what refers to them, keeps the cascades and the index, and accepts a kind the old list did not have", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "koers-migrate-")), "koers.sqlite");
    // The database as it was before 011.
    const sqlite = new SQLite(file);
    sqlite.pragma("foreign_keys = ON");
    const before = new Kysely<any>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db: before, provider: { getMigrations: async () => migrations } });
    const result = await migrator.migrateTo("2026-12-01-010-mail");
    expect(result.error).toBeUndefined();
    sqlite.exec(`
      insert into users (id, name, email, password_hash) values ('u1', 'Sanne', 's@x.nl', 'h');
      insert into pairs (id, practice_name, training_year, starts_on, ends_on, created_by) values ('p1', 'De Linde', 1, '2026-09-01', '2027-08-31', 'u1');
      insert into meetings (id, pair_id, kind, subkind, scheduled_at, created_by) values ('m1', 'p1', 'taakgericht', 'consultbespreking', '2026-11-24T13:00', 'u1');
      insert into meetings (id, pair_id, kind, scheduled_at, created_by) values ('m2', 'p1', 'voortgang', '2026-11-25T13:00', 'u1');
      insert into agreements (meeting_id, id, pair_id, text, owner, status) values ('m1', 'a1', 'p1', 'Consult opnemen', 'aios', 'open');
      insert into snapshots (meeting_id, doc_name, state, reason) values ('m1', 'meeting-m1', x'00', 'manual');
    `);
    expect(() => sqlite.prepare("insert into meetings (id, pair_id, kind, scheduled_at, created_by) values ('bad', 'p1', 'intervisie', '2026-11-26T13:00', 'u1')").run()).toThrow(/CHECK/);
    await before.destroy();

    const after = await openDatabase(file);
    opened.push(after);
    // The migrated file, read through a connection of its own (with foreign keys on, as the app's).
    const check = new SQLite(file);
    check.pragma("foreign_keys = ON");
    closeAfter.push(check);
    const count = (table: string) => (check.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    expect(count("meetings")).toBe(2);
    expect(check.prepare("select kind, subkind from meetings where id = 'm1'").get()).toEqual({ kind: "taakgericht", subkind: "consultbespreking" });
    expect(count("agreements")).toBe(1);
    expect(count("snapshots")).toBe(1);
    // A kind the old check did not know is stored now (the registry decides), the status check stays.
    check.prepare("insert into meetings (id, pair_id, kind, scheduled_at, created_by) values ('m3', 'p1', 'intervisie', '2026-11-26T13:00', 'u1')").run();
    expect(() => check.prepare("insert into meetings (id, pair_id, kind, status, scheduled_at, created_by) values ('m4', 'p1', 'voortgang', 'kwijt', '2026-11-26T13:00', 'u1')").run()).toThrow(/CHECK/);
    // The foreign keys still hold both ways: no meeting of a pair that does not exist, and deleting a meeting takes its rows along.
    expect(() => check.prepare("insert into meetings (id, pair_id, kind, scheduled_at, created_by) values ('m5', 'nope', 'voortgang', '2026-11-26T13:00', 'u1')").run()).toThrow(/FOREIGN KEY/);
    check.prepare("delete from meetings where id = 'm1'").run();
    expect(count("agreements")).toBe(0);
    expect(count("snapshots")).toBe(0);
    expect(check.prepare("select name from sqlite_master where type = 'index' and name = 'meetings_by_pair'").get()).toEqual({ name: "meetings_by_pair" });
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(after.db)).rows[0]?.foreign_keys).toBe(1);
  });
});
