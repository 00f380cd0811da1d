import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { ALL_ROLES, useTeamMutation } from "../account";
import type { Role } from "../bindings/Role";
import type { User } from "../bindings/User";
import { AccountHistory } from "./AccountHistory";
import { MIN_PASSWORD } from "./AddAccountForm";
import { ConfirmAction } from "./ConfirmAction";
import { FieldError } from "./FieldError";

type Props = { user: User; onClose: () => void };

/**
 * One account, for an admin: its role, enabling or disabling it (after a question), a new
 * password, and what was done to it. Focus moves to its heading when it opens.
 */
export function AccountPanel({ user, onClose }: Props) {
  const { t } = useTranslation();
  const { t: tt } = useTranslation("team");
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [role, setRole] = useState<Role>(user.role);
  const [password, setPassword] = useState("");
  const [done, setDone] = useState("");
  const [roleError, setRoleError] = useState<string | null>(null);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const setUserRole = useTeamMutation("set_user_role", "accounts");
  const disable = useTeamMutation("disable_user", "accounts");
  const enable = useTeamMutation("enable_user", "accounts");
  const reset = useTeamMutation("reset_password", "accounts");

  // Opened (for one account: the page keys the panel by it): its heading takes focus.
  useEffect(() => headingRef.current?.focus(), []);

  const changeRole = async (e: FormEvent) => {
    e.preventDefault();
    setRoleError(null);
    setDone("");
    try {
      const saved = await setUserRole.mutateAsync({ user: user.id, role });
      setDone(tt("admin.roleChanged", { name: saved.name, role: t(`role.${saved.role}`) }));
    } catch (err) {
      setRoleError((err as ApiError).message);
      document.getElementById("account-role")?.focus();
    }
  };

  const setStatus = async (enabled: boolean) => {
    setStatusError(null);
    setDone("");
    try {
      const saved = await (enabled ? enable : disable).mutateAsync({ user: user.id });
      setDone(tt(saved.disabled ? "admin.disabledDone" : "admin.enabledDone", { name: saved.name }));
    } catch (err) {
      setStatusError((err as ApiError).message);
    }
  };

  const resetPassword = async (e: FormEvent) => {
    e.preventDefault();
    setPasswordError(null);
    setDone("");
    if ([...password].length < MIN_PASSWORD) {
      setPasswordError(tt("password.tooShort", { min: MIN_PASSWORD }));
      document.getElementById("account-password")?.focus();
      return;
    }
    try {
      const saved = await reset.mutateAsync({ user: user.id, password });
      setPassword("");
      setDone(tt("admin.passwordDone", { name: saved.name }));
    } catch (err) {
      setPasswordError((err as ApiError).message);
      document.getElementById("account-password")?.focus();
    }
  };

  return (
    <section
      id="account-manage-panel"
      className="account-panel-section"
      aria-labelledby="account-manage-heading"
      data-testid="account-panel"
    >
      <h2 id="account-manage-heading" ref={headingRef} tabIndex={-1}>
        {tt("admin.panelHeading", { name: user.name })}
      </h2>
      <p className="muted">{user.email}</p>
      <p className="flash" role="status" data-testid="account-done">
        {done}
      </p>

      <form className="account-row-form" onSubmit={(e) => void changeRole(e)}>
        <div className="field">
          <label htmlFor="account-role">{tt("admin.role")}</label>
          <select
            id="account-role"
            value={role}
            aria-invalid={roleError ? true : undefined}
            aria-describedby={roleError ? "error-account-role" : undefined}
            onChange={(e) => setRole(e.target.value as Role)}
          >
            {ALL_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
          {roleError && <FieldError field="account-role" problem={{ message: roleError }} />}
        </div>
        <button
          type="submit"
          data-testid="account-set-role"
          disabled={setUserRole.isPending || role === user.role}
        >
          {tt("admin.changeRole")}
        </button>
      </form>

      <div className="account-status" role="group" aria-labelledby="account-status-label">
        <p id="account-status-label">
          {user.disabled ? tt("admin.isDisabled") : tt("admin.isEnabled")}
        </p>
        {user.disabled ? (
          <ConfirmAction
            className="secondary"
            label={tt("admin.enable")}
            prompt={tt("admin.enableConfirm", { name: user.name })}
            confirmLabel={tt("admin.enableButton")}
            onConfirm={() => void setStatus(true)}
            testId="account-enable"
          />
        ) : (
          <ConfirmAction
            className="secondary"
            label={tt("admin.disable")}
            prompt={tt("admin.disableConfirm", { name: user.name })}
            confirmLabel={tt("admin.disableButton")}
            onConfirm={() => void setStatus(false)}
            testId="account-disable"
          />
        )}
        {statusError && (
          <p className="field-error" role="alert">
            {t("form.fieldError", { message: statusError })}
          </p>
        )}
      </div>

      <form className="account-row-form" onSubmit={(e) => void resetPassword(e)}>
        <div className="field">
          <label htmlFor="account-password">{tt("admin.newPassword")}</label>
          <input
            id="account-password"
            type="password"
            autoComplete="new-password"
            value={password}
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={["account-password-hint", passwordError && "error-account-password"]
              .filter(Boolean)
              .join(" ")}
            onChange={(e) => setPassword(e.target.value)}
          />
          <p id="account-password-hint" className="hint">
            {tt("password.policy", { min: MIN_PASSWORD })} {tt("admin.newPasswordHint")}
          </p>
          {passwordError && <FieldError field="account-password" problem={{ message: passwordError }} />}
        </div>
        <button type="submit" data-testid="account-reset-password" disabled={reset.isPending}>
          {tt("admin.setPassword")}
        </button>
      </form>

      <AccountHistory user={user.id} headingLevel={3} />

      <div className="actions">
        <button type="button" className="secondary" data-testid="account-panel-close" onClick={onClose}>
          {tt("admin.close")}
        </button>
      </div>
    </section>
  );
}
