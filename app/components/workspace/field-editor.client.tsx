import { useEffect, useRef } from "react";
import { EditorContent, ReactNodeViewRenderer, useEditor, type Editor } from "@tiptap/react";
import type { JSONContent } from "@tiptap/core";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { Placeholder } from "@tiptap/extensions";
import type * as Y from "yjs";
import type { WebsocketProvider } from "y-websocket";
import { koersSchemaExtensions } from "../../editor/extensions";
import { AgendaItem } from "../../editor/agenda-item";
import { Agreement } from "../../editor/agreement";
import type { Identity } from "../../live/identity";
import { UniqueNodeIds } from "../../editor/unique-ids";
import { AgendaItemView } from "./agenda-item-view";
import { AgreementView } from "./agreement-view";

// The shared schema with the browser's node views in place of the plain nodes.
const AgendaItemWithView = AgendaItem.extend({ addNodeView: () => ReactNodeViewRenderer(AgendaItemView) });
const AgreementWithView = Agreement.extend({ addNodeView: () => ReactNodeViewRenderer(AgreementView) });

/**
 * The shared schema with the browser's node views. `trailingParagraph: false` turns off
 * StarterKit's trailing node, which appends an empty paragraph whenever the last block is
 * not one: in a list of items (agenda, agreements) every added item then got a blank line
 * after it, and with two people each browser added its own, so blanks piled up between
 * items and counted as places for ↑/↓. It adds no node type, so the schema stays the same.
 */
function browserExtensions(trailingParagraph: boolean) {
  return koersSchemaExtensions().map((ext) => {
    if (ext.name === "agendaItem") return AgendaItemWithView;
    if (ext.name === "agreement") return AgreementWithView;
    if (ext.name === "starterKit" && !trailingParagraph) return ext.configure({ trailingNode: false });
    return ext;
  });
}

interface FieldEditorProps {
  doc: Y.Doc;
  provider: WebsocketProvider | null;
  field: string;
  identity: Identity;
  label: string;
  placeholder: string;
  testId: string;
  readOnly?: boolean;
  onEditor?: (editor: Editor | null) => void;
  /** Content for a field that is still empty once the document has loaded (e.g. the 3+3 template). */
  initialContent?: JSONContent;
  /** Keep an empty paragraph at the end (free text); off for fields that are lists of items. */
  trailingParagraph?: boolean;
}

/** A Tiptap editor bound to one field of a Y.Doc, with collaboration carets when a provider is given. */
export function FieldEditor({ doc, provider, field, identity, label, placeholder, testId, readOnly, onEditor, initialContent, trailingParagraph = true }: FieldEditorProps) {
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable: !readOnly,
      extensions: [
        ...browserExtensions(trailingParagraph),
        UniqueNodeIds,
        Placeholder.configure({ placeholder }),
        Collaboration.configure({ document: doc, field }),
        ...(provider ? [CollaborationCaret.configure({ provider, user: { name: identity.name, color: identity.color } })] : []),
      ],
      editorProps: {
        // data-shared marks the fields the other person sees: typing there shows as "X typt…".
        attributes: { "aria-label": label, "aria-multiline": "true", role: "textbox", class: "prose", "data-testid": testId, ...(provider ? { "data-shared": "" } : {}) },
      },
    },
    [doc, provider, field, identity.name, identity.color, trailingParagraph],
  );
  // Tell the parent about this editor once per editor instance (a ref, so a new callback
  // identity on every parent render cannot start a render loop).
  const onEditorRef = useRef(onEditor);
  onEditorRef.current = onEditor;
  useEffect(() => {
    onEditorRef.current?.(editor);
    return () => onEditorRef.current?.(null);
  }, [editor]);
  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);
  // A private field is filled from the template once, after its offline copy has loaded.
  const initial = useRef(initialContent);
  useEffect(() => {
    if (!editor || !initial.current) return;
    const timer = setTimeout(() => {
      if (!editor.isDestroyed && doc.getXmlFragment(field).length === 0) editor.commands.setContent(initial.current!);
    }, 500);
    return () => clearTimeout(timer);
  }, [editor, doc, field]);
  return <EditorContent editor={editor} />;
}
