import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import { meetingDocName, MeetingField } from "../collab/protocol";
import { openDocConnection, type DocConnection } from "../collab/doc-connection.client";
import { koersSchemaExtensions } from "../editor/extensions";
import type { Identity } from "../live/identity";
import { SaveStatus } from "./save-status";

/**
 * The meeting's notes, bound to the `notes` field of its Y.Doc over the y-websocket
 * protocol. Browser-only: loaded lazily by the meeting page after hydration.
 */
export default function NotesEditor({ meetingId, identity }: { meetingId: string; identity: Identity }) {
  const { t } = useTranslation();
  const [session, setSession] = useState<DocConnection | null>(null);

  useEffect(() => {
    const connection = openDocConnection(meetingDocName(meetingId));
    setSession(connection);
    return () => connection.destroy();
  }, [meetingId]);

  return (
    <section className="editor-panel" aria-labelledby="notes-title">
      <div className="panel-header">
        <h2 id="notes-title" className="section-title">
          {t("meeting.notes")}
        </h2>
        {session ? <SaveStatus connection={session} /> : null}
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
  session: DocConnection;
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
