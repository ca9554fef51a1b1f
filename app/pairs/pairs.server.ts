import type { Role } from "../../db/schema";
import type { AppServices } from "../services.server";
import { findPair, insertPairWithCreator, listPairMembers } from "../../db/pairs";
import { findInvite, insertInvite, redeemInvite } from "../../db/invites";
import { hashToken, newId, newToken } from "../auth/tokens.server";

/** How long an invite link stays valid. */
export const INVITE_VALID_DAYS = 7;

export function otherRole(role: Role): Role {
  return role === "aios" ? "opleider" : "aios";
}

export interface NewPairInput {
  practiceName: string;
  trainingYear: 1 | 3;
  startsOn: string;
  endsOn: string;
  creatorRole: Role;
}

/** Creates a koppel with its creator in the role they chose; returns the pair id. */
export async function createPair({ db }: Pick<AppServices, "db">, creatorId: string, input: NewPairInput): Promise<string> {
  const id = newId();
  await insertPairWithCreator(
    db,
    {
      id,
      practice_name: input.practiceName,
      training_year: input.trainingYear,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      created_by: creatorId,
    },
    input.creatorRole,
  );
  return id;
}

/** A pair's name and training year for a page header, or null when it does not exist. */
export async function pairSummary({ db }: Pick<AppServices, "db">, pairId: string): Promise<{ id: string; practiceName: string; trainingYear: 1 | 3 } | null> {
  const pair = await findPair(db, pairId);
  return pair ? { id: pair.id, practiceName: pair.practice_name, trainingYear: pair.training_year } : null;
}

/** Why an invite cannot be used; each has a Dutch message in the i18n files (invite.errors.*). */
export type InviteProblem = "unknown" | "expired" | "used" | "pairComplete" | "alreadyMember";

export class InviteError extends Error {
  constructor(readonly problem: InviteProblem) {
    super(`invite refused: ${problem}`);
  }
}

/**
 * Makes a one-time invite link token for the role the pair still lacks. Only the token
 * leaves the server; its hash is stored.
 */
export async function createInvite({ db }: Pick<AppServices, "db">, pairId: string, inviterId: string, now = new Date()): Promise<string> {
  const members = await listPairMembers(db, pairId);
  const inviter = members.find((m) => m.user_id === inviterId);
  if (!inviter) throw new InviteError("unknown");
  if (members.length >= 2) throw new InviteError("pairComplete");
  const token = newToken();
  await insertInvite(db, {
    token_hash: hashToken(token),
    pair_id: pairId,
    role: otherRole(inviter.role),
    created_by: inviterId,
    expires_at: new Date(now.getTime() + INVITE_VALID_DAYS * 24 * 3600 * 1000).toISOString(),
  });
  return token;
}

/** Adds the user to the invite's pair with the other role, or throws InviteError saying why not. */
export async function acceptInvite(
  { db }: Pick<AppServices, "db">,
  token: string,
  userId: string,
  now = new Date(),
): Promise<{ pairId: string; role: Role }> {
  const tokenHash = hashToken(token);
  const invite = await findInvite(db, tokenHash);
  if (!invite) throw new InviteError("unknown");
  if (invite.used_at) throw new InviteError("used");
  if (invite.expires_at <= now.toISOString()) throw new InviteError("expired");
  const members = await listPairMembers(db, invite.pair_id);
  if (members.some((m) => m.user_id === userId)) throw new InviteError("alreadyMember");
  if (members.length >= 2 || members.some((m) => m.role === invite.role)) throw new InviteError("pairComplete");
  try {
    if (!(await redeemInvite(db, tokenHash, userId, now))) throw new InviteError("used");
  } catch (error) {
    if (error instanceof InviteError) throw error;
    // The (pair, role) primary key refused a racing second acceptance.
    throw new InviteError("pairComplete");
  }
  return { pairId: invite.pair_id, role: invite.role };
}

export interface InvitePreview {
  practiceName: string;
  inviterName: string;
  role: Role;
  /** Why it cannot be used, or null when it can. */
  problem: InviteProblem | null;
}

/** What an invite link offers (shown before accepting), or null for an unknown token. */
export async function previewInvite({ db }: Pick<AppServices, "db">, token: string, now = new Date()): Promise<InvitePreview | null> {
  const invite = await findInvite(db, hashToken(token));
  if (!invite) return null;
  const pair = await findPair(db, invite.pair_id);
  const members = await listPairMembers(db, invite.pair_id);
  const inviter = members.find((m) => m.user_id === invite.created_by);
  const problem: InviteProblem | null = invite.used_at
    ? "used"
    : invite.expires_at <= now.toISOString()
      ? "expired"
      : members.some((m) => m.role === invite.role)
        ? "pairComplete"
        : null;
  return { practiceName: pair?.practice_name ?? "", inviterName: inviter?.name ?? "", role: invite.role, problem };
}
