import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { departure, retryCheck } from "../api";
import { useSession } from "../account";
import type { SignedIn } from "../bindings/SignedIn";
import { PageHeading } from "./PageHeading";
import { Header } from "./Header";
import { SignInForm } from "./SignInForm";
import "../styles/team.css";

/**
 * On a team server, the app shows only once someone is signed in: before that, the sign-in
 * page. When a session ends while the app is open (it expired, or was signed out from another
 * browser), the app stays where it was, inert, under a sign-in dialog: signing in again as the
 * same account carries on with everything typed (the requests that were refused meanwhile go
 * again). On one computer (the window, `ct serve`) the app shows at once, as always.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation("team");
  const session = useSession();
  if (session.mode === "local") return children;
  switch (session.state) {
    case "checking":
      return <p role="status">{t("session.checking")}</p>;
    case "unreachable":
      return (
        <>
          <Header identified={false} />
          <main className="app-main">
            <div className="alert" role="alert">
              <p>{t("session.unreachable")}</p>
              <p className="alert-detail">{session.message}</p>
              <button type="button" onClick={() => void retryCheck()}>
                {t("session.retry")}
              </button>
            </div>
          </main>
        </>
      );
    case "signedOut":
      if (session.lost === null) {
        return (
          <>
            <Header identified={false} />
            <main className="app-main">
              <SignInPage singleSignOn={session.singleSignOn} />
            </main>
          </>
        );
      }
      break;
    case "signedIn":
      break;
  }
  const ended = session.state === "signedOut" ? session : null;
  // The same element whether or not the session has ended, so that nothing under it is
  // mounted afresh (which would lose what was typed).
  return (
    <>
      <div className="session-content" inert={ended !== null}>
        {children}
      </div>
      {ended?.lost && <SignInDialog singleSignOn={ended.singleSignOn} account={ended.lost} />}
    </>
  );
}

function SignInPage({ singleSignOn }: { singleSignOn: boolean }) {
  const { t } = useTranslation("team");
  return (
    <section className="sign-in-page" data-testid="sign-in-page">
      <PageHeading id="sign-in-heading">{t("signIn.title")}</PageHeading>
      {departure && (
        <p className="flash" role="status" data-testid="signed-out">
          {t(`signIn.${departure}`)}
        </p>
      )}
      <p>{t("signIn.intro")}</p>
      <SignInForm singleSignOn={singleSignOn} account={null} labelledBy="sign-in-heading" />
    </section>
  );
}

function SignInDialog({ singleSignOn, account }: { singleSignOn: boolean; account: SignedIn }) {
  const { t } = useTranslation("team");
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <div className="sign-in-backdrop">
      <div
        className="sign-in-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="sign-in-again-heading"
        aria-describedby="sign-in-again-why"
        data-testid="sign-in-dialog"
      >
        <h2 id="sign-in-again-heading" ref={headingRef} tabIndex={-1}>
          {t("signIn.expiredTitle")}
        </h2>
        <p id="sign-in-again-why">{t("signIn.expired", { name: account.name })}</p>
        <SignInForm singleSignOn={singleSignOn} account={account} labelledBy="sign-in-again-heading" />
        <p className="hint">{t("signIn.someoneElse")}</p>
      </div>
    </div>
  );
}
