import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";

/** Placeholder, replaced by the search page. */
export function SearchPage() {
  const { t } = useTranslation("status");
  return <PageHeading>{t("search.title")}</PageHeading>;
}
