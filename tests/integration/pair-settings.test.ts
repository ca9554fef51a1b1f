import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KoersServer } from "../../server/koers-server";
import { startPageServer } from "../support/test-server";
import { getPage, postForm, signUpDirectly, type TestPerson, asHtml } from "../support/http-session";
import { acceptInvite, createInvite, createPair } from "../../app/pairs/pairs.server";
import { scheduleMeeting } from "../../app/meetings/meetings.server";
import { updateMeeting } from "../../db/meetings";
import { loader as dashboardLoader } from "../../app/routes/pairs.$pairId";
import { addDays, amsterdamDate, computeNorms, mondayOf, type IntervalNormStatus, type NormsResult } from "../../app/norms/norms";
import { DEFAULT_NORM_SETTINGS, normSettingsSchema, parseNormSettings, type NormSettings } from "../../app/norms/settings";
import { nl } from "../../app/i18n/nl";
import { sql, sqlRow } from "../support/test-database";

// The pair's norm settings (issue #5): the settings page edits pairs.norm_settings, both
// members may, the errors are Dutch and next to their fields, and what is saved is what the
// dashboard's norms are computed with.

let server: KoersServer;

beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server?.close();
});

const html = asHtml;

const DAY = 86_400_000;

/** A complete pair (aios + opleider) that started long ago, with one persoonsgericht leergesprek held 10 days ago. */
async function pairWithHeldMeeting(): Promise<{ aios: TestPerson; opleider: TestPerson; pairId: string; heldAt: number }> {
  const aios = await signUpDirectly(server, "Sanne");
  const opleider = await signUpDirectly(server, "Olivier");
  const pairId = await createPair(server.services, aios.id, { practiceName: "Praktijk De Norm", trainingYear: 3, startsOn: "2025-01-06", endsOn: "2027-12-31", creatorRole: "aios" });
  await acceptInvite(server.services, await createInvite(server.services, pairId, aios.id), opleider.id);
  const heldAt = Date.now() - 10 * DAY;
  const meeting = await scheduleMeeting(server.services, pairId, aios.id, {
    kind: "persoonsgericht",
    subkind: null,
    title: null,
    date: amsterdamDate(heldAt),
    time: "10:00",
    plannedMinutes: 60,
  });
  await updateMeeting(server.services.db, meeting.id, {
    status: "afgerond",
    started_at: new Date(heldAt).toISOString(),
    ended_at: new Date(heldAt + 60 * 60_000).toISOString(),
  });
  return { aios, opleider, pairId, heldAt };
}

/** The norms the dashboard's own loader computes for `person`. */
async function dashboardNorms(person: TestPerson, pairId: string): Promise<NormsResult> {
  const request = new Request(`${server.url}/pairs/${pairId}`, { headers: { Cookie: person.cookie } });
  const response = (await dashboardLoader({ request, context: { services: server.services }, params: { pairId } })) as unknown as Response;
  return ((await response.json()) as { norms: NormsResult }).norms;
}

function persoonsgericht(norms: NormsResult): IntervalNormStatus {
  return norms.norms.find((n): n is IntervalNormStatus => n.id === "persoonsgericht")!;
}

async function storedSettings(pairId: string): Promise<string | null> {
  return ((await sqlRow(server.services.db, sql`select norm_settings from pairs where id = ${pairId}`)) as { norm_settings: string | null }).norm_settings;
}

/** The Dutch message next to a setting that is out of its bounds. */
function errorText(key: keyof NormSettings): string {
  const { minValue, maxValue } = normSettingsSchema.shape[key];
  if (key === "weeklyMinimum" || key === "minimumMinutes") return nl.pairSettings.errors[key];
  return nl.pairSettings.errors.everyWeeks.replace("{{min}}", String(minValue)).replace("{{max}}", String(maxValue));
}

/** The form as the page submits it. */
function formOf(settings: NormSettings): Record<string, string> {
  return Object.fromEntries([["intent", "save"], ...Object.entries(settings).map(([key, value]) => [key, String(value)])]);
}

