import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { apiQuery } from "../api/queries";
import { useAccount, useTeamMutation } from "../account";
import type { NewToken } from "../bindings/NewToken";
import type { TokenInfo } from "../bindings/TokenInfo";
import { ConfirmAction } from "../components/ConfirmAction";
import { ErrorAlert } from "../components/ErrorAlert";
import { FieldError, type FieldProblem } from "../components/FieldError";
import { PageHeading } from "../components/PageHeading";
import { useDateFormat } from "../hooks/useDateFormat";
import "../styles/team.css";

const DEFAULT_DAYS = 90;
const MAX_DAYS = 365;

/**
 * `#/tokens`: the signed-in account's personal access tokens (for `ct --server … --token …`
 * and scripts): the list, a new one (its secret shown this once), revoking one.
 */
export function TokensPage() {
  const { t: tt } = useTranslation("team");
  const account = useAccount();
  // On one computer there are no accounts, so no tokens.
  if (account === null) {
    return (
      <section data-testid="tokens">
        <PageHeading>{tt("tokens.title")}</PageHeading>
        <p className="note">{tt("tokens.teamOnly")}</p>
      </section>
    );
  }
  return <Tokens />;
}

function Tokens() {
  const { t: tt } = useTranslation("team");
  const tokens = useQuery(apiQuery("list_tokens", {}));
  const [created, setCreated] = useState<NewToken | null>(null);
  return (
    <div className="tokens-page" data-testid="tokens">
      <PageHeading>{tt("tokens.title")}</PageHeading>
      <p className="page-intro">{tt("tokens.intro")}</p>
      {created && <NewTokenSecret token={created} onDone={() => setCreated(null)} />}
      <NewTokenForm onCreated={setCreated} />
      <section aria-labelledby="token-list-heading">
        <h2 id="token-list-heading">{tt("tokens.listHeading")}</h2>
        {tokens.error ? (
          <ErrorAlert error={tokens.error} action={{ label: tt("retry"), onClick: () => void tokens.refetch() }}>
            {tt("tokens.loadFailed")}
          </ErrorAlert>
        ) : tokens.data === undefined ? (
          <p role="status">{tt("loading")}</p>
        ) : tokens.data.length === 0 ? (
          <p className="empty">{tt("tokens.empty")}</p>
        ) : (
          <TokenList tokens={tokens.data} />
        )}
      </section>
    </div>
  );
}

/** The secret of a token just made: shown once, with a copy button and a warning. */
function NewTokenSecret({ token, onDone }: { token: NewToken; onDone: () => void }) {
  const { t: tt } = useTranslation("team");
  const { dateTime } = useDateFormat();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => headingRef.current?.focus(), [token.id]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("yes");
    } catch {
      // No clipboard here (plain HTTP beyond this computer): the text is selected instead.
      inputRef.current?.select();
      setCopied("no");
    }
  };

  return (
    <section className="new-token note" aria-labelledby="new-token-heading" data-testid="new-token">
      <h2 id="new-token-heading" ref={headingRef} tabIndex={-1}>
        {tt("tokens.newHeading", { label: token.label })}
      </h2>
      <p className="notice-title" id="new-token-warning">
        {tt("tokens.onceWarning")}
      </p>
      <div className="field">
        <label htmlFor="new-token-secret">{tt("tokens.secret")}</label>
        <div className="token-row">
          <input
            ref={inputRef}
            id="new-token-secret"
            className="token-secret"
            type="text"
            readOnly
            spellCheck={false}
            autoComplete="off"
            value={token.token}
            aria-describedby="new-token-warning new-token-expiry"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" data-testid="new-token-copy" onClick={() => void copy()}>
            {tt("tokens.copy")}
          </button>
        </div>
        <p id="new-token-expiry" className="hint">
          {tt("tokens.expires", { date: dateTime(token.expiresAt) })}
        </p>
      </div>
      <p className="flash" role="status">
        {copied === "yes" ? tt("tokens.copied") : copied === "no" ? tt("tokens.copyByHand") : ""}
      </p>
      <p>{tt("tokens.usage")}</p>
      <pre className="command">
        <code>{`ct --server ${window.location.origin} --token ${token.token} catalogue`}</code>
      </pre>
      <div className="actions">
        <button type="button" className="secondary" data-testid="new-token-done" onClick={onDone}>
          {tt("tokens.done")}
        </button>
      </div>
    </section>
  );
}

type Field = "label" | "days";

