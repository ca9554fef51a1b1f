import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";

/** How long after a keystroke someone still counts as typing. */
const TYPING_MS = 2500;

/**
 * "Dr. Jansen typt…": each browser marks its awareness state with the time of its last
 * local edit (at most once a second); everyone shows who edited in the last moments.
 * Names come from the awareness `user`, which the server rewrites to the account's name.
 */
export function TypingIndicator({ doc, provider }: { doc: Y.Doc; provider: WebsocketProvider }) {
  const { t } = useTranslation();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    let lastMark = 0;
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) return; // the other person's edit, not ours
      const now = Date.now();
      if (now - lastMark < 1000) return;
      lastMark = now;
      awareness.setLocalStateField("typingAt", now);
    };
    const refresh = () => {
      const now = Date.now();
      const typing: string[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const at = typeof state.typingAt === "number" ? state.typingAt : 0;
        const name = typeof state.user?.name === "string" ? state.user.name : null;
        if (name && now - at < TYPING_MS && !typing.includes(name)) typing.push(name);
      });
      setNames((previous) => (previous.join("\n") === typing.join("\n") ? previous : typing));
    };
    doc.on("update", onUpdate);
    awareness.on("change", refresh);
    const timer = setInterval(refresh, 1000);
    return () => {
      doc.off("update", onUpdate);
      awareness.off("change", refresh);
      clearInterval(timer);
    };
  }, [doc, provider]);
  return (
    <span className="typing-indicator muted small" aria-live="polite" data-testid="typing-indicator">
      {names.length ? t("workspace.typing", { names: names.join(", ") }) : ""}
    </span>
  );
}
