import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useIdentity } from "../session";
import { IdentityForm } from "./IdentityForm";

/** "Name (role)" in the header, and a panel to change it. Focus goes into it and back. */
export function IdentityMenu() {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("sync");
  const { identity, setIdentity } = useIdentity();
  const [open, setOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const wasOpen = useRef(false);
  const display = t("identity.display", { name: identity.name, role: t(`role.${identity.role}`) });

  useEffect(() => {
    if (open) {
      wasOpen.current = true;
      headingRef.current?.focus();
    } else if (wasOpen.current) {
      toggleRef.current?.focus();
    }
  }, [open]);

  // Escape closes the panel, as it would a menu.
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
      {/* One line, cut short with "…" in a narrow header; the whole of it on hover. */}
      <span className="identity-name" data-testid="identity-display" title={display}>
        {display}
      </span>
      <button
        ref={toggleRef}
        type="button"
        className="header-button"
        data-testid="identity-change"
        aria-expanded={open}
        aria-controls="identity-panel"
        onClick={() => setOpen((o) => !o)}
      >
        {t("identity.change")}
      </button>
      {open && (
        <div
          id="identity-panel"
          className="identity-panel"
          role="dialog"
          aria-labelledby="identity-panel-heading"
        >
          <h2 id="identity-panel-heading" ref={headingRef} tabIndex={-1}>
            {t("identity.changeTitle")}
          </h2>
          <IdentityForm
            current={identity}
            labelledBy="identity-panel-heading"
            onSaved={(saved) => {
              setIdentity(saved);
              setOpen(false);
            }}
            onCancel={() => setOpen(false)}
          />
          {/* A personal database may become a copy of a team server later. */}
          <p className="identity-connect">
            <Link to="/connect" data-testid="identity-connect" onClick={() => setOpen(false)}>
              {ts("menu.connect")}
            </Link>
          </p>
        </div>
      )}
    </div>
  );
}
