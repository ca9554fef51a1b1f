import { afterEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { KoersDatabase } from "../../db/database";
import type { Database } from "../../db/schema";
import { openTestDatabase, sql, sqlRun, tempDatabase } from "../../tests/support/test-database";
import { findMeeting, updateMeeting } from "../../db/meetings";
import { runLeadCommand } from "./lead.server";

// The lead workflow orders commands through the database (compare-and-set on lead_version),
// so a second server instance writing in between loses nothing. A concurrent writer is
// simulated deterministically: it writes between this command's read and its write (after
// the read's result arrives, before the command sees it), on SQLite and PostgreSQL alike.

let database: KoersDatabase | null = null;
/** Another server instance on the same database: the concurrent writer. */
let other: KoersDatabase | null = null;
afterEach(async () => {
  await database?.close();
  await other?.close();
  database = other = null;
});

async function meetingDb() {
  const location = tempDatabase();
  database = await openTestDatabase(location);
  other = await openTestDatabase(location);
  const { db } = database;
  await sqlRun(db, sql`insert into users (id, name, email, password_hash) values ('u1', 'Aios', 'a@test.invalid', 'x')`);
  await sqlRun(db, sql`insert into pairs (id, practice_name, training_year, starts_on, ends_on, created_by) values ('p1', 'P', 1, '2026-09-01', '2027-08-31', 'u1')`);
  await sqlRun(db, sql`insert into meetings (id, pair_id, kind, scheduled_at, created_by) values ('m1', 'p1', 'taakgericht', '2026-11-24T13:00', 'u1')`);
  return { db };
}

/** The database as a command sees it, with `interfere` (another instance's write) run after each read it makes. */
function withWriterAfterEachRead(db: Kysely<Database>, interfere: () => Promise<void>): { db: Kysely<Database> } {
  const reads = new WeakSet<object>();
  return {
    db: db.withPlugin({
      transformQuery(args) {
        if (args.node.kind === "SelectQueryNode") reads.add(args.queryId);
        return args.node;
      },
      async transformResult(args) {
        if (reads.has(args.queryId)) await interfere();
        return args.result;
      },
    }),
  };
}

const aios = { role: "aios" as const };

describe("lead commands are a compare-and-set on the meetings row", () => {
  it("re-reads and re-applies when another instance changed the lead between its read and its write", async () => {
    const services = await meetingDb();
    let interfered = false;
    // After the read, before the write: another instance makes item-1 current right then.
    const racing = withWriterAfterEachRead(services.db, async () => {
      if (interfered) return;
      interfered = true;
      await sqlRun(other!.db, sql`update meetings set current_item_id = 'item-1', timer_item_id = 'item-1', timer_elapsed_ms = 0, lead_version = lead_version + 1 where id = 'm1'`);
    });
    const outcome = await runLeadCommand(racing, aios, { meetingId: "m1", command: "start" }, () => new Date("2026-11-24T13:00:05.000Z"));
    expect(outcome).toMatchObject({ ok: true, statusChanged: true, ended: false });
    // Both survive: the other instance's current item, and this start (with that item's timer running).
    expect(await findMeeting(services.db, "m1")).toMatchObject({
      status: "bezig",
      current_item_id: "item-1",
      timer_running_since: "2026-11-24T13:00:05.000Z",
      lead_version: 2,
    });
    expect(outcome.ok && outcome.state).toMatchObject({ version: 2, status: "bezig", currentItemId: "item-1" });
  });

  it("refuses by the rules of the state it finds, after a race too (setCurrent right behind end)", async () => {
    const services = await meetingDb();
    await updateMeeting(services.db, "m1", { status: "bezig", started_at: "2026-11-24T13:00:00.000Z" });
    let interfered = false;
    const racing = withWriterAfterEachRead(services.db, async () => {
      if (interfered) return;
      interfered = true;
      await sqlRun(other!.db, sql`update meetings set status = 'afgerond', ended_at = '2026-11-24T13:50:00.000Z', lead_version = lead_version + 1 where id = 'm1'`);
    });
    const now = () => new Date("2026-11-24T13:50:01.000Z");
    expect(await runLeadCommand(racing, aios, { meetingId: "m1", command: "setCurrent", itemId: "item-1" }, now)).toEqual({ ok: false, error: "invalidState" });
    expect(await findMeeting(services.db, "m1")).toMatchObject({ status: "afgerond", current_item_id: null });
  });

  it("only the aios leads; an unknown meeting is notFound; a writer that never stops wins the race but nothing is half-stored", async () => {
    const services = await meetingDb();
    expect(await runLeadCommand(services, { role: "opleider" }, { meetingId: "m1", command: "start" })).toEqual({ ok: false, error: "onlyAios" });
    expect(await runLeadCommand(services, aios, { meetingId: "nope", command: "start" })).toEqual({ ok: false, error: "notFound" });
    const always = withWriterAfterEachRead(services.db, async () => {
      await sqlRun(other!.db, sql`update meetings set lead_version = lead_version + 1 where id = 'm1'`);
    });
    expect(await runLeadCommand(always, aios, { meetingId: "m1", command: "start" })).toEqual({ ok: false, error: "saveFailed" });
    expect(await findMeeting(services.db, "m1")).toMatchObject({ status: "gepland" });
  });
});
