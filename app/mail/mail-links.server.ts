import crypto from "node:crypto";
import { isSwitchableMailKind, type SwitchableMailKind } from "./mail-kinds";

// The "switch this off" link in every mail works without logging in (people read mail on
// their phone), so the link itself is the credential: the kind and the address, signed with
// a key derived from SESSION_SECRET. Nothing is stored; a forged or altered link is refused.

export interface SwitchOffLinks {
  /** The token for the switch-off link of one kind of mail to one address. */
  sign(address: string, kind: SwitchableMailKind): string;
  /** What a token switches off, or null when it was not made by this server. */
  verify(token: string): { address: string; kind: SwitchableMailKind } | null;
}

/** Switch-off tokens signed with a key derived from the session secret (never the secret itself). */
export function switchOffLinks(sessionSecret: string): SwitchOffLinks {
  const key = crypto.createHmac("sha256", sessionSecret).update("koers mail switch-off links").digest();
  const signatureOf = (body: string) => crypto.createHmac("sha256", key).update(body).digest("base64url");
  return {
    sign(address, kind) {
      const body = Buffer.from(`${kind}\n${address.trim().toLowerCase()}`).toString("base64url");
      return `${body}.${signatureOf(body)}`;
    },
    verify(token) {
      const [body, signature, extra] = token.split(".");
      if (!body || !signature || extra !== undefined || token.length > 1000) return null;
      const expected = Buffer.from(signatureOf(body));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
      const [kind, address] = Buffer.from(body, "base64url").toString("utf8").split("\n");
      if (!isSwitchableMailKind(kind) || !address) return null;
      return { address, kind };
    },
  };
}

/** The URL path of a switch-off link. */
export function switchOffPath(token: string): string {
  return `/mail/off/${token}`;
}
