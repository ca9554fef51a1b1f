// The two people of a pair, made through the real pages of any instance (so that it works on
// whatever database the instances share): the aios signs up and makes the pair, invites the
// opleider, who signs up and accepts. Each has a session cookie valid on every instance.

export interface ClusterPerson {
  name: string;
  email: string;
  password: string;
  /** The Cookie header of their session. */
  cookie: string;
}

export interface ClusterPair {
  pairId: string;
  aios: ClusterPerson;
  opleider: ClusterPerson;
  /** Schedules a meeting through the pair page and returns its id. */
  newMeeting(): Promise<string>;
}

const PASSWORD = "een-lang-wachtwoord-123";
let counter = 0;

async function post(baseUrl: string, path: string, fields: Record<string, string>, cookie?: string, expect = 302): Promise<Response> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  if (res.status !== expect) throw new Error(`POST ${path} answered ${res.status}, not ${expect}`);
  return res;
}

/** Signs up and logs in through the pages; a second login gives a second session of the same person. */
export async function logIn(baseUrl: string, person: Pick<ClusterPerson, "email" | "password">): Promise<string> {
  const res = await post(baseUrl, "/login", { email: person.email, password: person.password });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("koers_session="));
  if (!setCookie) throw new Error("logging in set no session cookie");
  return setCookie.split(";")[0]!;
}

async function signUp(baseUrl: string, name: string): Promise<ClusterPerson> {
  counter += 1;
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${process.pid}-${Date.now()}-${counter}@test.invalid`;
  await post(baseUrl, "/signup", { name, email, password: PASSWORD });
  return { name, email, password: PASSWORD, cookie: await logIn(baseUrl, { email, password: PASSWORD }) };
}

/** A pair of an aios and an opleider, through `baseUrl`'s pages. */
export async function pairThroughPages(baseUrl: string): Promise<ClusterPair> {
  const aios = await signUp(baseUrl, "Cluster Aios");
  const pair = await post(baseUrl, "/pairs/new", { creatorRole: "aios", practiceName: "Praktijk Cluster", trainingYear: "1", startsOn: "2026-09-01", endsOn: "2027-08-31" }, aios.cookie);
  const pairId = /\/pairs\/([^/?]+)/.exec(pair.headers.get("location") ?? "")?.[1];
  if (!pairId) throw new Error("creating a pair did not lead to its page");
  const invite = await post(baseUrl, `/pairs/${pairId}`, { intent: "invite", email: "" }, aios.cookie, 200);
  const token = /\/invite\/([A-Za-z0-9_-]{20,})/.exec(await invite.text())?.[1];
  if (!token) throw new Error("the pair page showed no invite link");
  const opleider = await signUp(baseUrl, "Cluster Opleider");
  await post(baseUrl, `/invite/${token}`, {}, opleider.cookie);
  return {
    pairId,
    aios,
    opleider,
    async newMeeting() {
      const res = await post(baseUrl, `/pairs/${pairId}`, { intent: "schedule", kind: "taakgericht", subkind: "consultbespreking", date: "2026-11-24", time: "13:00", plannedMinutes: "45" }, aios.cookie);
      const meetingId = /\/meetings\/([^/?]+)/.exec(res.headers.get("location") ?? "")?.[1];
      if (!meetingId) throw new Error("scheduling did not lead to the meeting");
      return meetingId;
    },
  };
}
