import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { BundleImport } from "../bindings/BundleImport";

const COUNTS = [
  "organisationsAdded",
  "commitmentsAdded",
  "reportsAdded",
  "reportsUpdated",
  "reportsUnchanged",
] as const;

/** What a bundle import would do (a preview) or did, in numbers. */
export function BundleSummary({ result }: { result: BundleImport }) {
  const { t, i18n } = useTranslation("exchange");
  const number = new Intl.NumberFormat(i18n.resolvedLanguage);
  const label = (key: (typeof COUNTS)[number] | "records" | "conflicts") =>
    result.dryRun ? t(`bundle.count.${key}`) : t(`bundle.done.${key}`);
  const restore = result.mode === "restore";
  const records = Object.values(result.restored).reduce((sum, n) => sum + n, 0);
  return (
    <>
      {restore && <p className="notice">{t("bundle.restoreMode")}</p>}
      <dl className="facts bundle-summary" data-testid={result.dryRun ? "bundle-summary" : "bundle-applied"}>
        {restore ? (
          <>
            <dt>{label("records")}</dt>
            <dd data-testid="bundle-records">{number.format(records)}</dd>
          </>
        ) : (
          <>
            {COUNTS.map((key) => (
              <Fragment key={key}>
                <dt>{label(key)}</dt>
                <dd data-testid={`bundle-${key}`}>{number.format(result[key])}</dd>
              </Fragment>
            ))}
            <dt>{label("conflicts")}</dt>
            <dd data-testid="bundle-conflicts">{number.format(result.conflicts.length)}</dd>
          </>
        )}
      </dl>
    </>
  );
}
