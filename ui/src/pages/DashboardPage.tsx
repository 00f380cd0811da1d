import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";

/** Placeholder, replaced by the dashboard page. */
export function DashboardPage() {
  const { t } = useTranslation("status");
  return <PageHeading>{t("dashboard.title")}</PageHeading>;
}
