import { useTranslation } from "react-i18next";
import { REVIEW_STATES, STATUSES } from "../reports";
import { STATUS_COLORS } from "../statusColors";

/** What the colours and the letters of the matrix cells mean. */
export function MatrixLegend() {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  return (
    <section
      className="matrix-legend"
      data-testid="matrix-legend"
      aria-labelledby="matrix-legend-heading"
    >
      <h2 id="matrix-legend-heading" className="visually-hidden">
        {t("matrix.legend")}
      </h2>
      <ul className="legend-list" aria-label={t("matrix.legendStatus")}>
        {STATUSES.map((status) => (
          <li key={status}>
            <span
              className="legend-swatch"
              style={{ backgroundColor: STATUS_COLORS[status] }}
              aria-hidden="true"
            />
            {tc(`status.${status}`)}
          </li>
        ))}
        <li>
          <span className="legend-swatch legend-swatch-empty" aria-hidden="true" />
          {t("matrix.noReport")}
        </li>
      </ul>
      <ul className="legend-list" aria-label={t("matrix.legendReview")}>
        {REVIEW_STATES.map((state) => (
          <li key={state}>
            <span className="legend-mark" aria-hidden="true">
              {t(`matrix.mark.${state}`)}
            </span>
            {tc(`reviewState.${state}`)}
          </li>
        ))}
      </ul>
      <p className="hint" id="matrix-help">
        {t("matrix.help")}
      </p>
    </section>
  );
}
