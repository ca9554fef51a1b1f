import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { KoersServer } from "../../server/koers-server";
import { startPageServer, connectClient, eventually } from "../support/test-server";
import { getPage, postForm, signUpDirectly, type TestPerson } from "../support/http-session";
import { acceptInvite, createInvite, createPair } from "../../app/pairs/pairs.server";
import { scheduleMeeting } from "../../app/meetings/meetings.server";
import { MeetingField, meetingDocName } from "../../app/collab/protocol";
import { fillEmptyField } from "../../app/editor/write-fields";
import { restoreVersion } from "../../app/history/restore.server";
import { sqlRow, sqlRows, sqlRun, sqlText } from "../support/test-database";
import { seedMeeting, seedTestPair, TEST_PAIR_ID } from "../support/test-access";

// Issue #17: only the aios creates or changes a goal, on every channel; an agreement linked
// to a goal keeps its link through edits and restores; consult feedback is written by who it
// belongs to and refuses patient identifiers without storing anything.

let server: KoersServer;
beforeAll(async () => {
  server = await startPageServer();
  await seedTestPair(server);
});
afterAll(async () => {
  await server?.close();
});

const goals = async (pairId: string) => (await sqlRows(server.services.db, sqlText("select * from learning_goals where pair_id = ?", pairId))) as Array<Record<string, unknown>>;

async function pair(): Promise<{ aios: TestPerson; opleider: TestPerson; stranger: TestPerson; pairId: string }> {
  const aios = await signUpDirectly(server, "Sanne");
  const opleider = await signUpDirectly(server, "Olivier");
  const stranger = await signUpDirectly(server, "Vreemde");
  const pairId = await createPair(server.services, opleider.id, { practiceName: "Praktijk Doel", trainingYear: 1, startsOn: "2026-09-01", endsOn: "2027-08-31", creatorRole: "opleider" });
  await acceptInvite(server.services, await createInvite(server.services, pairId, opleider.id), aios.id);
  return { aios, opleider, stranger, pairId };
}

const goalForm = { intent: "create", what: "Beter samenvatten", why: "Feedback van de opleider", how: "Consulten opnemen", evidence: "Ik vat elk consult samen", evaluateOn: "2027-01-15", competency: "communicatie" };

