/** Cookie remembering the pair a user last opened, so the home page is that pair's dashboard. */
export const CURRENT_PAIR_COOKIE = "koers_pair";

export function currentPairFromCookie(cookieHeader: string | null): string | null {
  const match = new RegExp(`(?:^|;\\s*)${CURRENT_PAIR_COOKIE}=([0-9a-f-]{36})`).exec(cookieHeader ?? "");
  return match?.[1] ?? null;
}
