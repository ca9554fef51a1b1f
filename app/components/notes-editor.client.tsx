import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { YJS_PATH, meetingDocName, MeetingField } from "../collab/protocol";
import { koersSchemaExtensions } from "../editor/extensions";
import type { Identity } from "../live/identity";

type ConnectionStatus = "connecting" | "connected" | "disconnected";

interface Session {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

/**
 * The meeting's notes, bound to the `notes` field of its Y.Doc over the y-websocket
 * protocol. Browser-only: loaded lazily by the meeting page after hydration.
 */
export default function NotesEditor({ meetingId, identity }: { meetingId: string; identity: Identity }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("connecting");

  useEffect(() => {
    // Created here with connect: false and listeners attached first, so no status event is missed.
    const doc = new Y.Doc();
    const scheme = window.location.protocol === "https:" ? "wss" : "ws";
    const provider = new WebsocketProvider(`${scheme}://${window.location.host}${YJS_PATH}`, meetingDocName(meetingId), doc, {
      connect: false,
      maxBackoffTime: 10_000,
    });
    provider.on("status", ({ status }: { status: ConnectionStatus }) => setStatus(status));
    provider.connect();
    setSession({ doc, provider });
    return () => {
      provider.destroy();
      doc.destroy();
    };
  }, [meetingId]);

  return (
    <section className="editor-panel" aria-labelledby="notes-title">
      <div className="panel-header">
        <h2 id="notes-title" className="section-title">
          {t("meeting.notes")}
        </h2>
        <span className={`status status-${status}`} role="status" data-testid="connection-status">
          {t(`meeting.status.${status}`)}
        </span>
      </div>
      {session ? (
        <CollaborativeEditor session={session} identity={identity} label={t("meeting.notes")} placeholder={t("meeting.notesPlaceholder")} />
      ) : (
        <p className="muted">{t("meeting.loadingEditor")}</p>
      )}
    </section>
  );
}

function CollaborativeEditor({
  session,
  identity,
  label,
  placeholder,
}: {
  session: Session;
  identity: Identity;
  label: string;
  placeholder: string;
}) {
  const editor = useEditor(
    {
      immediatelyRender: false,
      extensions: [
        ...koersSchemaExtensions(),
        Placeholder.configure({ placeholder }),
        Collaboration.configure({ document: session.doc, field: MeetingField.notes }),
        CollaborationCaret.configure({ provider: session.provider, user: { name: identity.name, color: identity.color } }),
      ],
      editorProps: {
        attributes: { "aria-label": label, "aria-multiline": "true", role: "textbox", class: "prose", "data-testid": "notes-editor" },
      },
    },
    [session, identity.name, identity.color],
  );
  return <EditorContent editor={editor} />;
}
