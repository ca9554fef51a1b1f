import { lazy, Suspense, useEffect, useState } from "react";
import { useLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { isValidMeetingId } from "../collab/protocol";
import { JoinForm } from "../components/join-form";
import { PresenceList } from "../components/presence-list";
import { loadIdentity, saveIdentity, type Identity } from "../live/identity";
import { usePresence } from "../live/use-presence";

// Tiptap and Yjs load only in the browser, in their own chunk.
const NotesEditor = lazy(() => import("../components/notes-editor.client"));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Koers — ${data?.meetingId ?? ""}` }];

export async function loader({ params }: LoaderFunctionArgs) {
  const meetingId = params.id ?? "";
  if (!isValidMeetingId(meetingId)) throw new Response("Not found", { status: 404 });
  return { meetingId };
}

export default function MeetingPage() {
  const { meetingId } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  const [identity, setIdentity] = useState<Identity | null>(null);
  const [joined, setJoined] = useState(false);

  useEffect(() => {
    // Someone who chose a name on this device before goes straight in.
    const saved = loadIdentity();
    setIdentity(saved);
    setJoined(saved !== null);
    setHydrated(true);
  }, []);

  return (
    <div className="meeting">
      <h1>{t("meeting.title", { id: meetingId })}</h1>
      {!hydrated ? (
        <p className="muted">{t("meeting.loadingEditor")}</p>
      ) : !joined || !identity ? (
        <JoinForm
          initial={identity}
          onJoin={(chosen) => {
            saveIdentity(chosen);
            setIdentity(chosen);
            setJoined(true);
          }}
        />
      ) : (
        <MeetingRoom meetingId={meetingId} identity={identity} />
      )}
    </div>
  );
}

function MeetingRoom({ meetingId, identity }: { meetingId: string; identity: Identity }) {
  const { t } = useTranslation();
  const { people, selfId } = usePresence(meetingId, identity);
  return (
    <div className="meeting-layout">
      <Suspense fallback={<p className="muted">{t("meeting.loadingEditor")}</p>}>
        <NotesEditor meetingId={meetingId} identity={identity} />
      </Suspense>
      <aside>
        <PresenceList people={people} selfId={selfId} />
      </aside>
    </div>
  );
}
