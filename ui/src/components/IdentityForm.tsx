import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { useApiMutation } from "../api/queries";
import type { Identity } from "../bindings/Identity";
import type { Role } from "../bindings/Role";
import { isRole, ROLES } from "../session";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";

type Field = "name" | "role";
type Attempt = { problems: Partial<Record<Field, FieldProblem>>; formError: ApiError | null };

type Props = {
  /** The identity to change, or null on first start. */
  current: Identity | null;
  onSaved: (identity: Identity) => void;
  onCancel?: () => void;
  labelledBy: string;
};

/** Name and role: who every change made from this computer is recorded against. */
export function IdentityForm({ current, onSaved, onCancel, labelledBy }: Props) {
  const { t } = useTranslation();
  const [name, setName] = useState(current?.name ?? "");
  const [role, setRole] = useState<Role | "">(current?.role ?? "");
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const setIdentity = useApiMutation("set_identity", "identity");

  useEffect(() => {
    if (!attempt) return;
    const target = attempt.problems.name
      ? document.getElementById("identity-name")
      : attempt.problems.role
        ? document.querySelector<HTMLInputElement>("#identity-role input")
        : document.getElementById("identity-error");
    target?.focus();
  }, [attempt]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    const problems: Attempt["problems"] = {};
    if (!name.trim()) problems.name = { required: true };
    if (!role) problems.role = { required: true };
    if (role === "" || Object.keys(problems).length > 0) {
      setAttempt({ problems, formError: null });
      return;
    }
    setSaving(true);
    try {
      onSaved(await setIdentity.mutateAsync({ name, role }));
    } catch (err) {
      const error = err as ApiError;
      setAttempt(
        error.field === "name" || error.field === "role"
          ? { problems: { [error.field]: { message: error.message } }, formError: null }
          : { problems: {}, formError: error },
      );
      setSaving(false);
    }
  };

  const nameProblem = attempt?.problems.name;
  const roleProblem = attempt?.problems.role;
  return (
    <form className="identity-form" data-testid="identity-form" noValidate aria-labelledby={labelledBy} onSubmit={submit}>
      {attempt?.formError && (
        <ErrorAlert id="identity-error" error={attempt.formError}>
          {t("identity.saveFailed")}
        </ErrorAlert>
      )}
      <div className="field">
        <label htmlFor="identity-name">{t("identity.name")}</label>
        <input
          id="identity-name"
          type="text"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={nameProblem ? true : undefined}
          aria-describedby={nameProblem ? "error-name" : undefined}
        />
        {nameProblem && <FieldError field="name" problem={nameProblem} />}
      </div>
      <fieldset id="identity-role" aria-describedby={roleProblem ? "error-role" : undefined}>
        <legend>{t("identity.role")}</legend>
        {roleProblem && <FieldError field="role" problem={roleProblem} />}
        {ROLES.map((value) => (
          <div key={value} className="radio">
            <input
              id={`identity-role-${value}`}
              type="radio"
              name="identity-role"
              value={value}
              checked={role === value}
              aria-describedby={`identity-role-${value}-hint`}
              onChange={(e) => {
                if (isRole(e.target.value)) setRole(e.target.value);
              }}
            />
            <label htmlFor={`identity-role-${value}`}>{t(`role.${value}`)}</label>
            <p id={`identity-role-${value}-hint`} className="hint">
              {t(`identity.roleHint.${value}`)}
            </p>
          </div>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" data-testid="identity-submit" disabled={saving}>
          {current ? t("identity.save") : t("identity.start")}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t("identity.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
