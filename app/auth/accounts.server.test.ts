import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type KoersDatabase } from "../../db/database";
import { tempDatabasePath } from "../../tests/support/test-server";
import { refusalReason } from "../../tests/support/refusal";
import {
  AccountError,
  changePassword,
  endSession,
  logIn,
  signUp,
  startSession,
  userForSessionToken,
  type AccountProblem,
} from "./accounts.server";

let database: KoersDatabase | null = null;
afterEach(async () => {
  await database?.close();
  database = null;
});

const problemOf = (action: Promise<unknown>): Promise<AccountProblem> => refusalReason(action, AccountError);

describe("accounts and sessions (real SQLite)", () => {
  it("signs up, logs in case-insensitively, and a session token maps back to the user until it ends", async () => {
    database = await openDatabase(tempDatabasePath());
    const { db } = database;
    const id = await signUp(db, { name: "Sanne de Vries", email: "Sanne@Praktijk.nl", password: "geheim-wachtwoord-1" });
    expect(await problemOf(signUp(db, { name: "X", email: "sanne@praktijk.nl ", password: "anders-123456" }))).toBe("emailTaken");

    const user = await logIn(db, { email: "SANNE@praktijk.nl", password: "geheim-wachtwoord-1", ip: "10.0.0.1" });
    expect(user).toMatchObject({ id, name: "Sanne de Vries" });
    const token = await startSession(db, id);
    expect((await userForSessionToken(db, token))?.id).toBe(id);
    await endSession(db, token);
    expect(await userForSessionToken(db, token)).toBeNull();
  });

  it("blocks an account after 5 wrong passwords, even with the right one", async () => {
    database = await openDatabase(tempDatabasePath());
    const { db } = database;
    await signUp(db, { name: "Dr. Jansen", email: "jansen@praktijk.nl", password: "juist-wachtwoord" });
    for (let i = 0; i < 5; i++) {
      expect(await problemOf(logIn(db, { email: "jansen@praktijk.nl", password: "fout", ip: `10.0.1.${i}` }))).toBe("wrongCredentials");
    }
    expect(await problemOf(logIn(db, { email: "jansen@praktijk.nl", password: "juist-wachtwoord", ip: "10.0.2.1" }))).toBe(
      "tooManyAttempts",
    );
  });

  it("changing the password ends the other sessions and keeps the current one", async () => {
    database = await openDatabase(tempDatabasePath());
    const { db } = database;
    const id = await signUp(db, { name: "Ali", email: "ali@praktijk.nl", password: "eerste-wachtwoord" });
    const laptop = await startSession(db, id);
    const tablet = await startSession(db, id);
    expect(
      await problemOf(changePassword(db, { userId: id, currentPassword: "fout", newPassword: "tweede-wachtwoord", currentToken: laptop })),
    ).toBe("wrongCurrentPassword");
    await changePassword(db, { userId: id, currentPassword: "eerste-wachtwoord", newPassword: "tweede-wachtwoord", currentToken: laptop });
    expect(await userForSessionToken(db, laptop)).not.toBeNull();
    expect(await userForSessionToken(db, tablet)).toBeNull();
    await logIn(db, { email: "ali@praktijk.nl", password: "tweede-wachtwoord", ip: "10.0.3.1" });
  });
});
