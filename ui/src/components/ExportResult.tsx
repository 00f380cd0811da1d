import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportOutcome } from "../bindings/ExportOutcome";
import { FileSize } from "./FileSize";

export type ExportDone = {
  outcome: ExportOutcome;
  format: ExportFormat;
  /** Downloaded by the browser (rather than saved where the window's dialog said). */
  downloaded: boolean;
};

const ROW_KIND: Record<ExportFormat, "reports" | "records" | "entries"> = {
  Csv: "reports",
  Xlsx: "reports",
  Json: "records",
  Markdown: "entries",
  Pdf: "entries",
};

/** What an export wrote: the file, how many rows, how big. Announced when it appears. */
export function ExportResult({ outcome, format, downloaded }: ExportDone) {
  const { t } = useTranslation("exchange");
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), [outcome]);
  const count = Number(outcome.rows);
  return (
    <section className="export-result" data-testid="export-result" aria-labelledby="export-result-heading">
      <h3 id="export-result-heading" ref={ref} tabIndex={-1}>
        {t("export.done")}
      </h3>
      <p>
        {downloaded
          ? t("export.doneDownload", { name: outcome.fileName })
          : t("export.doneSaved", { path: outcome.path })}
      </p>
      <dl className="facts">
        <dt>{t("export.fileName")}</dt>
        <dd data-testid="export-file-name">{outcome.fileName}</dd>
        <dt>{t("export.contents")}</dt>
        <dd data-testid="export-rows">{t(`export.rows.${ROW_KIND[format]}`, { count })}</dd>
        <dt>{t("export.size")}</dt>
        <dd data-testid="export-size">
          <FileSize bytes={outcome.bytes} />
        </dd>
      </dl>
    </section>
  );
}
