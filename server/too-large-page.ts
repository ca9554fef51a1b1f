import { languageFromCookie } from "../app/i18n/i18n";
import { nl } from "../app/i18n/nl";
import { en } from "../app/i18n/en";

/**
 * The page a refused, oversized request gets (413): plain HTML, no Remix, no script, in the
 * visitor's language (Dutch unless the language cookie says English). It says that nothing
 * was stored, so nobody wonders whether half of it arrived.
 */
export function tooLargePage(cookieHeader: string | null, limitBytes: number): string {
  const language = languageFromCookie(cookieHeader);
  const text = (language === "en" ? en : nl).safety.tooLarge;
  const limit = `${Math.round(limitBytes / (1024 * 1024))} MB`;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text.title} — Koers</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f6f7f4;color:#1d2a22;margin:0}
main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.4rem;margin:0 0 1rem}
a{color:#1f6b4a;font-weight:600}
</style>
</head>
<body>
<main>
<h1>${text.title}</h1>
<p>${text.body.replace("{{limit}}", limit)}</p>
<p>${text.hint}</p>
<p><a href="/">${text.back}</a></p>
</main>
</body>
</html>
`;
}