function NewTokenForm({ onCreated }: { onCreated: (token: NewToken) => void }) {
  const { t: tt } = useTranslation("team");
  const [label, setLabel] = useState("");
  const [days, setDays] = useState(String(DEFAULT_DAYS));
  const [problems, setProblems] = useState<Partial<Record<Field, FieldProblem>>>({});
  const [other, setOther] = useState<ApiError | null>(null);
  const create = useTeamMutation("create_token", "tokens");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (create.isPending) return;
    setOther(null);
    const found: Partial<Record<Field, FieldProblem>> = {};
    const n = Number(days);
    if (label.trim() === "") found.label = { required: true };
    if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
      found.days = { message: tt("tokens.daysRange", { max: MAX_DAYS }) };
    }
    setProblems(found);
    if (found.label || found.days) {
      document.getElementById(found.label ? "token-label" : "token-days")?.focus();
      return;
    }
    try {
      const token = await create.mutateAsync({ label: label.trim(), days: n });
      setLabel("");
      setDays(String(DEFAULT_DAYS));
      onCreated(token);
    } catch (err) {
      const error = err as ApiError;
      if (error.field === "label" || error.field === "days") {
        setProblems({ [error.field]: { message: error.message } });
        document.getElementById(`token-${error.field}`)?.focus();
      } else {
        setOther(error);
      }
    }
  };

  const describedBy = (field: Field, hint: string) =>
    [hint, problems[field] && `error-token-${field}`].filter(Boolean).join(" ");

  return (
    <form className="new-token-form" aria-labelledby="new-token-form-heading" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="new-token-form-heading">{tt("tokens.createHeading")}</h2>
      <div className="field">
        <label htmlFor="token-label">{tt("tokens.label")}</label>
        <input
          id="token-label"
          type="text"
          autoComplete="off"
          required
          value={label}
          aria-invalid={problems.label ? true : undefined}
          aria-describedby={describedBy("label", "token-label-hint")}
          onChange={(e) => setLabel(e.target.value)}
        />
        <p id="token-label-hint" className="hint">
          {tt("tokens.labelHint")}
        </p>
        {problems.label && <FieldError field="token-label" problem={problems.label} />}
      </div>
      <div className="field">
        <label htmlFor="token-days">{tt("tokens.days")}</label>
        <input
          id="token-days"
          type="number"
          min={1}
          max={MAX_DAYS}
          step={1}
          required
          value={days}
          aria-invalid={problems.days ? true : undefined}
          aria-describedby={describedBy("days", "token-days-hint")}
          onChange={(e) => setDays(e.target.value)}
        />
        <p id="token-days-hint" className="hint">
          {tt("tokens.daysHint", { max: MAX_DAYS })}
        </p>
        {problems.days && <FieldError field="token-days" problem={problems.days} />}
      </div>
      {other && <ErrorAlert error={other}>{tt("tokens.createFailed")}</ErrorAlert>}
      <div className="actions">
        <button type="submit" className="primary" data-testid="token-create" disabled={create.isPending}>
          {tt("tokens.create")}
        </button>
      </div>
    </form>
  );
}

function tokenState(token: TokenInfo, now: number): "revoked" | "expired" | "active" {
  if (token.revokedAt) return "revoked";
  return new Date(token.expiresAt).getTime() <= now ? "expired" : "active";
}

function TokenList({ tokens }: { tokens: TokenInfo[] }) {
  const { t: tt } = useTranslation("team");
  const { dateTime } = useDateFormat();
  const revoke = useTeamMutation("revoke_token", "tokens");
  const [error, setError] = useState<ApiError | null>(null);
  const [now] = useState(() => Date.now());

  const revokeOne = async (id: string) => {
    setError(null);
    try {
      await revoke.mutateAsync({ id });
    } catch (err) {
      setError(err as ApiError);
    }
  };

  return (
    <>
      {error && <ErrorAlert error={error}>{tt("tokens.revokeFailed")}</ErrorAlert>}
      <div className="table-scroll">
        <table className="data-table token-table" data-testid="token-table">
          <caption className="visually-hidden">{tt("tokens.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{tt("tokens.label")}</th>
              <th scope="col">{tt("tokens.created")}</th>
              <th scope="col">{tt("tokens.expiresColumn")}</th>
              <th scope="col">{tt("tokens.lastUsed")}</th>
              <th scope="col">{tt("tokens.state")}</th>
              <th scope="col">
                <span className="visually-hidden">{tt("admin.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => {
              const state = tokenState(token, now);
              return (
                <tr key={token.id} data-token={token.id}>
                  <th scope="row">{token.label}</th>
                  <td>{dateTime(token.createdAt)}</td>
                  <td>{dateTime(token.expiresAt)}</td>
                  <td>{token.lastUsedAt ? dateTime(token.lastUsedAt) : tt("tokens.never")}</td>
                  <td data-testid="token-state">{tt(`tokens.states.${state}`)}</td>
                  <td className="row-actions">
                    {state === "active" && (
                      <ConfirmAction
                        className="secondary small"
                        label={tt("tokens.revoke")}
                        prompt={tt("tokens.revokeConfirm", { label: token.label })}
                        confirmLabel={tt("tokens.revokeButton")}
                        onConfirm={() => void revokeOne(token.id)}
                        testId="token-revoke"
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
