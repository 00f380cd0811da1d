import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { call, type ApiError } from "../api";
import { invalidateAfterChange } from "../api/queryKeys";
import type { SyncOutcome } from "../bindings/SyncOutcome";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";
import "../styles/sync.css";

type Field = "server" | "email" | "password";
type Attempt = { problems: Partial<Record<Field, FieldProblem>>; other: ApiError | null };

type Props = {
  /** The id of the heading that names the form. */
  labelledBy: string;
  /** Linked: this database is now a copy of the server (everything shown is asked again). */
  onLinked: (outcome: SyncOutcome) => void;
  onCancel?: () => void;
  /** The form appeared on the person's request: its first field takes focus. */
  focusFirst?: boolean;
  /** Signing in again to the server this copy is linked to: its address and account. */
  again?: { server: string; email: string };
};

/**
 * Where a refusal of `link_server` belongs: a wrong password at the password, a server that
 * cannot be reached or is no team server at the address, anything else above the button.
 */
type Placed =
  | { field: Field; words: "wrong" | "throttled" | "unreachable" | "notTeam" | "badAddress" }
  | { field: Field; message: string }
  | null;

function placed(error: ApiError): Placed {
  switch (error.kind) {
    case "unauthorized":
      return { field: "password", words: "wrong" };
    case "throttled":
      return { field: "password", words: "throttled" };
    case "offline":
      return { field: "server", words: "unreachable" };
    // An answer that is not the app's (a web page, another program's JSON) comes as `io`.
    case "io":
      return { field: "server", words: "notTeam" };
    default:
      if (error.field === "server") return { field: "server", words: "badAddress" };
      if (error.field === "email" || error.field === "password") {
        return { field: error.field, message: error.message };
      }
      return null;
  }
}

/**
 * Makes this database an offline copy of a team server: its address, then the person's
 * e-mail and password there (used once: the copy keeps a personal access token). The first
 * copy of the team's data is made before the answer comes.
 */
