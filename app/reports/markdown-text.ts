// Text from documents inside Markdown stays text (issue #13.10): a value is always one line
// (every line break, of any kind, becomes a space), every character Markdown reads as inline
// markup is backslash-escaped, and so is whatever would open a block at the start of a line.
// So no value can become a list item, a rule, a code block, a heading, a quote, a table, an
// HTML block or a link, wherever in report.md (or the aios archive) it is written.

/** Line breaks of every kind, and other control characters that renderers treat as breaks. */
const LINE_BREAKS = /[\r\n\u000b\u000c\u0085\u2028\u2029]+/g;

/** Inline markup anywhere in a line: escapes, code, emphasis, links, HTML, tables, strikethrough, entities, heading marks. */
const INLINE_MARKUP = /([\\`*_[\]<>|~&#])/g;

/** One value (a name, a title, a paragraph's text) as Markdown text: one line, escaped. */
export function markdownText(value: string): string {
  const oneLine = value.replace(LINE_BREAKS, " ").replace(/[\t ]+/g, " ").trim();
  return (
    oneLine
      .replace(INLINE_MARKUP, "\\$1")
      // Bare URLs and addresses are links in GFM without any markup: "http:\/\/", "www\.", "\@" are not.
      .replace(/:\/\//g, ":\\/\\/")
      .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}\\.`)
      .replace(/@/g, "\\@")
      // At the start of a line: headings, quotes, bullets, setext and thematic rules, numbered items.
      .replace(/^([#>+\-=])/, "\\$1")
      .replace(/^(\d+)([.)])/, "$1\\$2")
  );
}
