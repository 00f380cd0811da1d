import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { ALL_ROLES, useTeamMutation } from "../account";
import type { Role } from "../bindings/Role";
import type { User } from "../bindings/User";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";

type Field = "name" | "email" | "role" | "password";
const FIELDS: Field[] = ["name", "email", "role", "password"];
type Attempt = { problems: Partial<Record<Field, FieldProblem>>; other: ApiError | null };

/** The smallest password the server takes (`services::passwords::MIN_CHARS`). */
export const MIN_PASSWORD = 12;

/**
 * A new account: name, e-mail, role, and an optional first password (without one the person
 * signs in only through the organisation's single sign-on). Errors show under their field.
 */
export function AddAccountForm({ onAdded }: { onAdded: (user: User) => void }) {
  const { t } = useTranslation();
  const { t: tt } = useTranslation("team");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("FocalPoint");
  const [password, setPassword] = useState("");
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const add = useTeamMutation("add_user", "accounts");

  useEffect(() => {
    if (!attempt) return;
    const first = FIELDS.find((f) => attempt.problems[f]);
    (first ? document.getElementById(`new-${first}`) : document.getElementById("add-account-error"))?.focus();
  }, [attempt]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (add.isPending) return;
    const problems: Attempt["problems"] = {};
    if (name.trim() === "") problems.name = { required: true };
    if (email.trim() === "") problems.email = { required: true };
    if (password !== "" && [...password].length < MIN_PASSWORD) {
      problems.password = { message: tt("password.tooShort", { min: MIN_PASSWORD }) };
    }
    if (Object.keys(problems).length > 0) {
      setAttempt({ problems, other: null });
      return;
    }
    setAttempt(null);
    try {
      const user = await add.mutateAsync({
        name: name.trim(),
        email: email.trim(),
        role,
        password: password === "" ? null : password,
      });
      setName("");
      setEmail("");
      setPassword("");
      setRole("FocalPoint");
      onAdded(user);
    } catch (err) {
      const error = err as ApiError;
      const field = FIELDS.find((f) => f === error.field);
      setAttempt(
        field ? { problems: { [field]: { message: error.message } }, other: null } : { problems: {}, other: error },
      );
    }
  };

  const problems = attempt?.problems ?? {};
  const describedBy = (field: Field, hint?: string) =>
    [hint, problems[field] && `error-new-${field}`].filter(Boolean).join(" ") || undefined;

  return (
    <form className="add-account" aria-labelledby="add-account-heading" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="add-account-heading">{tt("admin.addHeading")}</h2>
      <div className="field">
        <label htmlFor="new-name">{tt("admin.name")}</label>
        <input
          id="new-name"
          type="text"
          autoComplete="off"
          required
          value={name}
          aria-invalid={problems.name ? true : undefined}
          aria-describedby={describedBy("name")}
          onChange={(e) => setName(e.target.value)}
        />
        {problems.name && <FieldError field="new-name" problem={problems.name} />}
      </div>
      <div className="field">
        <label htmlFor="new-email">{tt("admin.email")}</label>
        <input
          id="new-email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
          value={email}
          aria-invalid={problems.email ? true : undefined}
          aria-describedby={describedBy("email")}
          onChange={(e) => setEmail(e.target.value)}
        />
        {problems.email && <FieldError field="new-email" problem={problems.email} />}
      </div>
      <div className="field">
        <label htmlFor="new-role">{tt("admin.role")}</label>
        <select
          id="new-role"
          value={role}
          aria-invalid={problems.role ? true : undefined}
          aria-describedby={describedBy("role", "new-role-hint")}
          onChange={(e) => setRole(e.target.value as Role)}
        >
          {ALL_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
        <p id="new-role-hint" className="hint">
          {t(`identity.roleHint.${role}`)}
        </p>
        {problems.role && <FieldError field="new-role" problem={problems.role} />}
      </div>
      <div className="field">
        <label htmlFor="new-password">{tt("admin.initialPassword")}</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          aria-invalid={problems.password ? true : undefined}
          aria-describedby={describedBy("password", "new-password-hint")}
          onChange={(e) => setPassword(e.target.value)}
        />
        <p id="new-password-hint" className="hint">
          {tt("password.policy", { min: MIN_PASSWORD })} {tt("admin.initialPasswordHint")}
        </p>
        {problems.password && <FieldError field="new-password" problem={problems.password} />}
      </div>
      {attempt?.other && (
        <ErrorAlert id="add-account-error" error={attempt.other}>
          {tt("admin.addFailed")}
        </ErrorAlert>
      )}
      <div className="actions">
        <button type="submit" className="primary" data-testid="add-account" disabled={add.isPending}>
          {add.isPending ? tt("admin.adding") : tt("admin.add")}
        </button>
      </div>
    </form>
  );
}
