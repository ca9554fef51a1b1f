import { describe, expect, it } from "vitest";
import { safeNextPath, secureCookieFor } from "./session.server";

describe("the session cookie's Secure flag", () => {
  const at = (url: string) => new Request(url);
  it("is set in production over HTTPS and on any other host, but not for a local trial over http", () => {
    expect(secureCookieFor("exceptLocalhost", at("https://koers.example.nl/login"))).toBe(true);
    expect(secureCookieFor("exceptLocalhost", at("http://koers.example.nl/login"))).toBe(true);
    expect(secureCookieFor("exceptLocalhost", at("http://localhost:3000/login"))).toBe(false);
    expect(secureCookieFor("exceptLocalhost", at("http://127.0.0.1:3000/login"))).toBe(false);
  });
  it("follows COOKIE_SECURE when it is set", () => {
    expect(secureCookieFor("always", at("http://localhost:3000/login"))).toBe(true);
    expect(secureCookieFor("never", at("https://koers.example.nl/login"))).toBe(false);
  });
});

describe("where `next` may lead (parsed against the app's own origin)", () => {
  const here = "http://localhost:3000/login";
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeNextPath("/pairs/abc?tab=1#x", here)).toBe("/pairs/abc?tab=1#x");
    expect(safeNextPath("/invite/token", here)).toBe("/invite/token");
    expect(safeNextPath("http://localhost:3000/account", here)).toBe("/account");
    expect(safeNextPath("account", here)).toBe("/account");
  });
  it("sends everything that a browser would read as another site home", () => {
    for (const next of [
      "/\t/evil.example/",
      "/\n/evil.example/",
      "/\r\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      " //evil.example",
      "/.//evil.example/",
      "https://evil.example/",
      "http://localhost:3001/",
      "https://localhost:3000/",
      "javascript:alert(1)",
      "data:text/html,hi",
      "http:evil.example",
    ]) {
      const path = safeNextPath(next, here);
      expect(new URL(path, "http://localhost:3000").origin, JSON.stringify(next)).toBe("http://localhost:3000");
      expect(path.startsWith("//"), JSON.stringify(next)).toBe(false);
    }
    expect(safeNextPath("/\t/evil.example/", here)).toBe("/");
    expect(safeNextPath(null, here)).toBe("/");
  });
});
