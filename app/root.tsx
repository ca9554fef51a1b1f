import { useEffect, useMemo } from "react";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { I18nextProvider, useTranslation } from "react-i18next";
import { createI18n, languageFromCookie, DEFAULT_LANGUAGE, type Language } from "./i18n/i18n";
import { LanguageSwitch } from "./components/language-switch";
import { useNonce } from "./nonce";
import { optionalSession } from "./auth/session.server";
import stylesUrl from "./styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesUrl },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await optionalSession(request, context);
  return { language: languageFromCookie(request.headers.get("Cookie")), userName: session?.user.name ?? null };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language: Language = data?.language ?? DEFAULT_LANGUAGE;
  const i18n = useMemo(() => createI18n(language), [language]);
  const nonce = useNonce();
  // Marks the page as interactive (tests wait for it before typing into forms).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>
          <Header language={language} userName={data?.userName ?? null} />
          <main className="page">{children}</main>
        </I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header({ language, userName }: { language: Language; userName: string | null }) {
  const { t } = useTranslation();
  return (
    <header className="topbar">
      <Link to="/" className="brand">
        {t("app.name")}
      </Link>
      <nav className="topnav" aria-label={t("common.account")}>
        {userName ? (
          <>
            <Link to="/?all">{t("common.myPairs")}</Link>
            <Link to="/account" data-testid="account-link">
              {userName}
            </Link>
            <Form method="post" action="/logout">
              <button type="submit" className="link-button">
                {t("common.logOut")}
              </button>
            </Form>
          </>
        ) : null}
        <LanguageSwitch current={language} />
      </nav>
    </header>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : "generic";
  return (
    <section className="card error-card" role="alert">
      <h1>{t(`errors.${kind}Title`)}</h1>
      <p>{t(`errors.${kind}`)}</p>
      <Link to="/">{t("errors.backHome")}</Link>
    </section>
  );
}
