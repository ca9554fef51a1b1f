import { useCallback, useEffect, useState } from "react";
import { LiveEvent, type CommandReply, type LiveErrorCode } from "./events";
import type { LeadCommand, LeadState, Suggestion } from "./lead";
import { liveSocket } from "./socket";

type Command = LeadCommand extends infer C ? (C extends { meetingId: string } ? Omit<C, "meetingId"> : never) : never;

export interface Lead {
  state: LeadState;
  suggestion: Suggestion | null;
  /** The last refused command's reason (an i18n key under live.errors), until the next command. */
  error: LiveErrorCode | null;
  send(command: Command): Promise<boolean>;
  suggest(itemId: string): void;
  dismissSuggestion(): void;
}

function emit(event: string, payload: unknown): Promise<CommandReply> {
  return new Promise((resolve) => {
    liveSocket()
      .timeout(5000)
      .emit(event, payload, (timeout: Error | null, reply: CommandReply) => resolve(timeout ? { ok: false, error: "saveFailed" } : reply));
  });
}

/** The meeting's lead state as the server has it, kept live, and the commands to change it. */
export function useLead(initial: LeadState): Lead {
  const meetingId = initial.meetingId;
  const [state, setState] = useState(initial);
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [error, setError] = useState<LiveErrorCode | null>(null);

  useEffect(() => {
    const socket = liveSocket();
    const onState = (next: LeadState) => {
      if (next.meetingId !== meetingId) return;
      // States can arrive out of order (a reconnect's snapshot after a newer broadcast):
      // the lead version orders them, so an older one never rolls the page back.
      setState((current) => (next.version < current.version ? current : next));
      setSuggestion((s) => (s && s.itemId === next.currentItemId ? null : s));
    };
    const onSuggestion = (next: Suggestion | null) => setSuggestion(next);
    socket.on(LiveEvent.leadState, onState);
    socket.on(LiveEvent.leadSuggestion, onSuggestion);
    return () => {
      socket.off(LiveEvent.leadState, onState);
      socket.off(LiveEvent.leadSuggestion, onSuggestion);
    };
  }, [meetingId]);

  const send = useCallback(
    async (command: Command) => {
      const reply = await emit(LiveEvent.leadCommand, { ...command, meetingId });
      setError(reply.ok ? null : reply.error);
      return reply.ok;
    },
    [meetingId],
  );
  const suggest = useCallback((itemId: string) => void emit(LiveEvent.leadSuggest, { meetingId, itemId }), [meetingId]);
  const dismissSuggestion = useCallback(() => void emit(LiveEvent.leadDismiss, { meetingId }), [meetingId]);
  return { state, suggestion, error, send, suggest, dismissSuggestion };
}
