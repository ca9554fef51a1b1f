import { createContext, useContext } from "react";

// The CSP nonce of the current response: set by entry.server, read by the root's <Scripts>.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

/** The nonce for inline scripts ("" in the browser, where it is no longer needed). */
export function useNonce(): string {
  return useContext(NonceContext);
}
