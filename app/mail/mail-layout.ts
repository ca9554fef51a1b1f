// One layout for every mail, as plain text and as HTML. Everything that comes from people
// (names, practice names, agenda items, agreements, comments) is escaped in the HTML; links
// are only the ones Koers builds itself.

export type MailBlock =
  | { type: "paragraph"; text: string }
  | { type: "lines"; lines: string[] }
  | { type: "list"; title: string; items: string[] }
  | { type: "quote"; text: string }
  | { type: "button"; label: string; url: string };

export interface MailContent {
  subject: string;
  greeting: string;
  blocks: MailBlock[];
  /** Why the person gets this mail, and how to switch it off. */
  /** `text` precedes the URL in the plain text; `label` is the link's text in the HTML. */
  footer: { why: string; switchOff?: { text: string; label: string; url: string }; settings?: { text: string; label: string; url: string } };
  signature: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Renders a mail's content as plain text and as HTML. */
export function renderMail(content: MailContent, language: string): RenderedMail {
  return { subject: oneLine(content.subject), text: textOf(content), html: htmlOf(content, language) };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ").trim();
}

function textOf(content: MailContent): string {
  const parts: string[] = [content.greeting];
  for (const block of content.blocks) {
    switch (block.type) {
      case "paragraph":
        parts.push(block.text);
        break;
      case "lines":
        parts.push(block.lines.join("\n"));
        break;
      case "list":
        parts.push([`${block.title}:`, ...block.items.map((item) => `- ${oneLine(item)}`)].join("\n"));
        break;
      case "quote":
        parts.push(block.text.split("\n").map((line) => `> ${line}`).join("\n"));
        break;
      case "button":
        parts.push(`${block.label}:\n${block.url}`);
        break;
    }
  }
  parts.push(content.signature);
  const footer = [content.footer.why];
  if (content.footer.switchOff) footer.push(`${content.footer.switchOff.text} ${content.footer.switchOff.url}`);
  if (content.footer.settings) footer.push(`${content.footer.settings.text} ${content.footer.settings.url}`);
  parts.push(`-- \n${footer.join("\n")}`);
  return `${parts.join("\n\n")}\n`;
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const INK = "#1c2b2a";
const MUTED = "#5b6b69";
const ACCENT = "#0b6e69";

function link(url: string, label: string, style = `color:${ACCENT}`): string {
  return `<a href="${escapeHtml(url)}" style="${style}">${escapeHtml(label)}</a>`;
}

function htmlOf(content: MailContent, language: string): string {
  const p = (inner: string, style = "") => `<p style="margin:0 0 16px;${style}">${inner}</p>`;
  const body: string[] = [p(escapeHtml(content.greeting))];
  for (const block of content.blocks) {
    switch (block.type) {
      case "paragraph":
        body.push(p(escapeHtml(block.text)));
        break;
      case "lines":
        body.push(p(block.lines.map(escapeHtml).join("<br>")));
        break;
      case "list":
        body.push(
          `<p style="margin:0 0 6px;font-weight:600">${escapeHtml(block.title)}</p>` +
            `<ul style="margin:0 0 16px;padding-left:20px">${block.items.map((item) => `<li style="margin:0 0 4px">${escapeHtml(item)}</li>`).join("")}</ul>`,
        );
        break;
      case "quote":
        body.push(
          `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid ${ACCENT};background:#e8f3f2">${escapeHtml(block.text).replace(/\n/g, "<br>")}</blockquote>`,
        );
        break;
      case "button":
        body.push(
          p(link(block.url, block.label, `display:inline-block;background:${ACCENT};color:#ffffff;text-decoration:none;font-weight:600;padding:10px 18px;border-radius:8px`)),
        );
        break;
    }
  }
  body.push(p(escapeHtml(content.signature)));
  const footer = [escapeHtml(content.footer.why)];
  // Link texts, not URLs: a switch-off URL is long and would overflow a phone's screen.
  const links = [content.footer.switchOff, content.footer.settings].filter((l) => l !== undefined);
  if (links.length > 0) footer.push(links.map((l) => link(l.url, l.label, `color:${MUTED}`)).join(" · "));
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(oneLine(content.subject))}</title></head>`,
    `<body style="margin:0;padding:24px 12px;background:#f4f7f6;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:${INK};line-height:1.5;font-size:15px">`,
    `<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d7e0de;border-radius:10px;padding:24px">`,
    `<p style="margin:0 0 16px;font-weight:700;font-size:18px;color:${ACCENT}">Koers</p>`,
    ...body,
    `</div>`,
    `<div style="max-width:560px;margin:12px auto 0;font-size:12px;color:${MUTED}">${footer.map((line) => `<p style="margin:0 0 6px">${line}</p>`).join("")}</div>`,
    "</body></html>",
  ].join("\n");
}
