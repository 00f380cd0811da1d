import { useTranslation } from "react-i18next";
import { BundleSection } from "../components/BundleSection";
import { ExportSection } from "../components/ExportSection";
import { ImportSection } from "../components/ImportSection";
import { PageHeading } from "../components/PageHeading";
import "../styles/exchange.css";

/** `#/exchange`: exports of reports, imports of commitments, and bundles between copies. */
export function ExchangePage() {
  const { t } = useTranslation("exchange");
  return (
    <div className="exchange-page" data-testid="exchange">
      <PageHeading>{t("exchange.title")}</PageHeading>
      <p className="page-intro">{t("exchange.intro")}</p>
      <ExportSection />
      <ImportSection kind="Catalogue" />
      <ImportSection kind="Reports" />
      <BundleSection />
    </div>
  );
}
