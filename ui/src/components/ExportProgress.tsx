import { useTranslation } from "react-i18next";
import type { Progress } from "../bindings/Progress";

type Props = {
  /** The latest progress the server reported; null until the job has counted its work. */
  progress: Progress | null;
  cancelling: boolean;
  onCancel: () => void;
};

/** A running export: how far it is (rows done of all rows) and a way to stop it. */
export function ExportProgress({ progress, cancelling, onCancel }: Props) {
  const { t, i18n } = useTranslation("exchange");
  const done = Number(progress?.done ?? 0);
  const total = Number(progress?.total ?? 0);
  const known = total > 0;
  const number = new Intl.NumberFormat(i18n.resolvedLanguage);
  const text = known
    ? t("export.progressValue", { done: number.format(done), total: number.format(total) })
    : t("export.preparing");
  return (
    <div className="export-progress" data-testid="export-progress">
      <div
        role="progressbar"
        aria-label={t("export.progressLabel")}
        aria-valuemin={0}
        aria-valuemax={known ? total : undefined}
        aria-valuenow={known ? Math.min(done, total) : undefined}
        aria-valuetext={text}
        className="progress"
      >
        {/* The native bar draws it; without a value it shows as busy. */}
        <progress aria-hidden="true" max={known ? total : undefined} value={known ? done : undefined} />
        <span className="progress-text">{text}</span>
      </div>
      <button
        type="button"
        className="secondary"
        data-testid="export-cancel"
        disabled={cancelling}
        onClick={onCancel}
      >
        {cancelling ? t("export.cancelling") : t("export.cancel")}
      </button>
    </div>
  );
}