describe("learning goals: only the aios writes them", () => {
  it("over HTTP: the opleider cannot create, edit or move a goal (403, nothing changes); the aios can; a stranger sees nothing", async () => {
    const { aios, opleider, stranger, pairId } = await pair();
    expect((await getPage(server, `/pairs/${pairId}/leerdoelen`, stranger.cookie)).status).toBe(403);
    expect((await getPage(server, `/pairs/${pairId}/leerdoelen`, opleider.cookie)).status).toBe(200);

    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, goalForm, opleider.cookie)).status).toBe(403);
    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, goalForm, stranger.cookie)).status).toBe(403);
    expect((await goals(pairId))).toHaveLength(0);

    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, goalForm, aios.cookie)).status).toBe(200);
    const [goal] = (await goals(pairId));
    expect(goal).toMatchObject({ what: "Beter samenvatten", status: "actief", competency: "communicatie", evaluate_on: "2027-01-15" });
    const goalPath = `/pairs/${pairId}/leerdoelen/${goal!.id}`;

    expect((await postForm(server, goalPath, { intent: "status", from: "actief", to: "behaald", note: "" }, opleider.cookie)).status).toBe(403);
    expect((await postForm(server, goalPath, { ...goalForm, intent: "edit", revision: "0", what: "Anders" }, opleider.cookie)).status).toBe(403);
    expect((await goals(pairId))[0]).toMatchObject({ what: "Beter samenvatten", status: "actief" });
    expect((await getPage(server, goalPath, stranger.cookie)).status).toBe(403);

    // The opleider comments; the aios moves the status; both land in the history.
    expect((await postForm(server, goalPath, { intent: "comment", text: "Let ook op de afronding" }, opleider.cookie)).status).toBe(200);
    expect((await postForm(server, goalPath, { intent: "status", from: "actief", to: "bijgesteld", note: "Smaller gemaakt" }, aios.cookie)).status).toBe(200);
    expect((await goals(pairId))[0]).toMatchObject({ status: "bijgesteld" });
    const events = (await sqlRows(server.services.db, sqlText("select kind, by_role, from_status, to_status, text from learning_goal_events where goal_id = ? order by at", goal!.id)));
    expect(events).toEqual([
      { kind: "created", by_role: "aios", from_status: null, to_status: "actief", text: null },
      { kind: "comment", by_role: "opleider", from_status: null, to_status: null, text: "Let ook op de afronding" },
      { kind: "status", by_role: "aios", from_status: "actief", to_status: "bijgesteld", text: "Smaller gemaakt" },
    ]);
    // A move from a status the goal no longer has (an old page) is refused, not applied.
    expect((await postForm(server, goalPath, { intent: "status", from: "actief", to: "gestopt", note: "" }, aios.cookie)).status).toBe(409);
    expect((await goals(pairId))[0]).toMatchObject({ status: "bijgesteld" });
  });

  it("the opleider suggests; only the aios turns a suggestion into a goal", async () => {
    const { aios, opleider, pairId } = await pair();
    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, { intent: "suggest", what: "SOLK bespreken", why: "" }, opleider.cookie)).status).toBe(200);
    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, { intent: "suggest", what: "Zelf voorstellen", why: "" }, aios.cookie)).status).toBe(403);
    const suggestion = (await sqlRow(server.services.db, sqlText("select id from learning_goal_suggestions where pair_id = ?", pairId))) as { id: string };
    const accept = { ...goalForm, intent: "accept", suggestionId: suggestion.id, what: "SOLK bespreken" };
    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, accept, opleider.cookie)).status).toBe(403);
    expect((await goals(pairId))).toHaveLength(0);
    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, accept, aios.cookie)).status).toBe(200);
    expect((await goals(pairId)).map((g) => g.what)).toEqual(["SOLK bespreken"]);
    // Accepted once: a second accept makes no second goal.
    expect((await postForm(server, `/pairs/${pairId}/leerdoelen`, accept, aios.cookie)).status).toBe(409);
    expect((await goals(pairId))).toHaveLength(1);
  });

  it("through the shared document no one makes a goal: the opleider may link an agreement to the pair's goal, but a made-up or another pair's goal id is no link", async () => {
    const other = await pair();
    await postForm(server, `/pairs/${other.pairId}/leerdoelen`, goalForm, other.aios.cookie);
    const otherGoal = (await goals(other.pairId))[0]!.id as string;
    // The test pair's own goal, made by its aios through the domain.
    const { createGoal } = await import("../../app/goals/goals.server");
    const { TEST_USERS } = await import("../support/test-access");
    const own = await createGoal(server.services, { pairId: TEST_PAIR_ID, userId: TEST_USERS.aios.id, role: "aios" }, { what: "Eigen doel", why: "", how: "", evidence: "", evaluateOn: "2027-02-01", competency: null });
    if (!own.ok) throw new Error("goal not made");

    const docName = meetingDocName("goal-link-1");
    await seedMeeting(server, docName);
    const opleider = connectClient(server, docName, "opleider");
    await opleider.synced;
    fillEmptyField(opleider.doc, MeetingField.agreements, {
      type: "doc",
      content: [
        { type: "agreement", attrs: { id: "ag-own", owner: "aios", followUpDate: null, status: "open", goalId: own.goal.id }, content: [{ type: "text", text: "Eigen" }] },
        { type: "agreement", attrs: { id: "ag-other", owner: "aios", followUpDate: null, status: "open", goalId: otherGoal }, content: [{ type: "text", text: "Ander koppel" }] },
        { type: "agreement", attrs: { id: "ag-fake", owner: "aios", followUpDate: null, status: "open", goalId: "verzonnen-doel" }, content: [{ type: "text", text: "Verzonnen" }] },
      ],
    });
    const row = async (id: string) => (await sqlRow(server.services.db, sqlText("select goal_id from agreements where id = ?", id))) as { goal_id: string | null } | undefined;
    await eventually(async () => expect((await row("ag-own"))?.goal_id).toBe(own.goal.id));
    expect((await row("ag-other"))?.goal_id).toBeNull();
    expect((await row("ag-fake"))?.goal_id).toBeNull();
    expect((await goals(TEST_PAIR_ID)).map((g) => g.what)).toEqual(["Eigen doel"]);
    opleider.destroy();
  });
});

