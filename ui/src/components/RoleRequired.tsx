import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Role } from "../bindings/Role";
import { PageHeading } from "./PageHeading";

/** A page the signed-in account's role does not open: says whose it is, and where to go. */
export function RoleRequired({ title, needs }: { title: string; needs: Role }) {
  const { t } = useTranslation();
  const { t: tt } = useTranslation("team");
  return (
    <section data-testid="role-required">
      <PageHeading>{title}</PageHeading>
      <p className="note">{tt("roleRequired", { role: t(`role.${needs}`) })}</p>
      <p>
        <Link to="/">{t("app.toCatalogue")}</Link>
      </p>
    </section>
  );
}
