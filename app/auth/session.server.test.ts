import { describe, expect, it } from "vitest";
import { secureCookieFor } from "./session.server";

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
