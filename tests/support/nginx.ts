import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

// The institute deployment's own load balancer for tests: Debian's nginx with
// deploy/nginx.conf (the file docker-compose.yml mounts), its upstreams pointed at test
// instances on this machine and its port at a free one. Nothing else of the file changes.

export const NGINX_MISSING =
  "nginx is needed for the deployment test and was not found.\n" +
  "  On Debian/Ubuntu:  sudo apt-get install -y nginx   (the test starts its own, on a free port)";

/** Whether an nginx binary is on PATH (or in /usr/sbin). */
export function nginxBinary(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/local/sbin/nginx"]) if (fs.existsSync(candidate)) return candidate;
  try {
    return execFileSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

export interface Nginx {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground with deploy/nginx.conf in front of `backends` (ports on 127.0.0.1). */
export async function startNginx(backends: number[]): Promise<Nginx> {
  const binary = nginxBinary();
  if (!binary) throw new Error(NGINX_MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "koers-nginx-"));
  const port = await freePort();
  let site = fs.readFileSync("deploy/nginx.conf", "utf8");
  const upstreams = [...site.matchAll(/server koers-\d+:3000/g)];
  if (upstreams.length !== backends.length) throw new Error(`deploy/nginx.conf names ${upstreams.length} instances, the test has ${backends.length}`);
  backends.forEach((backend, i) => (site = site.replace(`server koers-${i + 1}:3000`, `server 127.0.0.1:${backend}`)));
  site = site.replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, "koers.conf"), site);
  const temp = path.join(dir, "tmp");
  fs.mkdirSync(temp);
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(temp, 0o777);
  fs.writeFileSync(
    path.join(dir, "nginx.conf"),
    [
      "worker_processes 1;",
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      "events { worker_connections 1024; }",
      "http {",
      "  access_log off;",
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `  ${t}_temp_path ${temp}/${t};`),
      `  include ${dir}/koers.conf;`,
      "}",
    ].join("\n"),
  );
  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr!.on("data", (c: Buffer) => (log += c.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited at start:\n${log}${readIf(path.join(dir, "error.log"))}`);
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGQUIT");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readIf(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
