import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { EditorState, type Transaction } from "@tiptap/pm/state";
import { initProseMirrorDoc, updateYFragment, ySyncPluginKey } from "@tiptap/y-tiptap";
import { connectClient, eventually, startTestServer, type TestClient } from "../support/test-server";
import type { KoersServer } from "../../server/koers-server";
import type { Role } from "../../db/schema";
import { CloseCode, MeetingField, meetingDocName } from "../../app/collab/protocol";
import { koersSchema } from "../../app/editor/extensions";
import { appendToField, fillEmptyField } from "../../app/editor/write-fields";
import { readAgenda, readTextBlocks } from "../../app/editor/read-fields";

// Issue #13.7: the role rules inside the shared meeting document, checked by the server on
// every update (docs/decisions/009). Each attack is a raw Yjs client of a real member; each
// normal flow is written the way the editor writes it (y-tiptap's updateYFragment).

let server: KoersServer;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
});

const MEETING = "m-roles";
const DOC = meetingDocName(MEETING);

async function open(role: Role): Promise<TestClient & { closedWith: Promise<number> }> {
  const client = connectClient(server, DOC, role);
  clients.push(client);
  // The close code the server sent, or -1 when it kept the connection for 5 s.
  const closedWith = new Promise<number>((resolve) => {
    client.provider.on("connection-close", (event) => event && resolve(event.code));
    setTimeout(() => resolve(-1), 5000).unref();
  });
  await client.synced;
  return Object.assign(client, { closedWith });
}

/** The agenda as the server has stored it. */
const storedAgenda = () => server.services.readDocument(DOC, (doc) => readAgenda(doc).map(({ id, proposedBy, done, title }) => ({ id, proposedBy, done, title })));
const storedReport = () => server.services.readDocument(DOC, (doc) => readTextBlocks(doc, MeetingField.report).map((b) => b.text));

/** Writes a ProseMirror change into a field exactly as the editor's Yjs binding does. */
function editLikeTiptap(client: TestClient, field: string, change: (tr: Transaction) => void): void {
  const fragment = client.doc.getXmlFragment(field);
  const { doc, meta } = initProseMirrorDoc(fragment, koersSchema());
  const tr = EditorState.create({ doc, schema: koersSchema() }).tr;
  change(tr);
  client.doc.transact(() => updateYFragment(client.doc, fragment, tr.doc, meta), ySyncPluginKey);
}

const item = (id: string, title: string, proposedBy: Role, done = false) => ({
  type: "agendaItem",
  attrs: { id, proposedBy, done, timeboxMinutes: null },
  content: [{ type: "text", text: title }],
});

/** The aios's two items and, added by the opleider, a proposal: the usual start of a meeting. */
async function meetingWithAgenda() {
  server = await startTestServer();
  const aios = await open("aios");
  const opleider = await open("opleider");
  fillEmptyField(aios.doc, MeetingField.agenda, { type: "doc", content: [item("a1", "Casus", "aios"), item("a2", "Leerdoelen", "aios")] });
  await eventually(() => expect(readAgenda(opleider.doc)).toHaveLength(2));
  appendToField(opleider.doc, MeetingField.agenda, [item("o1", "Feedback op consult", "opleider")]);
  await eventually(async () => expect(await storedAgenda()).toHaveLength(3));
  return { aios, opleider };
}

/** The agenda element with this id in a client's copy. */
function element(client: TestClient, id: string): Y.XmlElement {
  const found = client.doc.getXmlFragment(MeetingField.agenda).toArray().find((e) => e instanceof Y.XmlElement && e.getAttribute("id") === id);
  if (!found) throw new Error(`no agenda item ${id}`);
  return found as Y.XmlElement;
}

