import { useTranslation } from "react-i18next";
import { Link, NavLink } from "react-router";
import { catalogueHref } from "../filters";
import { IdentityMenu } from "./IdentityMenu";
import { LanguageSelect } from "./LanguageSelect";

/** `identified`: the person has said who they are, so the app's pages and their name show. */
export function Header({ identified }: { identified: boolean }) {
  const { t } = useTranslation();
  const { t: ts } = useTranslation("status");
  const { t: tx } = useTranslation("exchange");
  return (
    <header className="app-header">
      <Link to="/" className="app-name">
        {t("app.name")}
      </Link>
      {identified && (
        <nav className="app-nav" aria-label={t("nav.label")}>
          <NavLink to={catalogueHref()} end data-testid="nav-catalogue">
            {t("nav.catalogue")}
          </NavLink>
          <NavLink to="/my-work" data-testid="nav-my-work">
            {t("nav.myWork")}
          </NavLink>
          <NavLink to="/dashboard" data-testid="nav-dashboard">
            {ts("nav.dashboard")}
          </NavLink>
          <NavLink to="/matrix" data-testid="nav-matrix">
            {ts("nav.matrix")}
          </NavLink>
          <NavLink to="/search" data-testid="nav-search">
            {ts("nav.search")}
          </NavLink>
          <NavLink to="/exchange" data-testid="nav-exchange">
            {tx("nav.exchange")}
          </NavLink>
          <NavLink to="/backups" data-testid="nav-backups">
            {tx("nav.backups")}
          </NavLink>
        </nav>
      )}
      <div className="header-end">
        {identified && <IdentityMenu />}
        <LanguageSelect />
      </div>
    </header>
  );
}