export function ConnectForm({ labelledBy, onLinked, onCancel, focusFirst = false, again }: Props) {
  const { t } = useTranslation("sync");
  const queryClient = useQueryClient();
  const [server, setServer] = useState(again?.server ?? "");
  const [email, setEmail] = useState(again?.email ?? "");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [waitingForBrowser, setWaitingForBrowser] = useState(false);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const serverRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // A form that appears when the person asks for it: their next step is its first field.
  useEffect(() => {
    if (focusFirst) serverRef.current?.focus();
  }, [focusFirst]);

  // After a refused attempt, focus goes to the first field that needs attention.
  useEffect(() => {
    if (!attempt) return;
    const { problems } = attempt;
    const first = problems.server
      ? serverRef
      : problems.email
        ? emailRef
        : problems.password
          ? passwordRef
          : null;
    if (first) first.current?.focus();
    else document.getElementById("connect-error")?.focus();
  }, [attempt]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const problems: Attempt["problems"] = {};
    if (server.trim() === "") problems.server = { message: t("connect.serverRequired") };
    if (email.trim() === "") problems.email = { message: t("connect.emailRequired") };
    if (password === "") problems.password = { message: t("connect.passwordRequired") };
    if (Object.keys(problems).length > 0) {
      setAttempt({ problems, other: null });
      return;
    }
    setBusy(true);
    setAttempt(null);
    try {
      const outcome = await call("link_server", {
        server: server.trim(),
        token: null,
        email: email.trim(),
        password,
      });
      // The catalogue, the reports, who is at the keyboard: all of it is the server's now.
      await invalidateAfterChange(queryClient, "all");
      onLinked(outcome);
    } catch (err) {
      const error = err as ApiError;
      if (error.kind === "unauthorized") setPassword("");
      const place = placed(error);
      setAttempt(
        place === null
          ? { problems: {}, other: error }
          : {
              problems: {
                [place.field]: {
                  message: "words" in place ? t(`connect.${place.words}`) : place.message,
                },
              },
              other: null,
            },
      );
      setBusy(false);
    }
  };

  // Single sign-on: the core opens the system browser at the organisation's sign-in page and
  // waits for it to come back to this computer (RFC 8252); the password never passes here.
  const signInThroughBrowser = async () => {
    if (busy) return;
    if (server.trim() === "") {
      setAttempt({ problems: { server: { message: t("connect.ssoServerRequired") } }, other: null });
      return;
    }
    setBusy(true);
    setWaitingForBrowser(true);
    setAttempt(null);
    try {
      const outcome = await call("link_server_sso", { server: server.trim() });
      await invalidateAfterChange(queryClient, "all");
      onLinked(outcome);
    } catch (err) {
      const error = err as ApiError;
      const atServer =
        error.kind === "offline"
          ? { message: t("connect.unreachable") }
          : error.field === "server"
            ? { message: error.message }
            : null;
      setAttempt(
        atServer ? { problems: { server: atServer }, other: null } : { problems: {}, other: error },
      );
      setBusy(false);
      setWaitingForBrowser(false);
    }
  };

  const problems = attempt?.problems ?? {};
  const described = (field: Field, hint?: string) =>
    [hint, problems[field] && `error-connect-${field}`].filter(Boolean).join(" ") || undefined;

  return (
    <form
      className="connect-form"
      data-testid="connect-form"
      aria-labelledby={labelledBy}
      noValidate
      onSubmit={(e) => void submit(e)}
    >
      <div className="field">
        <label htmlFor="connect-server">{t("connect.server")}</label>
        <p id="connect-server-hint" className="hint">
          {t("connect.serverHint")}
        </p>
        <input
          ref={serverRef}
          id="connect-server"
          type="url"
          readOnly={again !== undefined}
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          placeholder="https://"
          value={server}
          aria-invalid={problems.server ? true : undefined}
          aria-describedby={described("server", "connect-server-hint")}
          onChange={(e) => setServer(e.target.value)}
        />
        {problems.server && <FieldError field="connect-server" problem={problems.server} />}
      </div>
      <div className="field">
        <label htmlFor="connect-email">{t("connect.email")}</label>
        <input
          ref={emailRef}
          id="connect-email"
          type="email"
          inputMode="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          aria-invalid={problems.email ? true : undefined}
          aria-describedby={described("email")}
          onChange={(e) => setEmail(e.target.value)}
        />
        {problems.email && <FieldError field="connect-email" problem={problems.email} />}
      </div>
      <div className="field">
        <label htmlFor="connect-password">{t("connect.password")}</label>
        <p id="connect-password-hint" className="hint">
          {t("connect.passwordHint")}
        </p>
        <input
          ref={passwordRef}
          id="connect-password"
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={problems.password ? true : undefined}
          aria-describedby={described("password", "connect-password-hint")}
          onChange={(e) => setPassword(e.target.value)}
        />
        {problems.password && <FieldError field="connect-password" problem={problems.password} />}
      </div>
      {attempt?.other && (
        <ErrorAlert id="connect-error" error={attempt.other}>
          {attempt.other.kind === "outdated" ? t("connect.outdated") : t("connect.failed")}
        </ErrorAlert>
      )}
      {busy && (
        <p role="status" data-testid="connect-busy">
          {waitingForBrowser ? t("connect.ssoWaiting") : t("connect.busy")}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" data-testid="connect-submit" disabled={busy}>
          {busy ? t("connect.submitting") : again ? t("connect.again") : t("connect.submit")}
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="connect-sso"
          aria-describedby="connect-sso-hint"
          disabled={busy}
          onClick={() => void signInThroughBrowser()}
        >
          {t("connect.sso")}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            {t("connect.cancel")}
          </button>
        )}
      </div>
      <p id="connect-sso-hint" className="hint">
        {t("connect.ssoHint")}
      </p>
    </form>
  );
}
