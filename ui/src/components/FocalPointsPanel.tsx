import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { mayReview, useAccount } from "../account";
import type { ApiError } from "../api";
import { apiQuery, useApiMutation } from "../api/queries";
import type { Commitment } from "../bindings/Commitment";
import type { SignedIn } from "../bindings/SignedIn";
import type { User } from "../bindings/User";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";

/**
 * The commitment's focal points, who write and submit its reports. Coordinators and admins
 * assign and unassign them here; others see who they are. Only on a team server: one computer
 * has no accounts.
 */
export function FocalPointsPanel({ commitment }: { commitment: Commitment }) {
  const account = useAccount();
  if (!account) return null;
  return <Panel commitment={commitment} account={account} />;
}

/** Accounts that can be assigned: enabled, allowed to write reports, not assigned yet. */
function assignable(users: User[], assigned: User[]): User[] {
  const taken = new Set(assigned.map((u) => u.id));
  return users
    .filter((u) => !u.disabled && u.role !== "Viewer" && !taken.has(u.id))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function Panel({ commitment, account }: { commitment: Commitment; account: SignedIn }) {
  const { t } = useTranslation();
  const { t: tw } = useTranslation("work");
  const coordinator = mayReview(account.role);
  const assignees = useQuery(apiQuery("list_assignees", { commitment: commitment.id }));
  const users = useQuery(apiQuery("list_users", coordinator ? {} : null));
  const assign = useApiMutation("assign_commitment", "assignment");
  const unassign = useApiMutation("unassign_commitment", "assignment");
  const [chosen, setChosen] = useState("");
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [message, setMessage] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const busy = assign.isPending || unassign.isPending;

  const assigned = assignees.data ?? [];
  const choices = assignable(users.data ?? [], assigned);
  const me = assigned.some((u) => u.id === account.id);

  const add = async () => {
    if (busy) return;
    setFailure(null);
    setMessage("");
    const user = choices.find((u) => u.id === chosen);
    if (!user) {
      setProblem({ message: tw("focalPoints.chooseFirst") });
      document.getElementById("assign-user")?.focus();
      return;
    }
    try {
      await assign.mutateAsync({ commitment: commitment.id, user: user.id });
      setChosen("");
      setMessage(tw("focalPoints.assigned", { name: user.name }));
    } catch (err) {
      const e = err as ApiError;
      if (e.field === "user") {
        setProblem({ message: e.message });
        document.getElementById("assign-user")?.focus();
      } else {
        setFailure(e);
      }
    }
  };

  const remove = async (user: User) => {
    if (busy) return;
    setFailure(null);
    setMessage("");
    try {
      await unassign.mutateAsync({ commitment: commitment.id, user: user.id });
      setMessage(tw("focalPoints.unassigned", { name: user.name }));
      // The button pressed is gone: the panel's heading keeps the place.
      headingRef.current?.focus();
    } catch (err) {
      setFailure(err as ApiError);
    }
  };

  return (
    <section
      className="focal-points"
      data-testid="focal-points"
      aria-labelledby="focal-points-heading"
      aria-busy={assignees.isFetching}
    >
      <h2 id="focal-points-heading" ref={headingRef} tabIndex={-1}>
        {tw("focalPoints.heading")}
      </h2>
      <p className="hint">
        {coordinator ? tw("focalPoints.introCoordinator") : tw("focalPoints.intro")}
      </p>

      {assignees.error ? (
        <ErrorAlert
          error={assignees.error}
          action={{ label: t("app.retry"), onClick: () => void assignees.refetch() }}
        >
          {tw("focalPoints.loadFailed")}
        </ErrorAlert>
      ) : !assignees.data ? (
        <p role="status">{t("app.loading")}</p>
      ) : assigned.length === 0 ? (
        <p className="empty-small" data-testid="focal-points-empty">
          {tw("focalPoints.none")}
        </p>
      ) : (
        <ul className="focal-point-list" data-testid="focal-point-list">
          {assigned.map((u) => (
            <li key={u.id} data-email={u.email}>
              <span className="focal-point-name">
                {tw("focalPoints.person", { name: u.name, email: u.email })}
              </span>
              {u.id === account.id && (
                <span className="muted" data-testid="focal-point-you">
                  {" "}
                  {tw("focalPoints.you")}
                </span>
              )}
              {coordinator && (
                <button
                  type="button"
                  className="secondary small"
                  data-testid="unassign"
                  aria-label={tw("focalPoints.unassignLabel", { name: u.name })}
                  disabled={busy}
                  onClick={() => void remove(u)}
                >
                  {tw("focalPoints.unassign")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {!coordinator && (
        <p
          className="hint"
          data-testid="denied-explanation"
          data-action="assign"
          data-reason={account.role === "Viewer" ? "viewer" : "notReviewer"}
        >
          {account.role === "FocalPoint" && me
            ? tw("focalPoints.youWrite")
            : tw("focalPoints.onlyCoordinators")}
        </p>
      )}

      {failure && <ErrorAlert error={failure}>{tw("focalPoints.failed")}</ErrorAlert>}

      {coordinator && (
        <div className="assign-form">
          <div className="field">
            <label htmlFor="assign-user">{tw("focalPoints.accountLabel")}</label>
            <p id="assign-user-hint" className="hint">
              {tw("focalPoints.accountHint")}
            </p>
            {users.error && (
              <ErrorAlert
                error={users.error}
                action={{ label: t("app.retry"), onClick: () => void users.refetch() }}
              >
                {tw("focalPoints.usersFailed")}
              </ErrorAlert>
            )}
            <select
              id="assign-user"
              value={chosen}
              onChange={(e) => {
                setChosen(e.target.value);
                setProblem(null);
              }}
              aria-invalid={problem ? true : undefined}
              aria-describedby={["assign-user-hint", problem && "error-user"]
                .filter(Boolean)
                .join(" ")}
            >
              <option value="">
                {users.data && choices.length === 0
                  ? tw("focalPoints.noneToChoose")
                  : tw("focalPoints.choose")}
              </option>
              {choices.map((u) => (
                <option key={u.id} value={u.id}>
                  {tw("focalPoints.option", {
                    name: u.name,
                    email: u.email,
                    role: t(`role.${u.role}`),
                  })}
                </option>
              ))}
            </select>
            {problem && <FieldError field="user" problem={problem} />}
          </div>
          <button type="button" data-testid="assign" disabled={busy} onClick={() => void add()}>
            {tw("focalPoints.assign")}
          </button>
        </div>
      )}

      <p className="flash" role="status" data-testid="focal-points-message">
        {message}
      </p>
    </section>
  );
}
