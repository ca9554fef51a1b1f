import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { io as connectSocketIo, type Socket } from "socket.io-client";
import { meetingDocName } from "../../app/collab/protocol";
import { LiveEvent, type CommandReply } from "../../app/live/events";
import type { LeadState } from "../../app/live/lead";
import { startCluster, type Cluster } from "../support/cluster";
import { pairThroughPages, type ClusterPair } from "../support/cluster-people";
import { connectYjsClient, type YjsClient } from "../support/crash-round";
import { startNginx, type Nginx } from "../support/nginx";
import { eventually } from "../support/test-server";

// README "Running for an institute": the deployment of docker-compose.yml with its own load
// balancer config (deploy/nginx.conf, run by Debian's nginx) in front of two instances on
// one database and one Redis. Pages, /yjs and socket.io all go through nginx only, and an
// instance that dies is left for the other one.

let cluster: Cluster;
let nginx: Nginx;
let pair: ClusterPair;
const sockets: Socket[] = [];
const clients: YjsClient[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  nginx = await startNginx(cluster.instances.map((i) => i.port));
  pair = await pairThroughPages(nginx.url);
}, 60_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const c of clients) c.destroy();
  await nginx?.stop();
  await cluster?.stop();
});

describe("the institute deployment (nginx in front of two instances)", () => {
  it("serves pages, /yjs and socket.io through nginx, and moves everyone to instance 2 when instance 1 dies", async () => {
    const meetingId = await pair.newMeeting();
    const docName = meetingDocName(meetingId);
    // Four people's tabs through nginx: its round robin puts them on both instances.
    const docs = Array.from({ length: 4 }, () => new Y.Doc());
    for (const [i, doc] of docs.entries()) {
      const cookie = i % 2 ? pair.opleider.cookie : pair.aios.cookie;
      const client = connectYjsClient(nginx.port, docName, doc, { headers: { Cookie: cookie } });
      clients.push(client);
      await client.synced;
    }
    docs[0]!.getText("typed").insert(0, "eerste ");
    await eventually(() => {
      for (const doc of docs) expect(doc.getText("typed").toString()).toBe("eerste ");
    });

    // socket.io through nginx: the aios leads, the opleider follows.
    const connect = async (cookie: string) => {
      const socket = connectSocketIo(nginx.url, { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      return socket;
    };
    const aios = await connect(pair.aios.cookie);
    const opleider = await connect(pair.opleider.cookie);
    const states: LeadState[] = [];
    opleider.on(LiveEvent.leadState, (s: LeadState) => states.push(s));
    const ask = (socket: Socket, event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<CommandReply>;
    expect(await ask(aios, LiveEvent.presenceJoin, { meetingId })).toEqual({ ok: true });
    expect(await ask(opleider, LiveEvent.presenceJoin, { meetingId })).toEqual({ ok: true });
    expect(await ask(aios, LiveEvent.leadCommand, { meetingId, command: "start" })).toEqual({ ok: true });
    await eventually(() => expect(states.at(-1)?.status).toBe("bezig"));

    // Instance 1 dies: the clients it served reconnect through nginx, which skips it.
    let dropped = 0;
    for (const c of clients) c.provider.on("connection-close", () => dropped++);
    await cluster.instances[0]!.stop("SIGKILL");
    // Some of the four were on instance 1 (nginx spread them): they notice, and come back.
    await eventually(() => expect(dropped).toBeGreaterThan(0), 10_000);
    await eventually(() => expect(clients.every((c) => c.provider.synced)).toBe(true), 15_000);
    docs[3]!.getText("typed").insert(7, "en na de crash");
    await eventually(() => {
      for (const doc of docs) expect(doc.getText("typed").toString()).toBe("eerste en na de crash");
    }, 15_000);
    // And a page still loads through nginx.
    const page = await fetch(`${nginx.url}/meetings/${meetingId}`, { headers: { Cookie: pair.aios.cookie } });
    expect(page.status).toBe(200);
  });
});
