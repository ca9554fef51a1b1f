import fs from "node:fs";
import SQLite from "better-sqlite3";
import * as Y from "yjs";
import { MeetingField, meetingDocName, docAccessUrl } from "../../app/collab/protocol";
import { LiveEvent, type CommandReply } from "../../app/live/events";
import { bigPost } from "../../tests/support/big-post";
import {
  Browser,
  connected,
  gcClaim,
  idFromLocation,
  liveSocket,
  paragraph,
  pause,
  provider,
  rawYjs,
  signUpAndLogIn,
  textBlock,
  type Person,
} from "./actors";
import { awarenessMessage, updateMessage } from "../../tests/support/yjs-messages";

// Each abuse of issue #13, run against a production server for a few seconds while a member
// edits (scripts/abuse.ts measures around it). A phase says whether the abuse was held off, and
// how: the numbers a reader needs to judge it, not only yes or no.

export interface World {
  baseUrl: string;
  databasePath: string;
  /** The aios of pair P, who edits throughout. */
  member: Person;
  /** The opleider of pair P: a member with an account, playing the attacker where the abuse needs one. */
  partner: Person;
  /** A logged-in person of another pair. */
  stranger: Person;
  pairId: string;
  meetingId: string;
}

export interface Outcome {
  held: boolean;
  detail: string;
}

export interface Phase {
  id: string;
  title: string;
  run(world: World): Promise<Outcome>;
}

const MB = 1024 * 1024;
const docOf = (world: World) => meetingDocName(world.meetingId);

async function newMeeting(world: World, title: string): Promise<string> {
  const res = await world.member.browser.post(`/pairs/${world.pairId}`, { intent: "schedule", kind: "taakgericht", subkind: "consultbespreking", date: "2026-12-15", time: "10:00", plannedMinutes: "45", title });
  return idFromLocation(res, "meetings");
}

/** A Y.Doc of the document as the server has it now, read by a fresh member tab. */
async function serverCopy(world: World, docName: string, cookie = world.member.browser.cookie): Promise<{ doc: Y.Doc; ms: number; close(): void }> {
  const started = performance.now();
  const fresh = provider(world.baseUrl, docName, cookie);
  await Promise.race([fresh.synced, pause(15_000)]);
  return { doc: fresh.doc, ms: performance.now() - started, close: () => (fresh.provider.destroy(), fresh.doc.destroy()) };
}

/** "Versie opslaan" snapshots of a meeting, as stored (read from the server's database file). */
function countManualSnapshots(world: World, meetingId: string): number {
  const db = new SQLite(world.databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("select count(*) as n from snapshots where meeting_id = ? and reason = 'manual'").get(meetingId) as { n: number }).n;
  } finally {
    db.close();
  }
}

function databaseBytes(world: World): number {
  return ["", "-wal"].reduce((sum, suffix) => sum + (fs.existsSync(world.databasePath + suffix) ? fs.statSync(world.databasePath + suffix).size : 0), 0);
}

