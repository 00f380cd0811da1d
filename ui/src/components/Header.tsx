import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router";
import { useAccount } from "../account";
import { catalogueHref } from "../filters";
import { useSyncStatus } from "../sync";
import { AccountMenu } from "./AccountMenu";
import { IdentityMenu } from "./IdentityMenu";
import { LinkedMenu } from "./LinkedMenu";
import { LanguageSelect } from "./LanguageSelect";

type NavItem = { to: string; end: boolean; testId: string; label: string };

/**
 * Whether the links fit on the header's one row beside the name and the person, judged from
 * an invisible copy of the links (always laid out in one line, so the judgement does not
 * depend on its own outcome). Measured, not a fixed breakpoint: French labels need ~200 px
 * more than English ones.
 */
function useNavFits(
  header: RefObject<HTMLElement | null>,
  parts: RefObject<HTMLElement | null>[],
  measure: RefObject<HTMLElement | null>,
  identified: boolean,
): boolean {
  const [fits, setFits] = useState(true);
  useLayoutEffect(() => {
    const el = header.current;
    if (!el || !identified) return;
    const judge = () => {
      const style = getComputedStyle(el);
      const gap = parseFloat(style.columnGap) || 0;
      const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const others = parts.reduce((sum, p) => sum + (p.current?.offsetWidth ?? 0), 0);
      const links = measure.current?.offsetWidth ?? 0;
      // offsetWidth rounds each box to whole pixels: a few pixels of slack keep a row that
      // fits by less than that from wrapping onto a second one.
      const slack = 8;
      setFits(others + links + gap * parts.length + slack <= room);
    };
    // Called once on observing, then whenever the window, the name or the labels (another
    // language) change size.
    const observer = new ResizeObserver(judge);
    observer.observe(el);
    for (const p of [...parts, measure]) if (p.current) observer.observe(p.current);
    return () => observer.disconnect();
    // The refs are stable; the links (and their copy) exist once the person is identified.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [identified]);
  return fits;
}

/** `identified`: the person has said who they are, so the app's pages and their name show. */
export function Header({ identified }: { identified: boolean }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("status");
  const { t: tx } = useTranslation("exchange");
  const { t: tt } = useTranslation("team");
  // On a team server: the signed-in account; on a copy of one, the account it acts as (null
  // on one computer).
  const account = useAccount();
  const sync = useSyncStatus();
  const admin = account?.role === "Admin";
  const [open, setOpen] = useState(false);
  const headerRef = useRef<HTMLElement>(null);
  const nameRef = useRef<HTMLAnchorElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const fits = useNavFits(headerRef, [nameRef, endRef], measureRef, identified);
  const compact = identified && !fits;

  const items: NavItem[] = [
    { to: catalogueHref(), end: true, testId: "nav-catalogue", label: t("nav.catalogue") },
    { to: "/frameworks", end: false, testId: "nav-frameworks", label: t("nav.frameworks") },
    { to: "/my-work", end: false, testId: "nav-my-work", label: t("nav.myWork") },
    { to: "/dashboard", end: false, testId: "nav-dashboard", label: ts("nav.dashboard") },
    { to: "/matrix", end: false, testId: "nav-matrix", label: ts("nav.matrix") },
    { to: "/search", end: false, testId: "nav-search", label: ts("nav.search") },
    { to: "/exchange", end: false, testId: "nav-exchange", label: tx("nav.exchange") },
    { to: "/backups", end: false, testId: "nav-backups", label: tx("nav.backups") },
    { to: "/admin", end: false, testId: "nav-admin", label: tt("nav.admin") },
  ].filter((item) => {
    // A team server's backups and accounts are its admins'; one computer has backups only
    // (a copy of a team server too: its backups are of this computer's file).
    if (item.testId === "nav-admin") return admin;
    if (item.testId === "nav-backups") return account === null || admin || sync !== null;
    return true;
  });

  // Escape closes it and gives focus back to its button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      toggleRef.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <header ref={headerRef} className={compact ? "app-header compact" : "app-header"}>
      <Link ref={nameRef} to="/" className="app-name">
        {t("app.name")}
      </Link>
      {identified && (
        <>
          {compact && (
            <button
              ref={toggleRef}
              type="button"
              className="header-button nav-toggle"
              data-testid="nav-toggle"
              aria-expanded={open}
              aria-controls="app-nav"
              onClick={() => setOpen((o) => !o)}
            >
              {t("nav.menu")}
            </button>
          )}
          <nav
            id="app-nav"
            className={compact ? (open ? "app-nav menu open" : "app-nav menu") : "app-nav"}
            aria-label={t("nav.label")}
          >
            {items.map((item) => (
              <NavLink
                key={item.testId}
                to={item.to}
                end={item.end}
                data-testid={item.testId}
                // A followed link closes the menu.
                onClick={() => setOpen(false)}
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          {/* The links' width in one line, for the judgement above; never seen or read, and
              in a box of no size so that it never widens the page. */}
          <div className="nav-measure-box" aria-hidden="true">
            <div ref={measureRef} className="nav-measure">
              {items.map((item) => (
                <span key={item.testId} className="nav-measure-item">
                  {item.label}
                </span>
              ))}
            </div>
          </div>
        </>
      )}
      <div ref={endRef} className="header-end">
        {identified &&
          // A copy's account arrives just after its status: nothing in between, never the
          // one-computer identity panel.
          (sync ? (
            account && <LinkedMenu account={account} status={sync} />
          ) : account ? (
            <AccountMenu account={account} />
          ) : (
            <IdentityMenu />
          ))}
        <LanguageSelect />
      </div>
    </header>
  );
}
