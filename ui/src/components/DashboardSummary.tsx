import { useTranslation } from "react-i18next";
import type { Dashboard } from "../bindings/Dashboard";
import { cyclePhase, formatDay, formatShare } from "../statusCycle";

/** The year at a glance: how many commitments have a report, and the traffic light. */
export function DashboardSummary({ dashboard }: { dashboard: Dashboard }) {
  const { t, i18n } = useTranslation("status");
  const language = i18n.resolvedLanguage;
  const { totals, year, cycle } = dashboard;
  const phase = cyclePhase(dashboard);
  const deadline = cycle ? formatDay(cycle.deadline, language) : "";

  return (
    <dl className="dash-tiles" data-testid="dash-summary">
      <div className="tile">
        <dt>{t("summary.withReport", { year })}</dt>
        <dd>
          <span className="tile-value" data-testid="dash-reported">
            {t("summary.reportedOf", {
              reported: totals.withReport,
              total: totals.commitments,
              share: formatShare(totals.withReport, totals.commitments, language),
            })}
          </span>
          <span className="tile-hint">{t("summary.withReportHint")}</span>
        </dd>
      </div>
      <div className="tile traffic-reported">
        <dt>{t("traffic.reported")}</dt>
        <dd>
          <span className="tile-value" data-testid="dash-submitted">
            {totals.reported}
          </span>
          <span className="tile-hint">{t("summary.reportedHint")}</span>
        </dd>
      </div>
      {phase === "notOpen" ? (
        <div className="tile traffic-none">
          <dt>{t("traffic.notOpen")}</dt>
          <dd>
            <span className="tile-value" aria-hidden="true">
              —
            </span>
            <span className="tile-hint">{t("summary.notOpenHint", { year })}</span>
          </dd>
        </div>
      ) : phase === "due" ? (
        <div className="tile traffic-due">
          <dt>{t("traffic.due")}</dt>
          <dd>
            <span className="tile-value" data-testid="dash-due">
              {totals.due}
            </span>
            <span className="tile-hint">{t("summary.dueHint", { date: deadline })}</span>
          </dd>
        </div>
      ) : (
        <div className="tile traffic-overdue">
          <dt>{t("traffic.overdue")}</dt>
          <dd>
            <span className="tile-value" data-testid="dash-overdue-count">
              {totals.overdue}
            </span>
            <span className="tile-hint">{t("summary.overdueHint", { date: deadline })}</span>
          </dd>
        </div>
      )}
    </dl>
  );
}
