import http from "node:http";

export interface BigPostResult {
  /** The status the server answered with, or 0 when it answered nothing before closing. */
  status: number;
  body: string;
  /** How much of the body the client managed to write before the server stopped it. */
  bytesWritten: number;
}

/**
 * POSTs `totalBytes` of form data as fast as the server takes it: with a Content-Length
 * header (`declared`) or streamed in chunks without one. Resolves when the server has answered
 * and closed, or the connection broke; never rejects (the abuse script and tests read the result).
 */
export function bigPost(
  url: string,
  options: { totalBytes: number; declared: boolean; cookie?: string; origin?: string },
): Promise<BigPostResult> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Origin: options.origin ?? new URL(url).origin };
    if (options.declared) headers["Content-Length"] = String(options.totalBytes);
    if (options.cookie) headers.Cookie = options.cookie;
    let bytesWritten = 0;
    let status = 0;
    let body = "";
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve({ status, body, bytesWritten });
    };
    const req = http.request(url, { method: "POST", headers, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", finish);
      res.on("error", finish);
    });
    req.on("error", finish);
    req.on("close", () => setTimeout(finish, 50));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (bytesWritten < options.totalBytes && !req.destroyed) {
        const size = Math.min(chunk.length, options.totalBytes - bytesWritten);
        bytesWritten += size;
        if (!req.write(size === chunk.length ? chunk : chunk.subarray(0, size))) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}
