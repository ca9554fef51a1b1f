// The display name and colour a person chose on this device (until accounts exist).

export interface Identity {
  name: string;
  color: string;
}

/** Colours with enough contrast against white text and on a light page. */
export const IDENTITY_COLORS = ["#0b6e69", "#8a3ffc", "#c2410c", "#1d4ed8", "#be185d", "#4d7c0f"] as const;

const KEY = "koers.identity";

export function loadIdentity(): Identity | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? "null") as Partial<Identity> | null;
    if (value && typeof value.name === "string" && typeof value.color === "string" && value.name.trim()) {
      return { name: value.name, color: value.color };
    }
  } catch {
    // A broken entry is treated as none.
  }
  return null;
}

export function saveIdentity(identity: Identity): void {
  localStorage.setItem(KEY, JSON.stringify(identity));
}
