import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import { DocConnection } from "../../collab/doc-connection.client";
import { docAccessUrl, MeetingField, meetingDocName, privateNotesDocName, type DocAccess } from "../../collab/protocol";
import { AccessRefusal } from "./access-refusal";
import { useWorkspace } from "./workspace-context";
import { TypingIndicator } from "./typing-indicator";
import { PREP_FIELD, prepTemplate } from "../../meetings/proces-prep";
import type { Identity } from "../../live/identity";
import type { Lead } from "../../live/use-lead";
import { FieldEditor } from "./field-editor.client";
import { AddAgendaItem } from "./add-agenda-item";
import { AddAgreement } from "./add-agreement";
import { SaveStatus } from "../save-status";
import { TemplatePanel } from "./template-panel";
import { useFollowLead } from "./use-follow-lead";
import type { MeetingKind } from "../../meetings/kinds";

type Tab = "report" | "agenda" | "notes" | "agreements" | "private";

interface WorkspaceProps {
  meetingId: string;
  kind: MeetingKind;
  subkind: string | null;
  identity: Identity;
  lead: Lead;
  readOnly: boolean;
  /** Whether this person may write the report now (the aios, before confirmation). */
  reportEditable: boolean;
}

/**
 * The three shared fields of a meeting (one Y.Doc) side by side, tabbed on narrow screens,
 * and the user's private notes (their own Y.Doc, only they can open it).
 */
export default function Workspace({ meetingId, kind, subkind, identity, lead, readOnly, reportEditable }: WorkspaceProps) {
  const ended = lead.state.status === "afgerond";
  const { t } = useTranslation();
  const [shared, setShared] = useState<DocConnection | null>(null);
  const [own, setOwn] = useState<DocConnection | null>(null);
  const [tab, setTab] = useState<Tab>(ended ? "report" : "agenda");
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
    const callbacks = { report: make("report"), agenda: make("agenda"), notes: make("notes"), agreements: make("agreements"), private: make("private") };
    return (name: Tab) => callbacks[name];
  }, []);
  const agendaEditor = editors.current.agenda ?? null;
  const notesEditor = editors.current.notes ?? null;
  const agreementsEditor = editors.current.agreements ?? null;
  const { setCurrentItem } = useWorkspace();
  useFollowLead({ lead, role: identity.role, agendaEditor, notesEditor, onCurrentItem: setCurrentItem });

  const refusalSources = useMemo(() => (shared && own ? [shared, own] : []), [shared, own]);
  if (!shared || !own) return <p className="muted">{t("meeting.loadingEditor")}</p>;

  const panels: Array<{ id: Tab; title: string }> = [
    ...(ended ? [{ id: "report" as const, title: t("report.title") }] : []),
    { id: "agenda", title: t("workspace.agenda") },
    { id: "notes", title: t("workspace.notes") },
    { id: "agreements", title: t("workspace.agreements") },
    { id: "private", title: t("workspace.private") },
  ];

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
        <TypingIndicator doc={shared.doc} provider={shared.provider} />
        <SaveStatus connection={shared} />
      </div>
      <AccessRefusal connections={refusalSources} />

      {ended ? (
        <section id="panel-report" className="editor-panel panel-report" aria-labelledby="title-report" role="tabpanel">
          <header className="panel-header">
            <h2 id="title-report" className="section-title">
              {t("report.title")}
            </h2>
          </header>
          <p className="muted small">{t(reportEditable ? "report.writeHint" : "report.readHint")}</p>
          <FieldEditor
            doc={shared.doc}
            provider={shared.provider}
            field={MeetingField.report}
            identity={identity}
            label={t("report.title")}
            placeholder={t("report.placeholder")}
            testId="report-editor"
            readOnly={!reportEditable}
            onEditor={register("report")}
          />
        </section>
      ) : null}

      <section id="panel-agenda" className="editor-panel panel-agenda" aria-labelledby="title-agenda" role="tabpanel">
        <header className="panel-header">
          <h2 id="title-agenda" className="section-title">
            {t("workspace.agenda")}
          </h2>
        </header>
        <FieldEditor
          doc={shared.doc}
          provider={shared.provider}
          field={MeetingField.agenda}
          identity={identity}
          label={t("workspace.agenda")}
          placeholder={t("workspace.agendaPlaceholder")}
          testId="agenda-editor"
          readOnly={readOnly}
          onEditor={register("agenda")}
        />
        {readOnly ? null : <AddAgendaItem editor={agendaEditor} role={identity.role} />}
      </section>

      <section id="panel-notes" className="editor-panel panel-notes" aria-labelledby="title-notes" role="tabpanel">
        <header className="panel-header">
          <h2 id="title-notes" className="section-title">
            {t("workspace.notes")}
          </h2>
        </header>
        <FieldEditor
          doc={shared.doc}
          provider={shared.provider}
          field={MeetingField.notes}
          identity={identity}
          label={t("workspace.notes")}
          placeholder={t("workspace.notesPlaceholder")}
          testId="notes-editor"
          readOnly={readOnly}
          onEditor={register("notes")}
        />
        {readOnly ? null : <TemplatePanel kind={kind} subkind={subkind} notesEditor={notesEditor} agendaEditor={agendaEditor} role={identity.role} />}
      </section>

      <section id="panel-agreements" className="editor-panel panel-agreements" aria-labelledby="title-agreements" role="tabpanel">
        <header className="panel-header">
          <h2 id="title-agreements" className="section-title">
            {t("workspace.agreements")}
          </h2>
        </header>
        <FieldEditor
          doc={shared.doc}
          provider={shared.provider}
          field={MeetingField.agreements}
          identity={identity}
          label={t("workspace.agreements")}
          placeholder={t("workspace.agreementsPlaceholder")}
          testId="agreements-editor"
          readOnly={readOnly}
          onEditor={register("agreements")}
        />
        {readOnly ? null : <AddAgreement editor={agreementsEditor} />}
      </section>

      <section id="panel-private" className="editor-panel panel-private" aria-labelledby="title-private" role="tabpanel">
        <header className="panel-header">
          <h2 id="title-private" className="section-title">
            {t("workspace.private")}
          </h2>
          <SaveStatus connection={own} />
        </header>
        <p className="muted small">{t(kind === "procesgericht" ? "workspace.privateProcesHint" : "workspace.privateHint")}</p>
        {kind === "procesgericht" ? (
          <>
            <h3 className="small">{t("workspace.prepTitle")}</h3>
            <FieldEditor
              doc={own.doc}
              provider={null}
              field={PREP_FIELD}
              identity={identity}
              label={t("workspace.prepTitle")}
              placeholder={t("workspace.privatePlaceholder")}
              testId="prep-editor"
              initialContent={prepTemplate()}
            />
            <h3 className="small">{t("workspace.private")}</h3>
          </>
        ) : null}
        <FieldEditor
          doc={own.doc}
          provider={null}
          field={MeetingField.notes}
          identity={identity}
          label={t("workspace.private")}
          placeholder={t("workspace.privatePlaceholder")}
          testId="private-editor"
          onEditor={register("private")}
        />
      </section>
    </div>
  );
}
