import { afterEach, describe, expect, it } from "vitest";
import type { KoersDatabase } from "../../db/database";
import { openTestDatabase } from "../../tests/support/test-database";
import { refusalReason } from "../../tests/support/refusal";
import {
  AccountError,
  changePassword,
  endSession,
  logIn,
  signUp,
  startSession,
  trustThisDevice,
  userForSessionToken,
  type AccountProblem,
} from "./accounts.server";
import { findUserByEmail } from "../../db/users";
import { unseenAccountNotices } from "./account-notices.server";

let database: KoersDatabase | null = null;
afterEach(async () => {
  await database?.close();
  database = null;
});

const problemOf = (action: Promise<unknown>): Promise<AccountProblem> => refusalReason(action, AccountError);
const outcome = (action: Promise<unknown>): Promise<"ok" | AccountProblem> => action.then(() => "ok" as const, (error: unknown) => (error instanceof AccountError ? error.problem : Promise.reject(error)));

async function open() {
  database = await openTestDatabase();
  return { db: database.db };
}

async function idOf(services: { db: KoersDatabase["db"] }, email: string): Promise<string> {
  const user = await findUserByEmail(services.db, email);
  if (!user) throw new Error(`no account for ${email}`);
  return user.id;
}

describe("accounts and sessions (real database)", () => {
  it("signs up, logs in case-insensitively, and a session token maps back to the user until it ends", async () => {
    const services = await open();
    await signUp(services, { name: "Sanne de Vries", email: "Sanne@Praktijk.nl", password: "geheim-wachtwoord-1", ip: "10.0.0.1" });
    const id = await idOf(services, "sanne@praktijk.nl");
    const user = await logIn(services, { email: "SANNE@praktijk.nl", password: "geheim-wachtwoord-1", ip: "10.0.0.1" });
    expect(user).toMatchObject({ id, name: "Sanne de Vries" });
    const token = await startSession(services, id);
    expect((await userForSessionToken(services, token))?.id).toBe(id);
    await endSession(services, token);
    expect(await userForSessionToken(services, token)).toBeNull();
  });

  it("a sign-up with a taken address changes nothing of that account and tells its owner", async () => {
    const services = await open();
    await signUp(services, { name: "Sanne", email: "sanne@praktijk.nl", password: "geheim-wachtwoord-1", ip: "10.0.0.2" });
    const id = await idOf(services, "sanne@praktijk.nl");
    // Answered like any sign-up: no error that would tell the stranger the address is taken.
    await signUp(services, { name: "Indringer", email: " SANNE@praktijk.nl", password: "overname-poging-1", ip: "10.9.9.9" });
    await signUp(services, { name: "Indringer", email: "sanne@praktijk.nl", password: "overname-poging-2", ip: "10.9.9.9" });
    expect(await problemOf(logIn(services, { email: "sanne@praktijk.nl", password: "overname-poging-1", ip: "10.0.0.3" }))).toBe("wrongCredentials");
    expect((await logIn(services, { email: "sanne@praktijk.nl", password: "geheim-wachtwoord-1", ip: "10.0.0.3" })).name).toBe("Sanne");
    const notices = await unseenAccountNotices(services, id);
    expect(notices).toEqual([expect.objectContaining({ kind: "signUpAttempt", count: 2 })]);
  });

  it("checks at most 5 of 40 simultaneous guesses for one account from one address", async () => {
    const services = await open();
    await signUp(services, { name: "Dr. Jansen", email: "jansen@praktijk.nl", password: "juist-wachtwoord", ip: "10.0.1.0" });
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => outcome(logIn(services, { email: "jansen@praktijk.nl", password: `gok-${i}`, ip: "10.0.1.1" }))),
    );
    expect(guesses.filter((g) => g === "wrongCredentials")).toHaveLength(5);
    expect(guesses.filter((g) => g === "tooManyAttempts")).toHaveLength(35);
    // And from another address too: the account's limit is spent.
    expect(await problemOf(logIn(services, { email: "jansen@praktijk.nl", password: "juist-wachtwoord", ip: "10.0.2.1" }))).toBe("tooManyAttempts");
  });

  it("checks at most 20 simultaneous guesses from one address, spread over many accounts", async () => {
    const services = await open();
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => outcome(logIn(services, { email: `iemand-${i % 30}@praktijk.nl`, password: "gok", ip: "10.0.3.1" }))),
    );
    expect(guesses.filter((g) => g === "wrongCredentials")).toHaveLength(20);
    expect(guesses.filter((g) => g === "tooManyAttempts")).toHaveLength(40);
  });

  it("a stranger's failures do not lock the owner out of a browser that logged in before; that browser has its own limit", async () => {
    const services = await open();
    await signUp(services, { name: "Ali", email: "ali@praktijk.nl", password: "eigen-wachtwoord", ip: "10.0.4.0" });
    const id = await idOf(services, "ali@praktijk.nl");
    await logIn(services, { email: "ali@praktijk.nl", password: "eigen-wachtwoord", ip: "10.0.4.1" });
    const laptop = await trustThisDevice(services, id, null);

    // A stranger spends the account's limit, and the limit of the owner's own network address.
    for (let i = 0; i < 25; i++) await outcome(logIn(services, { email: `ali@praktijk.nl`, password: `gok-${i}`, ip: "10.0.4.1" }));
    expect(await problemOf(logIn(services, { email: "ali@praktijk.nl", password: "eigen-wachtwoord", ip: "10.0.4.1" }))).toBe("tooManyAttempts");

    // The owner's laptop still gets in, from the same address.
    expect((await logIn(services, { email: "ali@praktijk.nl", password: "eigen-wachtwoord", ip: "10.0.4.1", deviceToken: laptop })).id).toBe(id);
    // A made-up device token is no trusted device.
    expect(await problemOf(logIn(services, { email: "ali@praktijk.nl", password: "eigen-wachtwoord", ip: "10.0.4.1", deviceToken: "x".repeat(43) }))).toBe("tooManyAttempts");
    // Someone with the laptop but not the password gets 5 tries, then the laptop waits too.
    const onLaptop = await Promise.all(Array.from({ length: 8 }, (_, i) => outcome(logIn(services, { email: "ali@praktijk.nl", password: `fout-${i}`, ip: "10.0.4.1", deviceToken: laptop }))));
    expect(onLaptop.filter((g) => g === "wrongCredentials")).toHaveLength(5);
    expect(onLaptop.filter((g) => g === "tooManyAttempts")).toHaveLength(3);
  });

  it("changing the password ends the other sessions, forgets the other trusted browsers, and keeps the current one", async () => {
    const services = await open();
    await signUp(services, { name: "Ali", email: "ali2@praktijk.nl", password: "eerste-wachtwoord", ip: "10.0.5.0" });
    const id = await idOf(services, "ali2@praktijk.nl");
    const laptop = await startSession(services, id);
    const tablet = await startSession(services, id);
    const laptopDevice = await trustThisDevice(services, id, null);
    const tabletDevice = await trustThisDevice(services, id, null);
    expect(
      await problemOf(changePassword(services, { userId: id, currentPassword: "fout", newPassword: "tweede-wachtwoord", currentToken: laptop, deviceToken: laptopDevice })),
    ).toBe("wrongCurrentPassword");
    await changePassword(services, { userId: id, currentPassword: "eerste-wachtwoord", newPassword: "tweede-wachtwoord", currentToken: laptop, deviceToken: laptopDevice });
    expect(await userForSessionToken(services, laptop)).not.toBeNull();
    expect(await userForSessionToken(services, tablet)).toBeNull();
    const trusted = services.db.selectFrom("trusted_devices").select("token_hash").where("user_id", "=", id);
    expect(await trusted.execute()).toHaveLength(1);
    expect(tabletDevice).not.toBe(laptopDevice);
    await logIn(services, { email: "ali2@praktijk.nl", password: "tweede-wachtwoord", ip: "10.0.5.1" });
  });
});
