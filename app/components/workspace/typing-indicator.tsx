import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WebsocketProvider } from "y-websocket";

/** How long after a keystroke someone still counts as typing. */
const TYPING_MS = 2500;

/**
 * "Dr. Jansen typt…": each browser marks its awareness state with the time of its last text
 * edit in a shared field (at most once a second); everyone shows who edited in the last
 * moments. Only a person's own input counts (the browser's `beforeinput`: typing, pasting,
 * deleting): a heading the page writes into the notes when the aios clicks "Bespreken", or
 * an item moved with ↑/↓, is no typing. Private notes are not shared, so they do not count.
 * Names come from the awareness `user`, which the server rewrites to the account's name.
 */
export function TypingIndicator({ provider }: { provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    let lastMark = 0;
    const onInput = (event: Event) => {
      if (!(event.target instanceof Element) || !event.target.closest("[data-shared]")) return;
      const now = Date.now();
      if (now - lastMark < 1000) return;
      lastMark = now;
      awareness.setLocalStateField("typingAt", now);
    };
    // When this browser saw each other client's mark change: its own clock, so two devices
    // whose clocks differ by seconds still agree on "just now".
    const seen = new Map<number, { mark: number | null; at: number }>();
    const refresh = () => {
      const now = Date.now();
      const typing: string[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const mark = typeof state.typingAt === "number" ? state.typingAt : null;
        const previous = seen.get(clientId);
        // The first state seen of a client is old news (it may carry a mark from minutes ago).
        if (!previous) seen.set(clientId, { mark, at: 0 });
        else if (previous.mark !== mark) seen.set(clientId, { mark, at: now });
        const name = typeof state.user?.name === "string" ? state.user.name : null;
        if (name && now - seen.get(clientId)!.at < TYPING_MS && !typing.includes(name)) typing.push(name);
      });
      setNames((previous) => (previous.join("\n") === typing.join("\n") ? previous : typing));
    };
    document.addEventListener("beforeinput", onInput, true);
    awareness.on("change", refresh);
    const timer = setInterval(refresh, 1000);
    return () => {
      document.removeEventListener("beforeinput", onInput, true);
      awareness.off("change", refresh);
      clearInterval(timer);
    };
  }, [provider]);
  return (
    <span className="typing-indicator muted small" aria-live="polite" data-testid="typing-indicator">
      {names.length ? t("workspace.typing", { names: names.join(", ") }) : ""}
    </span>
  );
}
