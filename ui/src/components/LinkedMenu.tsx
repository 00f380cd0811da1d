import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { SignedIn } from "../bindings/SignedIn";
import type { SyncStatus } from "../bindings/SyncStatus";
import { hostOf } from "./SyncBar";

/**
 * The header of an offline copy of a team server: the account it acts as (the server's
 * admins set its name and role), and a panel with the copy's page and the account's tokens.
 */
export function LinkedMenu({ account, status }: { account: SignedIn; status: SyncStatus }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("sync");
  const { t: tt } = useTranslation("team");
  const [open, setOpen] = useState(false);
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

  return (
    <div className="identity-menu">
      <span className="identity-name" data-testid="identity-display" title={display}>
        {display}
      </span>
      <button
        ref={toggleRef}
        type="button"
        className="header-button"
        data-testid="linked-menu"
        aria-expanded={open}
        aria-controls="linked-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {tt("account.menu")}
      </button>
      {open && (
        <div
          id="linked-panel"
          className="identity-panel account-panel"
          role="dialog"
          aria-labelledby="linked-panel-heading"
        >
          <h2 id="linked-panel-heading" ref={headingRef} tabIndex={-1}>
            {account.name}
          </h2>
          <p className="muted" data-testid="account-email">
            {tt("account.signedInAs", { email: account.email, role: t(`role.${account.role}`) })}
          </p>
          <p className="muted">{ts("menu.copyOf", { server: hostOf(status.server) })}</p>
          <ul className="account-links">
            <li>
              <Link to="/sync" data-testid="linked-sync" onClick={() => setOpen(false)}>
                {ts("menu.sync")}
              </Link>
            </li>
            <li>
              <Link to="/tokens" data-testid="account-tokens" onClick={() => setOpen(false)}>
                {tt("account.tokens")}
              </Link>
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