describe("the pair's norm settings", () => {
  it("saving persoonsgericht every 2 weeks changes what the dashboard's norms are computed with", async () => {
    const { aios, opleider, pairId, heldAt } = await pairWithHeldMeeting();
    const heldWeek = mondayOf(amsterdamDate(heldAt));

    const before = persoonsgericht(await dashboardNorms(aios, pairId));
    expect(before.everyWeeks).toBe(DEFAULT_NORM_SETTINGS.persoonsgerichtEveryWeeks);
    expect(before.nextDue).toBe(addDays(heldWeek, 7 * 3 + 6));

    // The page shows the current values; the opleider (not the pair's creator) saves.
    const page = await (await getPage(server, `/pairs/${pairId}/settings`, opleider.cookie)).text();
    expect(page).toContain(html(nl.pairSettings.everyWeeksOf.replace("{{kind}}", nl.meetingKinds.persoonsgericht)));
    expect(page).toMatch(/name="persoonsgerichtEveryWeeks"[^>]*value="3"/);
    const wanted = { ...DEFAULT_NORM_SETTINGS, persoonsgerichtEveryWeeks: 2 };
    const saved = await postForm(server, `/pairs/${pairId}/settings`, formOf(wanted), opleider.cookie);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain(html(nl.pairSettings.saved));
    expect(JSON.parse((await storedSettings(pairId))!)).toEqual(wanted);

    const after = await dashboardNorms(aios, pairId);
    expect(persoonsgericht(after).everyWeeks).toBe(2);
    expect(persoonsgericht(after).nextDue).toBe(addDays(heldWeek, 7 * 2 + 6));
    // Exactly what computeNorms gives with the saved settings.
    const expected = computeNorms(
      [{ kind: "persoonsgericht", started_at: new Date(heldAt).toISOString(), ended_at: new Date(heldAt + 60 * 60_000).toISOString() }],
      parseNormSettings(await storedSettings(pairId)),
      new Date(),
      "2025-01-06",
      [],
    );
    expect(persoonsgericht(after)).toEqual(persoonsgericht(expected));

    // And the dashboard page says so, in Dutch.
    const dashboard = await (await getPage(server, `/pairs/${pairId}`, aios.cookie)).text();
    expect(dashboard).toContain(html(nl.norms.every_other.replace("{{kind}}", nl.meetingKinds.persoonsgericht).replace("{{count}}", "2")));
  });

  it("refuses values out of range or not whole numbers, with the Dutch error next to each field, and keeps the stored settings", async () => {
    const { aios, pairId } = await pairWithHeldMeeting();
    await postForm(server, `/pairs/${pairId}/settings`, formOf({ ...DEFAULT_NORM_SETTINGS, weeklyMinimum: 2 }), aios.cookie);
    const storedBefore = await storedSettings(pairId);

    const res = await postForm(
      server,
      `/pairs/${pairId}/settings`,
      { intent: "save", weeklyMinimum: "drie", minimumMinutes: "", taakgerichtEveryWeeks: "1.5", persoonsgerichtEveryWeeks: "0", procesgerichtEveryWeeks: "6" },
      aios.cookie,
    );
    expect(res.status).toBe(200);
    const page = await res.text();
    for (const key of ["weeklyMinimum", "minimumMinutes", "taakgerichtEveryWeeks", "persoonsgerichtEveryWeeks"] as const) {
      // The input is marked invalid and points at its own message.
      expect(page).toMatch(new RegExp(`id="${key}"[^>]*aria-invalid="true"[^>]*aria-describedby="${key}-note"`));
      expect(page).toContain(`<small id="${key}-note" class="field-error">${html(errorText(key))}</small>`);
    }
    expect(page).not.toContain('id="procesgerichtEveryWeeks-note" class="field-error"');
    // What was typed comes back.
    expect(page).toMatch(/name="weeklyMinimum"[^>]*value="drie"/);
    expect(await storedSettings(pairId)).toBe(storedBefore);
  });

  it("each Dutch error names the bounds of normSettingsSchema, so the two stay in step", () => {
    for (const key of Object.keys(normSettingsSchema.shape) as (keyof NormSettings)[]) {
      const { minValue, maxValue } = normSettingsSchema.shape[key];
      expect(errorText(key)).toContain(`${minValue} tot en met ${maxValue}`);
    }
  });

  it("going back to the defaults clears the stored settings", async () => {
    const { aios, pairId } = await pairWithHeldMeeting();
    await postForm(server, `/pairs/${pairId}/settings`, formOf({ ...DEFAULT_NORM_SETTINGS, procesgerichtEveryWeeks: 8 }), aios.cookie);
    expect(await storedSettings(pairId)).not.toBeNull();
    const res = await postForm(server, `/pairs/${pairId}/settings`, { intent: "reset" }, aios.cookie);
    expect(res.status).toBe(200);
    expect(await storedSettings(pairId)).toBeNull();
    expect(persoonsgericht(await dashboardNorms(aios, pairId)).everyWeeks).toBe(DEFAULT_NORM_SETTINGS.persoonsgerichtEveryWeeks);
  });

  it("is only for the pair's members: others get 403, and nothing changes", async () => {
    const { pairId } = await pairWithHeldMeeting();
    const stranger = await signUpDirectly(server, "Vreemde");
    expect((await getPage(server, `/pairs/${pairId}/settings`, stranger.cookie)).status).toBe(403);
    const res = await postForm(server, `/pairs/${pairId}/settings`, formOf({ ...DEFAULT_NORM_SETTINGS, weeklyMinimum: 1 }), stranger.cookie);
    expect(res.status).toBe(403);
    expect(await storedSettings(pairId)).toBeNull();
    expect((await getPage(server, `/pairs/${pairId}/settings`)).status).toBe(302);
  });
});
