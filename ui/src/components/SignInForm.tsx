import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { signIn, signInWithOrganisation, singleSignOnRefusal, type SignInError } from "../api";
import type { SignedIn } from "../bindings/SignedIn";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";

type Field = "email" | "password";
type Attempt = {
  problems: Partial<Record<Field, FieldProblem>>;
  /** When signing in may be tried again (throttled). */
  retryAt: Date | null;
  /** Anything else that went wrong (the server could not be reached). */
  other: SignInError | null;
};

type Props = {
  /** The server offers "Sign in with your organisation". */
  singleSignOn: boolean;
  /** The account whose session ended (its e-mail is filled in), or null. */
  account: SignedIn | null;
  /** The id of the heading that names the form. */
  labelledBy: string;
};

/**
 * E-mail and password, each with its error under it; "Sign in with your organisation" when the
 * server offers single sign-on. Signing in makes the whole page carry on (see api/team.ts).
 */
export function SignInForm({ singleSignOn, account, labelledBy }: Props) {
  const { t, i18n } = useTranslation("team");
  const [email, setEmail] = useState(account?.email ?? "");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const time = new Intl.DateTimeFormat(i18n.resolvedLanguage, { timeStyle: "short" });

  // After a refused attempt, focus goes to the first field that needs attention.
  useEffect(() => {
    if (!attempt) return;
    if (attempt.problems.email) emailRef.current?.focus();
    else if (attempt.problems.password) passwordRef.current?.focus();
    else document.getElementById("sign-in-error")?.focus();
  }, [attempt]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problems: Attempt["problems"] = {};
    if (email.trim() === "") problems.email = { message: t("signIn.emailRequired") };
    if (password === "") problems.password = { message: t("signIn.passwordRequired") };
    if (problems.email || problems.password) {
      setAttempt({ problems, retryAt: null, other: null });
      return;
    }
    setBusy(true);
    setAttempt(null);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      const error = err as SignInError;
      setPassword("");
      if (error.kind === "unauthorized") {
        setAttempt({ problems: { password: { message: t("signIn.wrong") } }, retryAt: null, other: null });
      } else if (error.kind === "throttled") {
        const secs = error.retryAfterSecs ?? null;
        setAttempt({
          problems: {},
          retryAt: secs === null ? null : new Date(Date.now() + secs * 1000),
          other: error,
        });
      } else if (error.field === "email" || error.field === "password") {
        setAttempt({ problems: { [error.field]: { message: error.message } }, retryAt: null, other: null });
      } else {
        setAttempt({ problems: {}, retryAt: null, other: error });
      }
    } finally {
      setBusy(false);
    }
  };

  const problems = attempt?.problems ?? {};
  const described = (field: Field, hint?: string) =>
    [hint, problems[field] && `error-${field}`].filter(Boolean).join(" ") || undefined;
  const refusal = singleSignOnRefusal;

  return (
    <div className="sign-in">
      {refusal && (
        <p className="alert" role="alert" data-testid="sso-refused">
          {t(
            refusal === "forbidden" || refusal === "unauthorized" || refusal === "unavailable"
              ? `signIn.sso.${refusal}`
              : "signIn.sso.other",
          )}
        </p>
      )}
      <form className="sign-in-form" aria-labelledby={labelledBy} noValidate onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="email">{t("signIn.email")}</label>
          <input
            ref={emailRef}
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            required
            value={email}
            aria-invalid={problems.email ? true : undefined}
            aria-describedby={described("email")}
            onChange={(e) => setEmail(e.target.value)}
          />
          {problems.email && <FieldError field="email" problem={problems.email} />}
        </div>
        <div className="field">
          <label htmlFor="password">{t("signIn.password")}</label>
          <input
            ref={passwordRef}
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={problems.password ? true : undefined}
            aria-describedby={described("password")}
            onChange={(e) => setPassword(e.target.value)}
          />
          {problems.password && <FieldError field="password" problem={problems.password} />}
        </div>
        {attempt?.other?.kind === "throttled" ? (
          <p id="sign-in-error" className="alert" role="alert" tabIndex={-1} data-testid="sign-in-throttled">
            {attempt.retryAt
              ? t("signIn.throttled", { time: time.format(attempt.retryAt) })
              : t("signIn.throttledLater")}
          </p>
        ) : (
          attempt?.other && (
            <ErrorAlert id="sign-in-error" error={attempt.other}>
              {t("signIn.failed")}
            </ErrorAlert>
          )
        )}
        <div className="actions">
          <button type="submit" className="primary" data-testid="sign-in-submit" disabled={busy}>
            {busy ? t("signIn.submitting") : t("signIn.submit")}
          </button>
        </div>
      </form>
      {singleSignOn && (
        <div className="sign-in-sso">
          <p className="sign-in-or">{t("signIn.or")}</p>
          <button
            type="button"
            className="secondary"
            data-testid="sign-in-sso"
            aria-describedby="sign-in-sso-hint"
            onClick={signInWithOrganisation}
          >
            {t("signIn.organisation")}
          </button>
          <p id="sign-in-sso-hint" className="hint">
            {t("signIn.organisationHint")}
          </p>
        </div>
      )}
    </div>
  );
}
