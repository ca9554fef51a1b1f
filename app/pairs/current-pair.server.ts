import { createCookie } from "@remix-run/node";

/**
 * Remembers the pair a user last opened, so the home page is that pair's dashboard. Only a
 * hint: the home page still checks membership before it follows it.
 */
export const currentPairCookie = createCookie("koers_pair", { httpOnly: true, sameSite: "lax", path: "/", maxAge: 365 * 24 * 3600 });

export async function currentPairFromCookie(cookieHeader: string | null): Promise<string | null> {
  const value: unknown = await currentPairCookie.parse(cookieHeader);
  return typeof value === "string" ? value : null;
}
