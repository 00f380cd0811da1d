import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { signOut, type ApiError } from "../api";
import type { SignedIn } from "../bindings/SignedIn";
import { ConfirmAction } from "./ConfirmAction";
import { ErrorAlert } from "./ErrorAlert";

/**
 * A team server's header: the signed-in account's name and role (its admin sets them; there is
 * nothing to declare), and a panel with its personal access tokens and signing out.
 */
export function AccountMenu({ account }: { account: SignedIn }) {
  const { t } = useTranslation();
  const { t: tt } = useTranslation("team");
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const wasOpen = useRef(false);
  const display = t("identity.display", { name: account.name, role: t(`role.${account.role}`) });

  useEffect(() => {
    if (open) {
      wasOpen.current = true;
      headingRef.current?.focus();
    } else if (wasOpen.current) {
      toggleRef.current?.focus();
    }
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const leave = async (everywhere: boolean) => {
    setLeaving(true);
    setError(null);
    try {
      await signOut(everywhere); // reloads the page on success
    } catch (e) {
      setError(e as ApiError);
      setLeaving(false);
    }
  };

  return (
    <div className="identity-menu">
      <span className="identity-name" data-testid="identity-display" title={display}>
        {display}
      </span>
      <button
        ref={toggleRef}
        type="button"
        className="header-button"
        data-testid="account-menu"
        aria-expanded={open}
        aria-controls="account-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {tt("account.menu")}
      </button>
      {open && (
        <div
          id="account-panel"
          className="identity-panel account-panel"
          role="dialog"
          aria-labelledby="account-panel-heading"
        >
          <h2 id="account-panel-heading" ref={headingRef} tabIndex={-1}>
            {account.name}
          </h2>
          <p className="muted" data-testid="account-email">
            {tt("account.signedInAs", { email: account.email, role: t(`role.${account.role}`) })}
          </p>
          <ul className="account-links">
            <li>
              <Link to="/tokens" data-testid="account-tokens" onClick={() => setOpen(false)}>
                {tt("account.tokens")}
              </Link>
            </li>
          </ul>
          {error && (
            <ErrorAlert error={error}>{tt("account.signOutFailed")}</ErrorAlert>
          )}
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-testid="sign-out"
              disabled={leaving}
              onClick={() => void leave(false)}
            >
              {tt("account.signOut")}
            </button>
            <ConfirmAction
              className="secondary"
              label={tt("account.signOutEverywhere")}
              prompt={tt("account.signOutEverywhereConfirm")}
              confirmLabel={tt("account.signOutEverywhereButton")}
              onConfirm={() => void leave(true)}
              testId="sign-out-everywhere"
            />
          </div>
        </div>
      )}
    </div>
  );
}
