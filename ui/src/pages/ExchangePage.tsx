import { useTranslation } from "react-i18next";
import { PageHeading } from "../components/PageHeading";

/** Placeholder, replaced by the exchange page. */
export function ExchangePage() {
  const { t } = useTranslation("exchange");
  return <PageHeading>{t("exchange.title")}</PageHeading>;
}
