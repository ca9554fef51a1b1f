import { appendBlocks } from "../../editor/append-blocks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Editor } from "@tiptap/react";
import { AGREEMENT_OWNERS, isoDateOrNull, type AgreementOwner } from "../../editor/agreement";
import { newNodeId } from "../../meetings/templates";

/** Adds a concrete agreement with its owner and follow-up date (terugkomdatum). */
export function AddAgreement({ editor }: { editor: Editor | null }) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [owner, setOwner] = useState<AgreementOwner>("aios");
  const [date, setDate] = useState("");
  return (
    <form
      className="add-agreement stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!editor || !text.trim()) return;
        appendBlocks(editor, {
          type: "agreement",
          attrs: { id: newNodeId(), owner, followUpDate: isoDateOrNull(date), status: "open" },
          content: [{ type: "text", text: text.trim() }],
        });
        setText("");
        setDate("");
      }}
    >
      <label htmlFor="new-agreement-text">{t("agreements.new")}</label>
      <input id="new-agreement-text" value={text} onChange={(e) => setText(e.target.value)} placeholder={t("agreements.newPlaceholder")} />
      <div className="row">
        <fieldset className="chips">
          <legend className="small">{t("agreements.owner")}</legend>
          {AGREEMENT_OWNERS.map((o) => (
            <label key={o} className={`chip${owner === o ? " is-on" : ""}`}>
              <input type="radio" name="new-agreement-owner" value={o} checked={owner === o} onChange={() => setOwner(o)} />
              {t(`agreements.owners.${o}`)}
            </label>
          ))}
        </fieldset>
        <label className="inline-field">
          <span className="small">{t("agreements.followUp")}</span>
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} data-testid="new-agreement-date" />
        </label>
      </div>
      <button type="submit" disabled={!editor || !text.trim()}>
        {t("agreements.add")}
      </button>
    </form>
  );
}