describe("role rules in the shared document", () => {
  it("only the aios writes the verslag: the opleider's write is refused (4403) and not stored", async () => {
    server = await startTestServer();
    const aios = await open("aios");
    const opleider = await open("opleider");
    fillEmptyField(aios.doc, MeetingField.report, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Verslag van de aios" }] }] });
    await eventually(async () => expect(await storedReport()).toEqual(["Verslag van de aios"]));
    await eventually(() => expect(readTextBlocks(opleider.doc, MeetingField.report)).toHaveLength(1));

    // The opleider's editor adds an empty paragraph after a trailing list by itself (TrailingNode): no writing.
    opleider.doc.getXmlFragment(MeetingField.report).push([new Y.XmlElement("paragraph")]);
    await eventually(async () => expect(await server.services.readDocument(DOC, (d) => d.getXmlFragment(MeetingField.report).length)).toBe(2));
    expect(opleider.provider.wsconnected).toBe(true);
    const paragraph = opleider.doc.getXmlFragment(MeetingField.report).get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, "Door de opleider: ");
    expect(await opleider.closedWith).toBe(CloseCode.roleRule);
    expect(await storedReport()).toEqual(["Verslag van de aios"]);
    // A paragraph with text is writing.
    const third = await open("opleider");
    const written = new Y.XmlElement("paragraph");
    third.doc.transact(() => {
      third.doc.getXmlFragment(MeetingField.report).push([written]);
      written.insert(0, [new Y.XmlText("Ook van de opleider")]);
    });
    expect(await third.closedWith).toBe(CloseCode.roleRule);
    // Deleting it is writing it too.
    const again = await open("opleider");
    again.doc.getXmlFragment(MeetingField.report).delete(0, 1);
    expect(await again.closedWith).toBe(CloseCode.roleRule);
    expect(await storedReport()).toEqual(["Verslag van de aios"]);
    // The aios goes on writing.
    ((aios.doc.getXmlFragment(MeetingField.report).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Definitief: ");
    await eventually(async () => expect(await storedReport()).toEqual(["Definitief: Verslag van de aios"]));
  });

  it("the aios's writing and deleting in the verslag, echoed in the opleider's sync, is not the opleider's writing", async () => {
    server = await startTestServer();
    const aios = await open("aios");
    const opleider = await open("opleider");
    fillEmptyField(aios.doc, MeetingField.report, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Concept verslag" }] }] });
    await eventually(() => expect(readTextBlocks(opleider.doc, MeetingField.report).map((b) => b.text)).toEqual(["Concept verslag"]));
    ((aios.doc.getXmlFragment(MeetingField.report).get(0) as Y.XmlElement).get(0) as Y.XmlText).delete(0, 8);
    await eventually(() => expect(readTextBlocks(opleider.doc, MeetingField.report).map((b) => b.text)).toEqual(["verslag"]));
    // On reconnecting, the opleider's sync step 2 carries the whole delete set, the aios's deletion included.
    opleider.provider.disconnect();
    opleider.provider.connect();
    await new Promise<void>((resolve) => opleider.provider.once("sync", () => resolve()));
    ((aios.doc.getXmlFragment(MeetingField.report).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(0, "Definitief ");
    await eventually(() => expect(readTextBlocks(opleider.doc, MeetingField.report).map((b) => b.text)).toEqual(["Definitief verslag"]));
    expect(opleider.provider.wsconnected).toBe(true);
  });

  it("a proposer never changes: neither on one's own item nor on the other's (4403)", async () => {
    const { opleider } = await meetingWithAgenda();
    element(opleider, "o1").setAttribute("proposedBy", "aios");
    expect(await opleider.closedWith).toBe(CloseCode.roleRule);
    const second = await open("opleider");
    element(second, "a1").setAttribute("proposedBy", "opleider");
    expect(await second.closedWith).toBe(CloseCode.roleRule);
    // The aios may not change one either.
    const aios = clients[0] as TestClient & { closedWith: Promise<number> };
    element(aios, "o1").setAttribute("proposedBy", "aios");
    expect(await aios.closedWith).toBe(CloseCode.roleRule);
    expect((await storedAgenda()).map((i) => [i.id, i.proposedBy])).toEqual([["a1", "aios"], ["a2", "aios"], ["o1", "opleider"]]);
  });

  it("a new item is proposed by whoever created it: a forged proposer is set right by the server", async () => {
    const { aios, opleider } = await meetingWithAgenda();
    // A raw client creates an item that says the aios proposed it.
    const forged = new Y.XmlElement("agendaItem");
    opleider.doc.transact(() => {
      opleider.doc.getXmlFragment(MeetingField.agenda).insert(3, [forged]);
      forged.setAttribute("id", "x1");
      forged.setAttribute("proposedBy", "aios");
      forged.setAttribute("done", true as unknown as string);
      forged.insert(0, [new Y.XmlText("Zelf bedacht")]);
    });
    await eventually(async () => expect((await storedAgenda())[3]).toEqual({ id: "x1", proposedBy: "opleider", done: false, title: "Zelf bedacht" }));
    // Every copy converges on the corrected item.
    await eventually(() => expect(readAgenda(aios.doc)[3]).toMatchObject({ id: "x1", proposedBy: "opleider", done: false }));
    await eventually(() => expect(readAgenda(opleider.doc)[3]).toMatchObject({ id: "x1", proposedBy: "opleider", done: false }));
    expect(opleider.provider.wsconnected).toBe(true);
  });

  it("only the aios moves items: the opleider's reorder is refused (4403) and not stored", async () => {
    const { opleider } = await meetingWithAgenda();
    // The way the editor writes a move: the two elements swap their attributes and text.
    editLikeTiptap(opleider, MeetingField.agenda, (tr) => {
      const [first, second] = [tr.doc.child(0), tr.doc.child(1)];
      tr.replaceWith(0, first.nodeSize + second.nodeSize, [second, first]);
    });
    expect(await opleider.closedWith).toBe(CloseCode.roleRule);
    // And as a raw client would: take an item out and put it back elsewhere, in one update.
    const second = await open("opleider");
    second.doc.transact(() => {
      const agenda = second.doc.getXmlFragment(MeetingField.agenda);
      agenda.delete(0, 1);
      const moved = new Y.XmlElement("agendaItem");
      agenda.insert(2, [moved]);
      moved.setAttribute("id", "a1");
      moved.setAttribute("proposedBy", "aios");
      moved.insert(0, [new Y.XmlText("Casus")]);
    });
    expect(await second.closedWith).toBe(CloseCode.roleRule);
    expect((await storedAgenda()).map((i) => i.id)).toEqual(["a1", "a2", "o1"]);
  });

  it("only the aios ticks items off: the opleider's done is refused (4403) and not stored", async () => {
    const { opleider } = await meetingWithAgenda();
    element(opleider, "a1").setAttribute("done", true as unknown as string);
    expect(await opleider.closedWith).toBe(CloseCode.roleRule);
    expect((await storedAgenda()).map((i) => i.done)).toEqual([false, false, false]);
  });

  it("lets both do what the workspace lets them: typing in any item, adding proposals, the aios moving and ticking off", async () => {
    const { aios, opleider } = await meetingWithAgenda();
    // The opleider types inside the aios's item, and adds a proposal the way the add form does.
    editLikeTiptap(opleider, MeetingField.agenda, (tr) => tr.insertText("SOLK-", 1));
    editLikeTiptap(opleider, MeetingField.agenda, (tr) => tr.insert(tr.doc.content.size, koersSchema().nodeFromJSON(item("o2", "Rooster", "opleider"))));
    // Enter in the middle of the aios's item: the editor copies its attributes (a fresh id
    // comes from UniqueNodeIds); the new half is the opleider's, set right by the server.
    editLikeTiptap(opleider, MeetingField.agenda, (tr) => {
      tr.split(5, 1, [{ type: koersSchema().nodes.agendaItem!, attrs: { ...tr.doc.child(0).attrs, id: "o3" } }]);
    });
    await eventually(async () =>
      expect((await storedAgenda()).map((i) => [i.id, i.title, i.proposedBy])).toEqual([
        ["a1", "SOLK", "aios"],
        ["o3", "-Casus", "opleider"],
        ["a2", "Leerdoelen", "aios"],
        ["o1", "Feedback op consult", "opleider"],
        ["o2", "Rooster", "opleider"],
      ]),
    );
    await eventually(() => expect(readAgenda(aios.doc)).toHaveLength(5));
    // The aios moves the opleider's proposal to the top (↑, as move-node.ts does) and ticks one off.
    editLikeTiptap(aios, MeetingField.agenda, (tr) => {
      const [a, b] = [tr.doc.child(2), tr.doc.child(3)];
      const start = tr.doc.child(0).nodeSize + tr.doc.child(1).nodeSize;
      tr.replaceWith(start, start + a.nodeSize + b.nodeSize, [b, a]);
    });
    editLikeTiptap(aios, MeetingField.agenda, (tr) => tr.setNodeMarkup(0, undefined, { ...tr.doc.child(0).attrs, done: true }));
    await eventually(async () =>
      expect((await storedAgenda()).map((i) => [i.id, i.proposedBy, i.done])).toEqual([
        ["a1", "aios", true],
        ["o3", "opleider", false],
        ["o1", "opleider", false],
        ["a2", "aios", false],
        ["o2", "opleider", false],
      ]),
    );
    expect(aios.provider.wsconnected && opleider.provider.wsconnected).toBe(true);
  });

  it("the aios moves an item past the opleider's proposal the way the editor does (the proposal taken out and put back): accepted, the proposer kept", async () => {
    const { aios } = await meetingWithAgenda();
    // ↑ on "Leerdoelen" below the proposal: y-tiptap, which knows the moved nodes, deletes the
    // proposal's element and inserts a copy of it on the other side, in one update. The
    // deleted element's attributes are deleted with it: that is no change of its proposer.
    aios.doc.transact(() => {
      const agenda = aios.doc.getXmlFragment(MeetingField.agenda);
      agenda.delete(2, 1);
      const moved = new Y.XmlElement("agendaItem");
      agenda.insert(1, [moved]);
      moved.setAttribute("id", "o1");
      moved.setAttribute("proposedBy", "opleider");
      moved.insert(0, [new Y.XmlText("Feedback op consult")]);
    });
    await eventually(async () =>
      expect((await storedAgenda()).map((i) => [i.id, i.proposedBy])).toEqual([
        ["a1", "aios"],
        ["o1", "opleider"],
        ["a2", "aios"],
      ]),
    );
    expect(await aios.closedWith).toBe(-1);
  });

  it("private notes have one author and no role rules", async () => {
    server = await startTestServer();
    const { TEST_USERS } = await import("../support/test-access");
    const { privateNotesDocName } = await import("../../app/collab/protocol");
    const name = privateNotesDocName(MEETING, TEST_USERS.opleider.id);
    const own = connectClient(server, name, "opleider");
    clients.push(own);
    await own.synced;
    own.doc.getXmlFragment(MeetingField.report).insert(0, [new Y.XmlText("mijn eigen aantekening")]);
    await eventually(async () => expect(await server.services.readDocument(name, (d) => d.getXmlFragment(MeetingField.report).length)).toBe(1));
    expect(own.provider.wsconnected).toBe(true);
  });
});
