// A member of a fresh pair on a server running as its own process (crash rounds, benchmark):
// signed up and given meetings through the real pages, as a browser would.

export interface ProcessMember {
  /** The Cookie header every request and upgrade carries. */
  cookie: string;
  pairId: string;
  /** Schedules a meeting through the pair page and returns its id. */
  newMeeting(): Promise<string>;
}

async function post(baseUrl: string, path: string, fields: Record<string, string>, cookie?: string): Promise<Response> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  if (res.status !== 302) throw new Error(`POST ${path} answered ${res.status}, not a redirect`);
  return res;
}

export async function signUpMemberOfNewPair(baseUrl: string, name = "Crash Aios"): Promise<ProcessMember> {
  const email = `${name.toLowerCase().replace(/\W+/g, "-")}-${process.pid}-${Date.now()}@test.invalid`;
  // Sign-up logs nobody in (it answers the same for a taken address): log in next, as a person does.
  await post(baseUrl, "/signup", { name, email, password: "een-lang-wachtwoord-123" });
  const loggedIn = await post(baseUrl, "/login", { email, password: "een-lang-wachtwoord-123" });
  const setCookie = loggedIn.headers.getSetCookie().find((c) => c.startsWith("koers_session="));
  if (!setCookie) throw new Error("logging in set no session cookie");
  const cookie = setCookie.split(";")[0]!;
  const pair = await post(
    baseUrl,
    "/pairs/new",
    { creatorRole: "aios", practiceName: "Praktijk Crash", trainingYear: "1", startsOn: "2026-09-01", endsOn: "2027-08-31" },
    cookie,
  );
  const pairId = /\/pairs\/([^/?]+)/.exec(pair.headers.get("location") ?? "")?.[1];
  if (!pairId) throw new Error("creating a pair did not lead to its page");
  return {
    cookie,
    pairId,
    async newMeeting() {
      const res = await post(
        baseUrl,
        `/pairs/${pairId}`,
        { intent: "schedule", kind: "persoonsgericht", date: "2026-11-24", time: "13:00", plannedMinutes: "45" },
        cookie,
      );
      const meetingId = /\/meetings\/([^/?]+)/.exec(res.headers.get("location") ?? "")?.[1];
      if (!meetingId) throw new Error("scheduling did not lead to the meeting");
      return meetingId;
    },
  };
}
