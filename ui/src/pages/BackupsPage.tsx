import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";

/** Placeholder, replaced by the backups page. */
export function BackupsPage() {
  const { t } = useTranslation("exchange");
  return <PageHeading>{t("backups.title")}</PageHeading>;
}
