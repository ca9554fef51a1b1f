import { afterEach, describe, expect, it } from "vitest";
import type { KoersDatabase } from "../../db/database";
import { insertUser } from "../../db/users";
import { findMemberRole, listPairsOfUser } from "../../db/pairs";
import { openTestDatabase } from "../../tests/support/test-database";
import { refusalReason } from "../../tests/support/refusal";
import { acceptInvite, createInvite, createPair, InviteError, type InviteProblem } from "./pairs.server";

let database: KoersDatabase | null = null;
afterEach(async () => {
  await database?.close();
  database = null;
});

async function setup() {
  database = await openTestDatabase();
  const db = database.db;
  for (const [id, name] of [["u-opl", "Dr. Jansen"], ["u-aios", "Sanne"], ["u-third", "Derde"]] as const) {
    await insertUser(db, { id, name, email: `${id}@example.nl`, password_hash: "x" });
  }
  const pairId = await createPair({ db }, "u-opl", {
    practiceName: "Huisartsenpraktijk De Linde",
    trainingYear: 1,
    startsOn: "2026-09-01",
    endsOn: "2027-08-31",
    creatorRole: "opleider",
  });
  return { db, pairId };
}

const refusal = (action: Promise<unknown>): Promise<InviteProblem> => refusalReason(action, InviteError);

describe("pairs and invites (real database)", () => {
  it("an invite adds the other person with the other role", async () => {
    const { db, pairId } = await setup();
    const token = await createInvite({ db }, pairId, "u-opl");
    expect(await acceptInvite({ db }, token, "u-aios")).toEqual({ pairId, role: "aios" });
    expect(await findMemberRole(db, pairId, "u-aios")).toBe("aios");
    expect((await listPairsOfUser(db, "u-aios")).map((p) => p.practice_name)).toEqual(["Huisartsenpraktijk De Linde"]);
  });

  it("refuses a used invite, an expired one, and a third member", async () => {
    const { db, pairId } = await setup();
    const token = await createInvite({ db }, pairId, "u-opl");
    await acceptInvite({ db }, token, "u-aios");
    expect(await refusal(acceptInvite({ db }, token, "u-third"))).toBe("used");
    expect(await findMemberRole(db, pairId, "u-third")).toBeUndefined();
    // Once complete, no new invite can be made either.
    expect(await refusal(createInvite({ db }, pairId, "u-opl"))).toBe("pairComplete");

    const { pairId: other } = await setup2(db);
    const old = await createInvite({ db }, other, "u-opl", new Date("2026-01-01T10:00:00Z"));
    expect(await refusal(acceptInvite({ db }, old, "u-aios", new Date("2026-01-08T10:00:01Z")))).toBe("expired");
    expect(await refusal(acceptInvite({ db }, "made-up-token", "u-aios"))).toBe("unknown");
  });

  it("two invites for one pair cannot both be accepted", async () => {
    const { db, pairId } = await setup();
    const first = await createInvite({ db }, pairId, "u-opl");
    const second = await createInvite({ db }, pairId, "u-opl");
    await acceptInvite({ db }, first, "u-aios");
    expect(await refusal(acceptInvite({ db }, second, "u-third"))).toBe("pairComplete");
    expect(await findMemberRole(db, pairId, "u-third")).toBeUndefined();
  });
});

async function setup2(db: KoersDatabase["db"]) {
  const pairId = await createPair({ db }, "u-opl", {
    practiceName: "Praktijk Noord",
    trainingYear: 3,
    startsOn: "2026-09-01",
    endsOn: "2027-08-31",
    creatorRole: "opleider",
  });
  return { pairId };
}