export const PHASES: Phase[] = [
  {
    id: "baseline",
    title: "no abuse (baseline)",
    async run() {
      await pause(3000);
      return { held: true, detail: "—" };
    },
  },
  {
    id: "bodies",
    title: "1 four 200 MB POSTs to /login (2 with Content-Length, 2 streamed)",
    async run(world) {
      const posts = await Promise.all([
        bigPost(`${world.baseUrl}/login`, { totalBytes: 200 * MB, declared: true }),
        bigPost(`${world.baseUrl}/login`, { totalBytes: 200 * MB, declared: true }),
        bigPost(`${world.baseUrl}/login`, { totalBytes: 200 * MB, declared: false }),
        bigPost(`${world.baseUrl}/signup`, { totalBytes: 200 * MB, declared: false }),
      ]);
      await pause(1500);
      const refused = posts.filter((p) => p.status === 413 || p.status === 0).length;
      const read = posts.reduce((sum, p) => sum + p.bytesWritten, 0);
      return { held: refused === 4, detail: `${posts.map((p) => p.status || "closed").join("/")}; ${(read / MB).toFixed(0)} of 800 MB sent before the server stopped them` };
    },
  },
  {
    id: "login-race",
    title: "2 40 simultaneous password guesses for one account, one address",
    async run(world) {
      const attacker = new Browser(world.baseUrl, "203.0.113.40");
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const res = await attacker.post("/login", { email: world.partner.email, password: `gok-${i}` });
          const html = await res.text();
          return html.includes("horen niet bij elkaar") ? "checked" : html.includes("Te veel") ? "refused" : `status ${res.status}`;
        }),
      );
      const checked = answers.filter((a) => a === "checked").length;
      return { held: checked <= 5, detail: `${checked} of 40 checked (≤ 5 allowed), ${answers.filter((a) => a === "refused").length} refused` };
    },
  },
  {
    id: "redirect",
    title: "3 /login?next=%2F%09%2Fevil.example%2F (logged in, and logging in)",
    async run(world) {
      const next = "%2F%09%2Fevil.example%2F";
      const already = await world.member.browser.get(`/login?next=${next}`);
      const fresh = new Browser(world.baseUrl, "192.0.2.30");
      const after = await fresh.post(`/login?next=${next}`, { email: world.member.email, password: world.member.password });
      const offSite = [already, after].filter((r) => new URL(r.headers.get("location") ?? "/", world.baseUrl).origin !== new URL(world.baseUrl).origin).length;
      await pause(2000);
      return { held: offSite === 0, detail: `Location ${already.headers.get("location")} and ${after.headers.get("location")}` };
    },
  },
  {
    id: "gc-takeover",
    title: "4 partner claims the member's next 1,000,000 clocks (16-byte GC) while the member is offline",
    async run(world) {
      const victim = provider(world.baseUrl, docOf(world), world.member.browser.cookie);
      await victim.synced;
      const notes = victim.doc.getXmlFragment(MeetingField.notes);
      notes.push([paragraph("victim-online")]);
      await pause(500);
      victim.provider.disconnect();
      notes.push([paragraph("victim-offline-paragraph")]);
      // What the server holds of the victim's client: its clock there is where the claim starts.
      const server = await serverCopy(world, docOf(world));
      const victimId = victim.doc.clientID;
      const clock = Y.decodeStateVector(Y.encodeStateVector(server.doc)).get(victimId) ?? 0;
      server.close();
      const attacker = await rawYjs(world.baseUrl, docOf(world), world.partner.browser.cookie);
      const claim = gcClaim(victimId, clock, 1_000_000);
      attacker?.send(updateMessage(claim));
      await pause(500);
      attacker?.close();
      victim.provider.connect();
      await Promise.race([new Promise((r) => victim.provider.once("sync", r)), pause(5000)]);
      await pause(1500);
      const after = await serverCopy(world, docOf(world));
      const stored = after.doc.getXmlFragment(MeetingField.notes).toString().includes("victim-offline-paragraph");
      after.close();
      const renamed = victim.doc.clientID !== victimId;
      // After Yjs renamed the client (it saw "its" clocks used by someone else), the provider's
      // awareness no longer knows its own id and destroy() throws: a client-side casualty of the attack.
      try {
        victim.provider.destroy();
      } catch {}
      return {
        held: stored,
        detail: `${claim.length}-byte claim; offline paragraph ${stored ? "stored" : "LOST (not on the server)"}${renamed ? "; the member's Yjs client had to change its id" : ""}`,
      };
    },
  },
  {
    id: "doc-growth",
    title: "5 partner writes 57 MB in 30 updates, then 5 × 'Versie opslaan'",
    async run(world) {
      const meetingId = await newMeeting(world, "Groeiend document");
      const docName = meetingDocName(meetingId);
      const before = databaseBytes(world);
      const attacker = await rawYjs(world.baseUrl, docName, world.partner.browser.cookie);
      let closedWith: number | null = null;
      attacker?.once("close", (code) => (closedWith = code));
      const doc = new Y.Doc();
      let sent = 0;
      for (let i = 0; i < 30 && attacker && closedWith === null; i++) {
        const update = await new Promise<Uint8Array>((resolve) => {
          doc.once("update", resolve);
          doc.getXmlFragment(MeetingField.notes).push([paragraph("x".repeat(1_900_000))]);
        });
        attacker.send(updateMessage(update));
        sent++;
        await pause(60);
      }
      await pause(800);
      attacker?.close();
      let versions = 0;
      for (let i = 0; i < 5; i++) {
        await (await world.partner.browser.post(`/meetings/${meetingId}`, { intent: "saveVersion", label: `v${i}` })).arrayBuffer();
      }
      versions = countManualSnapshots(world, meetingId);
      const copy = await serverCopy(world, docName);
      const docBytes = Y.encodeStateAsUpdate(copy.doc).length;
      copy.close();
      const grew = (databaseBytes(world) - before) / MB;
      return {
        held: docBytes < 10 * MB && versions <= 1,
        detail: `${sent} sent${closedWith ? ` (closed ${closedWith})` : ""}; document ${(docBytes / MB).toFixed(1)} MB, database +${grew.toFixed(0)} MB, ${versions}/5 versions stored, partner's first open ${copy.ms.toFixed(0)} ms`,
      };
    },
  },
  {
    id: "socketio-flood",
    title: "6 one socket: 20,000 presence:join in 3 s, then 2,000 lead:suggest",
    async run(world) {
      const aios = liveSocket(world.baseUrl, world.member.browser.cookie);
      await connected(aios);
      await aios.timeout(5000).emitWithAck(LiveEvent.presenceJoin, { meetingId: world.meetingId });
      let lists = 0;
      let suggestions = 0;
      aios.on(LiveEvent.presenceList, () => lists++);
      aios.on(LiveEvent.leadSuggestion, () => suggestions++);
      const flooder = liveSocket(world.baseUrl, world.partner.browser.cookie);
      await connected(flooder);
      let disconnected = false;
      flooder.on("disconnect", () => (disconnected = true));
      for (let i = 0; i < 20_000 && !disconnected; i++) {
        flooder.emit(LiveEvent.presenceJoin, { meetingId: world.meetingId });
        if (i % 500 === 499) await pause(70);
      }
      const suggester = liveSocket(world.baseUrl, world.partner.browser.cookie);
      await connected(suggester);
      await suggester.timeout(5000).emitWithAck(LiveEvent.presenceJoin, { meetingId: world.meetingId }).catch(() => null);
      let suggesterGone = false;
      suggester.on("disconnect", () => (suggesterGone = true));
      for (let i = 0; i < 2000 && !suggesterGone; i++) {
        suggester.emit(LiveEvent.leadSuggest, { meetingId: world.meetingId, itemId: "item-1" });
        if (i % 200 === 199) await pause(150);
      }
      await pause(1000);
      for (const s of [aios, flooder, suggester]) s.disconnect();
      return {
        held: lists < 20 && suggestions <= 1,
        detail: `the aios heard ${lists} presence lists and ${suggestions} suggestion(s); flooder ${disconnected ? "disconnected" : "still connected"}, suggester ${suggesterGone ? "disconnected" : "still connected"}`,
      };
    },
  },
  {
    id: "role-rules",
    title: "7 opleider's raw Yjs client: writes the verslag, forges proposers, moves items",
    async run(world) {
      // The aios's own item first, through a normal client.
      const aios = provider(world.baseUrl, docOf(world), world.member.browser.cookie);
      await aios.synced;
      aios.doc.getXmlFragment(MeetingField.agenda).push([textBlock("agendaItem", { id: "aios-item", proposedBy: "aios", done: false }, "Punt van de aios")]);
      await pause(500);
      const forger = provider(world.baseUrl, docOf(world), world.partner.browser.cookie);
      await forger.synced;
      const agenda = forger.doc.getXmlFragment(MeetingField.agenda);
      forger.doc.transact(() => forger.doc.getXmlFragment(MeetingField.report).push([paragraph("Vervalst verslag door de opleider")]));
      forger.doc.transact(() => agenda.push([textBlock("agendaItem", { id: "forged-item", proposedBy: "aios", done: false }, "Zogenaamd van de aios")]));
      forger.doc.transact(() => {
        const item = agenda.toArray().find((n) => n instanceof Y.XmlElement && n.getAttribute("id") === "aios-item") as Y.XmlElement | undefined;
        item?.setAttribute("proposedBy", "opleider");
        item?.setAttribute("done", true as unknown as string);
      });
      forger.doc.transact(() => {
        // Move the first agenda node to the end (what ↑/↓ does; only the aios may).
        const first = agenda.get(0);
        if (first instanceof Y.XmlElement) {
          const copy = first.clone();
          agenda.delete(0, 1);
          agenda.push([copy]);
        }
      });
      await pause(1500);
      const copy = await serverCopy(world, docOf(world));
      const server = copy.doc;
      const report = server.getXmlFragment(MeetingField.report).toString().includes("Vervalst verslag");
      const items = server.getXmlFragment(MeetingField.agenda).toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
      const forgedItem = items.find((n) => n.getAttribute("id") === "forged-item")?.getAttribute("proposedBy") === "aios";
      const ownItem = items.find((n) => n.getAttribute("id") === "aios-item");
      const proposerChanged = ownItem?.getAttribute("proposedBy") === "opleider" || String(ownItem?.getAttribute("done")) === "true";
      const moved = items.at(-1) !== undefined && items.length > 1 && items[0]?.getAttribute("id") !== "aios-item" && items.at(-1)?.getAttribute("id") === "aios-item";
      copy.close();
      for (const c of [aios, forger]) c.provider.destroy();
      const stored = [report && "verslag", forgedItem && "forged proposer", proposerChanged && "aios item changed", moved && "reordered"].filter(Boolean);
      return { held: stored.length === 0, detail: stored.length ? `stored: ${stored.join(", ")}` : "all four refused" };
    },
  },
  {
    id: "ics",
    title: "8 partner writes an agreement whose id holds CRLF + BEGIN:VEVENT; the member's feed",
    async run(world) {
      const forger = provider(world.baseUrl, docOf(world), world.partner.browser.cookie);
      await forger.synced;
      const forgedId = "a\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:Ingebroken\r\nDTSTART:20261201T090000Z";
      forger.doc.getXmlFragment(MeetingField.agreements).push([textBlock("agreement", { id: forgedId, owner: "aios", followUpDate: "2026-12-20", status: "open" }, "Afspraak met een vals id")]);
      await pause(2500); // the agreements indexer reads the document within a second or so
      forger.provider.destroy();
      const page = await world.member.browser.post("/account/calendar", { intent: "enable" });
      const url = /https?:\/\/[^"<\s]+\/calendar\/[A-Za-z0-9_-]{43}\.ics/.exec(await page.text())?.[0];
      if (!url) return { held: false, detail: "could not turn the feed on" };
      const res = await fetch(url);
      const lines = (await res.text()).replace(/\r\n[ \t]/g, "").split("\r\n");
      const injected = lines.filter((l) => l.startsWith("SUMMARY:Ingebroken") || l.startsWith("UID:evil") || l.startsWith("DTSTART:20261201T090000Z")).length;
      return { held: res.status === 200 && injected === 0, detail: `feed ${res.status}, ${injected} injected line(s)` };
    },
  },
  {
    id: "dates",
    title: "9 a meeting on 2026-13-45, a pair period 2026-99-99; then the feed and the dashboard",
    async run(world) {
      const meeting = await world.member.browser.post(`/pairs/${world.pairId}`, { intent: "schedule", kind: "persoonsgericht", date: "2026-13-45", time: "10:00", plannedMinutes: "45" });
      const pair = await world.member.browser.post("/pairs/new", { creatorRole: "aios", practiceName: "Onmogelijk", trainingYear: "1", startsOn: "2026-99-99", endsOn: "2027-01-01" });
      const dashboard = await world.member.browser.get(`/pairs/${world.pairId}`);
      await pause(2000);
      const accepted = [meeting.status === 302 && "meeting", pair.status === 302 && "pair"].filter(Boolean);
      return { held: accepted.length === 0 && dashboard.status === 200, detail: `${accepted.length ? `accepted: ${accepted.join(", ")}` : "both refused with a reason"}; dashboard ${dashboard.status}` };
    },
  },
  {
    id: "markdown",
    title: "10 an agreement's text with newlines, headings and links, in report.md",
    async run(world) {
      const forger = provider(world.baseUrl, docOf(world), world.partner.browser.cookie);
      await forger.synced;
      forger.doc.getXmlFragment(MeetingField.agreements).push([
        textBlock("agreement", { id: "md-injection", owner: "opleider", followUpDate: null, status: "open" }, "Gewone afspraak\n# Kop van buiten\n- [klik](https://evil.example)\n```"),
      ]);
      await pause(1500);
      forger.provider.destroy();
      const res = await world.member.browser.get(`/meetings/${world.meetingId}/report.md`);
      const md = await res.text();
      // Held when the agreement stays one line of the file: its newlines did not start new lines (items, headings, code).
      const lines = md.split("\n");
      const own = lines.find((l) => l.includes("Gewone afspraak"));
      const split = lines.filter((l) => !l.includes("Gewone afspraak") && /Kop van buiten|klik|^\\?`{3}/.test(l)).length;
      return { held: res.status === 200 && own !== undefined && split === 0, detail: `report.md ${res.status}; ${own ? `${split} line(s) broken out of the agreement's text` : "the agreement is missing"}` };
    },
  },
  {
    id: "awareness-takeover",
    title: "11 after the member's tab drops, the partner claims its awareness id with a higher clock",
    async run(world) {
      const tab = provider(world.baseUrl, docOf(world), world.member.browser.cookie);
      await tab.synced;
      const id = tab.doc.clientID;
      tab.provider.awareness.setLocalStateField("cursor", { mark: "own-1" });
      await pause(400);
      tab.provider.disconnect();
      await pause(1000); // the server has noticed the drop
      const attacker = await rawYjs(world.baseUrl, docOf(world), world.partner.browser.cookie);
      attacker?.send(awarenessMessage([[id, 1000, { user: { name: "Iemand", color: "#000000" }, cursor: { mark: "taken" } }]]));
      await pause(600);
      const observer = provider(world.baseUrl, docOf(world), world.member.browser.cookie);
      await observer.synced;
      tab.provider.connect();
      await pause(500);
      tab.provider.awareness.setLocalStateField("cursor", { mark: "own-2" });
      await pause(1200);
      const state = observer.provider.awareness.getStates().get(id) as { cursor?: { mark?: string } } | undefined;
      attacker?.close();
      for (const c of [tab, observer]) c.provider.destroy();
      const owns = state?.cursor?.mark === "own-2";
      return { held: owns, detail: `the member's returning state is ${owns ? "shown" : `refused (shown: ${state?.cursor?.mark ?? "nothing"})`}` };
    },
  },
  {
    id: "enumeration",
    title: "12 sign-up with a taken vs a free address; a stranger's 6 wrong guesses, then the owner",
    async run(world) {
      const visitor = new Browser(world.baseUrl, "198.51.100.12");
      const timed = async (email: string) => {
        const started = performance.now();
        const res = await visitor.post("/signup", { name: "Iemand", email, password: "een-ander-wachtwoord" });
        await res.text();
        return { ms: performance.now() - started, status: res.status, location: res.headers.get("location") };
      };
      const taken: number[] = [];
      const free: number[] = [];
      let sameAnswer = true;
      for (let i = 0; i < 4; i++) {
        const a = await timed(world.member.email);
        const b = await timed(`nieuw-${i}-${Date.now()}@abuse.invalid`);
        taken.push(a.ms);
        free.push(b.ms);
        if (a.status !== b.status || a.location !== b.location) sameAnswer = false;
      }
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      const ratio = median(taken) / median(free);
      const stranger = new Browser(world.baseUrl, "198.51.100.13");
      for (let i = 0; i < 6; i++) await stranger.post("/login", { email: world.member.email, password: `gok-${i}` });
      // The member's own browser (it logged in before) logs in again.
      const owner = await world.member.browser.post("/login", { email: world.member.email, password: world.member.password });
      const ownerIn = owner.status === 302;
      return {
        held: sameAnswer && ratio > 0.5 && ratio < 2 && ownerIn,
        detail: `answers ${sameAnswer ? "the same" : "DIFFER"}, taken/free time ${ratio.toFixed(2)}×; owner ${ownerIn ? "logs in" : "LOCKED OUT"} after the stranger's guesses`,
      };
    },
  },
  {
    id: "scheme",
    title: "Also: a POST with Origin https://<same host> to the http server",
    async run(world) {
      const res = await world.member.browser.post("/account", { intent: "logOutElsewhere" }, { Origin: world.baseUrl.replace("http://", "https://") });
      await pause(2000);
      return { held: res.status === 403, detail: `answered ${res.status}` };
    },
  },
  {
    id: "yjs-connections",
    title: "Also: 300 /yjs connections from one session",
    async run(world) {
      const sockets = await Promise.all(Array.from({ length: 300 }, () => rawYjs(world.baseUrl, docOf(world), world.partner.browser.cookie)));
      const open = sockets.filter((s) => s !== null);
      await pause(1500);
      const stillOpen = open.filter((s) => s!.readyState === s!.OPEN).length;
      for (const s of open) s!.terminate();
      return { held: stillOpen <= 50, detail: `${open.length} of 300 accepted, ${stillOpen} still open after 1.5 s` };
    },
  },
  {
    id: "awareness-flood",
    title: "Also: ten partner connections send awareness updates at full speed",
    async run(world) {
      const listener = await rawYjs(world.baseUrl, docOf(world), world.member.browser.cookie);
      let bytes = 0;
      listener?.on("message", (data: Buffer) => (bytes += data.length));
      const flooders = (await Promise.all(Array.from({ length: 10 }, () => rawYjs(world.baseUrl, docOf(world), world.partner.browser.cookie)))).filter((s) => s !== null);
      const started = performance.now();
      let clock = 1;
      while (performance.now() - started < 3000) {
        for (const [i, f] of flooders.entries()) {
          if (f!.readyState !== f!.OPEN) continue;
          f!.send(awarenessMessage([[900_000 + i, clock, { user: { name: "x", color: "#000000" }, cursor: { anchor: clock, pad: "y".repeat(2000) } }]]));
        }
        clock++;
        await pause(2);
      }
      const seconds = (performance.now() - started) / 1000;
      const open = flooders.filter((f) => f!.readyState === f!.OPEN).length;
      for (const f of flooders) f!.terminate();
      listener?.terminate();
      const rate = bytes / seconds / MB;
      return { held: rate < 1, detail: `${rate.toFixed(2)} MB/s reached one member's connection; ${open}/10 flooders still open` };
    },
  },
  {
    id: "doc-access",
    title: "Also: /api/doc-access for another pair's meeting vs a missing one",
    async run(world) {
      const ask = async (docName: string) => JSON.stringify(await (await world.stranger.browser.get(docAccessUrl(docName))).json());
      const others = await ask(docOf(world));
      const missing = await ask(meetingDocName("does-not-exist-0000"));
      await pause(2000);
      return { held: others === missing, detail: `${others} / ${missing}` };
    },
  },
];

/** The pair, meeting and people every phase works with, made through the real pages. */
export async function setUpWorld(baseUrl: string, databasePath: string): Promise<World> {
  const member = await signUpAndLogIn(baseUrl, "Abuse Aios", "192.0.2.10");
  const partner = await signUpAndLogIn(baseUrl, "Abuse Opleider", "192.0.2.20");
  const stranger = await signUpAndLogIn(baseUrl, "Abuse Stranger", "192.0.2.40");
  const pair = await member.browser.post("/pairs/new", { creatorRole: "aios", practiceName: "Praktijk Misbruik", trainingYear: "1", startsOn: "2026-09-01", endsOn: "2027-08-31" });
  const pairId = idFromLocation(pair, "pairs");
  const invite = await member.browser.post(`/pairs/${pairId}`, { intent: "invite" });
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(await invite.text())?.[1];
  if (!token) throw new Error("no invite link on the pair page");
  const accepted = await partner.browser.post(`/invite/${token}`, {});
  if (accepted.status !== 302) throw new Error(`accepting the invite answered ${accepted.status}`);
  await stranger.browser.post("/pairs/new", { creatorRole: "aios", practiceName: "Praktijk Elders", trainingYear: "1", startsOn: "2026-09-01", endsOn: "2027-08-31" });
  const world: World = { baseUrl, databasePath, member, partner, stranger, pairId, meetingId: "" };
  world.meetingId = await newMeeting(world, "Gesprek onder vuur");
  return world;
}

export type { CommandReply };
