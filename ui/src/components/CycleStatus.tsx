import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Dashboard } from "../bindings/Dashboard";
import { reportHref } from "../addresses";
import { useIdentity } from "../session";
import { cyclePhase, daysBetween, formatDay } from "../statusCycle";
import { CycleForm } from "./CycleForm";

type Props = { dashboard: Dashboard };

/** Overdue lists up to this long are shown open. */
const OPEN_LIST_UP_TO = 6;

/** The year's reporting cycle: open or not, its deadline, and what is overdue. */
export function CycleStatus({ dashboard }: Props) {
  const { t, i18n } = useTranslation("status");
  const { identity } = useIdentity();
  const coordinator = identity.role === "Coordinator";
  const { year, cycle, totals, overdue, today } = dashboard;
  const phase = cyclePhase(dashboard);
  const day = (iso: string) => formatDay(iso, i18n.resolvedLanguage);

  return (
    <section
      className={`cycle-panel cycle-${phase}`}
      data-testid="dash-cycle"
      data-phase={phase}
      aria-labelledby="cycle-heading"
    >
      <h2 id="cycle-heading">{t("cycle.heading", { year })}</h2>
      {cycle === null ? (
        <>
          <p data-testid="cycle-state">{t("cycle.notOpen", { year })}</p>
          {coordinator ? (
            <CycleForm key={`open-${year}`} year={year} deadline={null} />
          ) : (
            <p className="hint">{t("cycle.askCoordinator")}</p>
          )}
        </>
      ) : (
        <>
          <p data-testid="cycle-state">
            {phase === "due"
              ? t("cycle.dueBy", {
                  date: day(cycle.deadline),
                  count: daysBetween(today, cycle.deadline),
                })
              : t("cycle.passed", { date: day(cycle.deadline) })}{" "}
            <span className="muted">
              {t("cycle.openedBy", {
                name: cycle.openedBy,
                date: day(cycle.openedAt.slice(0, 10)),
              })}
            </span>
          </p>
          {phase === "overdue" &&
            (overdue.length === 0 ? (
              <p className="empty-small">{t("cycle.noneOverdue", { year })}</p>
            ) : (
              // A long list is folded so that the charts stay in view; a short one is open.
              <details className="overdue" open={overdue.length <= OPEN_LIST_UP_TO}>
                <summary id="overdue-heading">
                  {t("cycle.overdueHeading", { count: totals.overdue, year })}
                </summary>
                <ul
                  className="overdue-list"
                  data-testid="dash-overdue"
                  aria-labelledby="overdue-heading"
                >
                  {overdue.map((c) => (
                    <li key={c.id} data-commitment-id={c.commitmentId}>
                      <Link
                        to={reportHref(c, year)}
                        aria-label={t("cycle.overdueLink", { id: c.commitmentId, year })}
                      >
                        {c.commitmentId}
                      </Link>{" "}
                      <span className="overdue-summary">{c.summary}</span>
                    </li>
                  ))}
                </ul>
                {overdue.length < totals.overdue && (
                  <p className="hint" data-testid="dash-overdue-first">
                    {t("cycle.overdueFirst", { shown: overdue.length })}{" "}
                    <Link to="/matrix">{t("cycle.openMatrix")}</Link>
                  </p>
                )}
              </details>
            ))}
          {coordinator && (
            <details className="cycle-move">
              <summary>{t("cycle.moveSummary")}</summary>
              <CycleForm
                key={`move-${year}-${cycle.deadline}`}
                year={year}
                deadline={cycle.deadline}
              />
            </details>
          )}
        </>
      )}
    </section>
  );
}
