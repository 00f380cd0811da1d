import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";

/** Placeholder, replaced by the matrix page. */
export function MatrixPage() {
  const { t } = useTranslation("status");
  return <PageHeading>{t("matrix.title")}</PageHeading>;
}