describe("an agreement linked to a goal", () => {
  it("keeps its link through edits of its text and through restoring a version", async () => {
    const { createGoal } = await import("../../app/goals/goals.server");
    const { TEST_USERS } = await import("../support/test-access");
    const goal = await createGoal(server.services, { pairId: TEST_PAIR_ID, userId: TEST_USERS.aios.id, role: "aios" }, { what: "Doel voor herstel", why: "", how: "", evidence: "", evaluateOn: "2027-02-01", competency: null });
    if (!goal.ok) throw new Error("goal not made");
    const meetingId = "goal-restore-1";
    const docName = meetingDocName(meetingId);
    await seedMeeting(server, docName);
    const aios = connectClient(server, docName, "aios");
    await aios.synced;
    fillEmptyField(aios.doc, MeetingField.agreements, {
      type: "doc",
      content: [{ type: "agreement", attrs: { id: "ag-r", owner: "aios", followUpDate: null, status: "open", goalId: goal.goal.id }, content: [{ type: "text", text: "Samenvatten" }] }],
    });
    const row = async () => (await sqlRow(server.services.db, sqlText("select text, goal_id from agreements where id = 'ag-r'"))) as { text: string; goal_id: string | null } | undefined;
    await eventually(async () => expect(await row()).toEqual({ text: "Samenvatten", goal_id: goal.goal.id }));

    const element = aios.doc.getXmlFragment(MeetingField.agreements).get(0) as Y.XmlElement;
    (element.get(0) as Y.XmlText).insert("Samenvatten".length, " na de anamnese");
    await eventually(async () => expect(await row()).toEqual({ text: "Samenvatten na de anamnese", goal_id: goal.goal.id }));

    const version = await server.services.takeSnapshot(meetingId, "manual", { userId: TEST_USERS.aios.id });
    element.removeAttribute("goalId");
    await eventually(async () => expect((await row())?.goal_id).toBeNull());
    const restored = await restoreVersion(server.services, meetingId, version.id, TEST_USERS.aios.id);
    expect(restored.ok).toBe(true);
    await eventually(async () => expect(await row()).toEqual({ text: "Samenvatten na de anamnese", goal_id: goal.goal.id }));
    aios.destroy();
  });
});

describe("consult feedback", () => {
  it("the aios writes the learning question, the opleider the scores; a BSN or a date of birth is refused and nothing is stored", async () => {
    const { aios, opleider, pairId } = await pair();
    const meeting = await scheduleMeeting(server.services, pairId, aios.id, { kind: "taakgericht", subkind: "consultbespreking", title: null, date: "2026-12-02", time: "10:00", plannedMinutes: 45 });
    const path = `/meetings/${meeting.id}/consult-feedback`;
    const start = await postForm(server, path, { intent: "start" }, opleider.cookie);
    const { formId } = (await start.json()) as { formId: string };
    const form = async () => (await sqlRow(server.services.db, sqlText("select content, revision from consult_feedback where id = ?", formId))) as { content: string; revision: number };
    const save = (patch: object, who: TestPerson) => postForm(server, path, { intent: "save", formId, patch: JSON.stringify(patch) }, who.cookie);

    expect((await save({ part: "itemScore", item: "samenvatten", value: "4" }, aios)).status).toBe(403);
    expect((await save({ part: "learningQuestion", value: "Hoe vat ik samen?" }, opleider)).status).toBe(403);
    expect((await form()).revision).toBe(0);
    expect((await save({ part: "itemScore", item: "samenvatten", value: "2" }, opleider)).status).toBe(200);
    expect((await save({ part: "learningQuestion", value: "Hoe vat ik samen?" }, aios)).status).toBe(200);

    for (const text of ["patiënt met BSN 111222333", "geboren 12-03-1954", "Mevrouw Jansen, 67"]) {
      const refused = (await (await save({ part: "description", value: text }, aios)).json()) as { ok: boolean; problem: string };
      expect(refused).toMatchObject({ ok: false, problem: "identifies" });
    }
    expect((await form()).revision).toBe(2);
    expect(JSON.parse((await form()).content)).toMatchObject({ description: "", learningQuestion: "Hoe vat ik samen?", items: { samenvatten: { score: 2 } } });
    // Another pair's member cannot touch it.
    const outsider = await pair();
    expect((await postForm(server, path, { intent: "save", formId, patch: JSON.stringify({ part: "description", value: "x" }) }, outsider.aios.cookie)).status).toBe(403);
  });
});
