import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { reportHref } from "../addresses";
import type { Commitment } from "../bindings/Commitment";
import { ErrorAlert } from "./ErrorAlert";
import { ReviewStateBadge } from "./ReviewStateBadge";
import { StatusBadge } from "./StatusBadge";
import "../styles/status.css";

// The chart library loads only when a commitment page is first opened.
const TimelineChart = lazy(() =>
  import("./TimelineChart").then((module) => ({ default: module.TimelineChart })),
);

/** A commitment's status year by year, 2016 → next year, as a chart and a list; gaps show as such. */
export function TimelineSection({ commitment }: { commitment: Commitment }) {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const query = useQuery(apiQuery("commitment_timeline", { commitment: commitment.id }));
  const points = query.data;

  return (
    <section className="timeline-section" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t("timeline.heading")}</h2>
      {query.error ? (
        <ErrorAlert
          error={query.error}
          action={{ label: tc("app.retry"), onClick: () => void query.refetch() }}
        >
          {t("timeline.loadFailed")}
        </ErrorAlert>
      ) : !points ? (
        <p role="status">{tc("app.loading")}</p>
      ) : (
        <>
          <p className="hint">
            {t("timeline.summary", {
              reported: points.filter((p) => p.report).length,
              count: points.length,
              first: points[0]?.year,
              last: points[points.length - 1]?.year,
            })}
          </p>
          <Suspense fallback={<div className="chart-box timeline-chart" />}>
            <TimelineChart points={points} />
          </Suspense>
          <ol className="timeline" data-testid="timeline" aria-label={t("timeline.listLabel")}>
            {points.map(({ year, report }) => (
              <li
                key={year}
                data-year={year}
                data-status={report?.status ?? "none"}
                data-review={report?.reviewState ?? "none"}
                className={report ? `timeline-item timeline-${report.status}` : "timeline-item gap"}
              >
                <Link
                  to={reportHref(commitment, year)}
                  className="timeline-year"
                  aria-label={report ? t("timeline.open", { year }) : t("timeline.write", { year })}
                >
                  {year}
                </Link>
                {report ? (
                  <>
                    <StatusBadge status={report.status} />
                    <ReviewStateBadge state={report.reviewState} />
                  </>
                ) : (
                  <span className="timeline-gap">{t("timeline.gap")}</span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
