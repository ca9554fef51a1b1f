import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import { DocConnection } from "../../collab/doc-connection.client";
import { docAccessUrl, MeetingField, meetingDocName, privateNotesDocName, type DocAccess } from "../../collab/protocol";
import { DOCUMENT_FIELD_NAMES, MEETING_FIELDS, type DocumentFieldName } from "../../meetings/fields";
import { useWorkspace } from "./workspace-context";
import { TypingIndicator } from "./typing-indicator";
import { PREP_FIELD } from "../../meetings/proces-prep";
import { kindOf } from "../../meetings/kinds";
import type { Identity } from "../../live/identity";
import type { Lead } from "../../live/use-lead";
import { FieldEditor } from "./field-editor.client";
import { AddAgendaItem } from "./add-agenda-item";
import { AddAgreement } from "./add-agreement";
import { SaveStatus } from "../save-status";
import { TemplatePanel } from "./template-panel";
import { useFollowLead } from "./use-follow-lead";
import type { RefusedChange } from "./refused-change";

/** A tab per shared field (fields.ts), and the person's own notes. */
type Tab = DocumentFieldName | "private";

interface WorkspaceProps {
  meetingId: string;
  kind: string;
  subkind: string | null;
  identity: Identity;
  lead: Lead;
  readOnly: boolean;
  /** Whether this person may write the report now (the aios, before confirmation). */
  reportEditable: boolean;
  /** Called when the server refuses a document (session ended, access lost); the page then locks. */
  onRefusal: (reason: DocAccess) => void;
  /** Called when the server refuses a change to one of the documents (or null once it takes them again). */
  onRefusedChange: (refused: RefusedChange | null) => void;
}

/**
 * The shared fields of a meeting (one Y.Doc; the list in fields.ts) side by side, tabbed on
 * narrow screens, and the user's private notes (their own Y.Doc, only they can open it). A
 * field written after the meeting (the verslag) comes first once the meeting has ended.
 */
