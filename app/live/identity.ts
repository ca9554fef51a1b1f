import type { Role } from "../../db/schema";

// Who someone is on a meeting page: always the server-known account and role, never a
// name the browser chose. Colours follow the role, so both screens agree on them.

export interface Identity {
  userId: string;
  name: string;
  role: Role;
  color: string;
}

/** Role colours with enough contrast for white caret labels and on a light page. */
export const ROLE_COLORS: Record<Role, string> = { aios: "#0b6e69", opleider: "#8a3ffc" };

export function identityOf(user: { id: string; name: string }, role: Role): Identity {
  return { userId: user.id, name: user.name, role, color: ROLE_COLORS[role] };
}
