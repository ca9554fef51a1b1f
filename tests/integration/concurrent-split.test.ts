import { afterEach, describe, expect, it } from "vitest";
import { splitBlock } from "@tiptap/pm/commands";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { connectClient, eventually, startTestServer, tempDatabase, type TestClient } from "../support/test-server";
import { HeadlessEditor, storedLines } from "../support/headless-editor";
import { meetingDocName } from "../../app/collab/protocol";
import { koersSchema } from "../../app/editor/extensions";
import { watchConcurrentSplits } from "../../app/editor/concurrent-split-repair";
import type { KoersServer } from "../../server/koers-server";

// Two browsers' editors (y-prosemirror's own diffing, headless, with the watcher the
// editor extension starts) on one meeting document through the real server on port 0.

const SENTENCE = "Eerst de agenda, dan de notities, tot slot de afspraken.";

const servers: KoersServer[] = [];
const clients: TestClient[] = [];
const stops: Array<() => void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  for (const c of clients.splice(0)) c.destroy();
  for (const s of servers.splice(0)) await s.close();
});

function client(server: KoersServer, docName: string) {
  const c = connectClient(server, docName);
  clients.push(c);
  return c;
}

async function editorOn(server: KoersServer, docName: string) {
  const c = client(server, docName);
  await c.synced;
  stops.push(watchConcurrentSplits(c.doc));
  return { client: c, editor: new HeadlessEditor(c.doc, "notes") };
}

describe("both press Enter in the same sentence at once, through the server", () => {
  it("each screen and a reload after a restart show the rest of the sentence once", async () => {
    const databasePath = tempDatabase();
    let server = await startTestServer(databasePath);
    servers.push(server);
    const docName = meetingDocName("week-49");
    const aios = await editorOn(server, docName);
    const opleider = await editorOn(server, docName);
    prosemirrorJSONToYXmlFragment(koersSchema(), { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: SENTENCE }] }] }, aios.client.doc.getXmlFragment("notes"));
    await eventually(() => expect(opleider.editor.lines()).toEqual([SENTENCE]));

    // In the same tick: neither has seen the other's Enter when pressing its own.
    aios.editor.caretAt(0, "Eerst de agenda, ".length);
    aios.editor.run(splitBlock);
    opleider.editor.caretAt(0, "Eerst de agenda, dan de notities, ".length);
    opleider.editor.run(splitBlock);

    await eventually(() => {
      for (const side of [aios, opleider]) {
        const lines = side.editor.lines();
        expect(lines.join("")).toBe(SENTENCE);
        expect(lines.join("\n").split("tot slot de afspraken.")).toHaveLength(2);
      }
      expect(opleider.editor.lines()).toEqual(aios.editor.lines());
    });
    const shown = aios.editor.lines();
    // The server's copy has the repair too (both sent it: deleting twice is deleting once).
    const onServer = async () => await server.services.readDocument(docName, (doc) => storedLines(doc));
    for (let tries = 0; JSON.stringify(await onServer()) !== JSON.stringify(shown) && tries < 100; tries++) await new Promise((r) => setTimeout(r, 20));
    expect(await onServer()).toEqual(shown);

    // What the server stored is the repaired text: after a restart a new client loads it.
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    servers.pop();
    server = await startTestServer(databasePath);
    servers.push(server);
    const reload = client(server, docName);
    await reload.synced;
    expect(storedLines(reload.doc)).toEqual(shown);
  });
});