export default function Workspace({ meetingId, kind, subkind, identity, lead, readOnly, reportEditable, onRefusal, onRefusedChange }: WorkspaceProps) {
  const ended = lead.state.status === "afgerond";
  const { t } = useTranslation();
  const [shared, setShared] = useState<DocConnection | null>(null);
  const [own, setOwn] = useState<DocConnection | null>(null);
  const [tab, setTab] = useState<Tab>(ended ? "report" : "agenda");
  // The meeting ends while the page is open: the verslag comes next, so a narrow screen shows its tab (not the one that was open).
  const wasEnded = useRef(ended);
  useEffect(() => {
    if (ended && !wasEnded.current) setTab("report");
    wasEnded.current = ended;
  }, [ended]);
  const editors = useRef<Partial<Record<Tab, Editor | null>>>({});
  const [, rerender] = useState(0);

  useEffect(() => {
    const connect = (docName: string) =>
      new DocConnection(docName, {
        checkAccess: () =>
          fetch(docAccessUrl(docName), { credentials: "same-origin" })
            .then((r) => r.json() as Promise<{ access: DocAccess }>)
            .then((j) => j.access),
      });
    const connection = connect(meetingDocName(meetingId));
    const privateConnection = connect(privateNotesDocName(meetingId, identity.userId));
    setShared(connection);
    setOwn(privateConnection);
    return () => {
      connection.destroy();
      privateConnection.destroy();
    };
  }, [meetingId, identity.userId]);

  // One stable callback per field, so editors register once.
  const register = useMemo(() => {
    const make = (name: Tab) => (editor: Editor | null) => {
      if (editors.current[name] === editor) return;
      editors.current[name] = editor;
      rerender((n) => n + 1);
    };
    const callbacks = Object.fromEntries([...DOCUMENT_FIELD_NAMES, "private" as const].map((name) => [name, make(name)])) as Record<Tab, (editor: Editor | null) => void>;
    return (name: Tab) => callbacks[name];
  }, []);
  const agendaEditor = editors.current.agenda ?? null;
  const notesEditor = editors.current.notes ?? null;
  const agreementsEditor = editors.current.agreements ?? null;
  const { setAgendaItems, locked } = useWorkspace();
  useFollowLead({ lead, role: identity.role, agendaEditor, notesEditor, onAgendaItems: setAgendaItems });

  // The page shows why the server stopped serving a document, at the top, and locks the controls.
  const onRefusalRef = useRef(onRefusal);
  onRefusalRef.current = onRefusal;
  useEffect(() => {
    const connections = shared && own ? [shared, own] : [];
    const refused = connections.map((c) => c.refusal).find((r) => r !== null);
    if (refused) onRefusalRef.current(refused);
    const offs = connections.map((c) => c.onRefusal((reason) => onRefusalRef.current(reason)));
    return () => offs.forEach((off) => off());
  }, [shared, own]);
  const onRefusedChangeRef = useRef(onRefusedChange);
  onRefusedChangeRef.current = onRefusedChange;
  useEffect(() => {
    const connections = shared && own ? [shared, own] : [];
    const offs = connections.map((c) =>
      c.onClosedByServer((closed) => onRefusedChangeRef.current(closed ? { ...closed, discardOfflineCopy: () => c.discardOfflineCopy() } : null)),
    );
    return () => offs.forEach((off) => off());
  }, [shared, own]);

  if (!shared || !own) return <p className="muted">{t("meeting.loadingEditor")}</p>;
  // Nothing can be stored once the server refuses: the fields stay readable, the local copy stays.
  const fieldsReadOnly = readOnly || locked;
  const preparation = kindOf(kind).preparation;

  // The shared fields carry carets (the provider's awareness); the private ones do not.
  const onShared = { doc: shared.doc, provider: shared.provider, identity };
  const onOwn = { doc: own.doc, provider: null, identity };
  const fields = [
    ...DOCUMENT_FIELD_NAMES.filter((name) => MEETING_FIELDS[name].workspace.afterEnd && ended),
    ...DOCUMENT_FIELD_NAMES.filter((name) => !MEETING_FIELDS[name].workspace.afterEnd),
  ];
  const panels: Array<{ id: Tab; title: string }> = [
    ...fields.map((name) => ({ id: name, title: t(MEETING_FIELDS[name].label) })),
    { id: "private", title: t("workspace.private") },
  ];
  // What each field's panel has besides its editor.
  const extras: Partial<Record<DocumentFieldName, { before?: ReactNode; after?: ReactNode }>> = {
    report: { before: <p className="muted small">{t(reportEditable ? "report.writeHint" : "report.readHint")}</p> },
    agenda: { after: readOnly ? null : <AddAgendaItem editor={agendaEditor} role={identity.role} /> },
    notes: { after: readOnly ? null : <TemplatePanel kind={kind} subkind={subkind} notesEditor={notesEditor} agendaEditor={agendaEditor} role={identity.role} /> },
    agreements: { after: readOnly ? null : <AddAgreement editor={agreementsEditor} /> },
  };

  return (
    <div className={ended ? "workspace has-report" : "workspace"} data-active-tab={tab}>
      <div className="workspace-tabs" role="tablist" aria-label={t("workspace.fields")}>
        {panels.map((panel) => (
          <button
            key={panel.id}
            type="button"
            role="tab"
            id={`tab-${panel.id}`}
            aria-controls={`panel-${panel.id}`}
            aria-selected={tab === panel.id}
            className={tab === panel.id ? "tab is-active" : "tab"}
            onClick={() => setTab(panel.id)}
          >
            {panel.title}
          </button>
        ))}
      </div>
      <div className="workspace-status">
        <TypingIndicator provider={shared.provider} />
        <SaveStatus connection={shared} />
      </div>

      {fields.map((name) => {
        const field = MEETING_FIELDS[name];
        return (
          <FieldPanel key={name} id={name} title={t(field.label)}>
            {extras[name]?.before}
            <FieldEditor
              {...onShared}
              field={field.fragment}
              label={t(field.label)}
              placeholder={t(field.workspace.placeholder)}
              testId={field.workspace.testId}
              // The verslag is the aios's, after the meeting; the other fields are both people's until it is confirmed.
              readOnly={field.workspace.afterEnd ? !reportEditable || locked : fieldsReadOnly}
              onEditor={register(name)}
              trailingParagraph={field.workspace.trailingParagraph}
            />
            {extras[name]?.after}
          </FieldPanel>
        );
      })}

      <FieldPanel id="private" title={t("workspace.private")} status={<SaveStatus connection={own} />}>
        <p className="muted small">{t(preparation?.i18n.privateHint ?? "workspace.privateHint")}</p>
        {preparation ? (
          <>
            <h3 className="small">{t(preparation.i18n.privateTitle)}</h3>
            <FieldEditor {...onOwn} field={PREP_FIELD} label={t(preparation.i18n.privateTitle)} placeholder={t("workspace.privatePlaceholder")} testId="prep-editor" readOnly={locked} initialContent={preparation.privateTemplate()} />
            <h3 className="small">{t("workspace.private")}</h3>
          </>
        ) : null}
        <FieldEditor {...onOwn} field={MeetingField.notes} label={t("workspace.private")} placeholder={t("workspace.privatePlaceholder")} testId="private-editor" readOnly={locked} onEditor={register("private")} />
      </FieldPanel>
    </div>
  );
}

/** One field's panel: a tab panel with its heading (and, optionally, a status beside it). */
function FieldPanel({ id, title, status, children }: { id: Tab; title: string; status?: ReactNode; children: ReactNode }) {
  return (
    <section id={`panel-${id}`} className={`editor-panel panel-${id}`} aria-labelledby={`title-${id}`} role="tabpanel">
      <header className="panel-header">
        {/* Focusable from script: after "Gesprek afronden" focus lands on the Verslag heading. */}
        <h2 id={`title-${id}`} className="section-title" tabIndex={-1}>
          {title}
        </h2>
        {status}
      </header>
      {children}
    </section>
  );
}
