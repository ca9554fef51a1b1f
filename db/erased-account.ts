// The account that stands in for every erased person (issue #19): shared records that must
// keep an author point to it after an erasure. Created by migration 012; it has no password
// hash scrypt could match and no address a form accepts, so nobody can log in as it.

/** The erased account's user id. */
export const ERASED_ACCOUNT_ID = "erased-account";

/** Its stored name: what the partner sees wherever a name is shown. */
export const ERASED_ACCOUNT_NAME = "verwijderd account";

/** Whether a user id is the erased account's. */
export function isErasedAccount(userId: string | null | undefined): boolean {
  return userId === ERASED_ACCOUNT_ID;
}
