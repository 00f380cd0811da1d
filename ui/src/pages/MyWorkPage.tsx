import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import type { ReportSummary } from "../bindings/ReportSummary";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { ReviewQueueActions } from "../components/ReviewQueueActions";
import { ReviewStateBadge } from "../components/ReviewStateBadge";
import { StatusBadge } from "../components/StatusBadge";
import { useDateFormat } from "../hooks/useDateFormat";
import { useQuery } from "../hooks/useQuery";
import { reportHref } from "../reports";
import { useAppInfo, useIdentity, useReportingYears } from "../session";

/** `#/my-work?year=2025`: what is to write for a year, to review, and not started. */
export function MyWorkPage() {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const { currentYear } = useAppInfo();
  const { identity } = useIdentity();
  const years = useReportingYears();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("year"));
  const year = years.includes(asked) ? asked : currentYear;
  const work = useQuery("my_work", { year });
  const data = work.data?.year === year ? work.data : undefined;
  const coordinator = identity.role === "Coordinator";

  const reportRows = (rows: ReportSummary[], review: boolean) => (
    <ul className="work-list">
      {rows.map((r) => (
        <li key={r.id} data-commitment-id={r.commitmentId} data-year={r.year}>
          <div className="work-main">
            <Link to={reportHref(r.commitment, r.year)}>
              {t("myWork.reportLink", { id: r.commitmentId, year: r.year })}
            </Link>{" "}
            <StatusBadge status={r.status} /> <ReviewStateBadge state={r.reviewState} />
            <p className="excerpt">{r.excerpt || t("reports.noText")}</p>
            <p className="muted small-text">
              {t("myWork.updated", { name: r.author, date: dateTime(r.updatedAt) })}
            </p>
          </div>
          {review && coordinator && <ReviewQueueActions report={r} onDone={work.reload} />}
        </li>
      ))}
    </ul>
  );

  return (
    <section className="my-work" data-testid="my-work" aria-labelledby="my-work-heading">
      <div className="page-title">
        <PageHeading id="my-work-heading">{t("myWork.title")}</PageHeading>
        <div className="filter">
          <label htmlFor="mywork-year">{t("myWork.year")}</label>
          <select
            id="mywork-year"
            value={year}
            onChange={(e) => setParams({ year: e.target.value }, { replace: true })}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>

      {work.error && (
        <ErrorAlert error={work.error} action={{ label: t("app.retry"), onClick: work.reload }}>
          {t("myWork.loadFailed")}
        </ErrorAlert>
      )}
      {!data ? (
        !work.error && <p role="status">{t("app.loading")}</p>
      ) : (
        <>
          <section aria-labelledby="to-write-heading" data-testid="mywork-to-write">
            <h2 id="to-write-heading">
              {t("myWork.toWrite", { year })} <span className="count">({data.toWrite.length})</span>
            </h2>
            <p className="hint">{t("myWork.toWriteHint")}</p>
            {data.toWrite.length === 0 ? (
              <p className="empty-small">{t("myWork.nothingToWrite", { year })}</p>
            ) : (
              reportRows(data.toWrite, false)
            )}
          </section>

          <section aria-labelledby="to-review-heading" data-testid="mywork-to-review">
            <h2 id="to-review-heading">
              {t("myWork.toReview")} <span className="count">({data.toReview.length})</span>
            </h2>
            <p className="hint">
              {coordinator ? t("myWork.toReviewHint") : t("myWork.toReviewHintFocalPoint")}
            </p>
            {data.toReview.length === 0 ? (
              <p className="empty-small">{t("myWork.nothingToReview")}</p>
            ) : (
              reportRows(data.toReview, true)
            )}
          </section>

          <section aria-labelledby="not-started-heading" data-testid="mywork-not-started">
            <h2 id="not-started-heading">
              {t("myWork.notStarted", { year })}{" "}
              <span className="count">({data.notStarted.length})</span>
            </h2>
            {data.notStarted.length === 0 ? (
              <p className="empty-small">{t("myWork.allStarted", { year })}</p>
            ) : (
              <ul className="work-list compact">
                {data.notStarted.map((c) => (
                  <li key={c.id} data-commitment-id={c.commitmentId} data-year={year}>
                    <div className="work-main">
                      <Link to={reportHref(c.id, year)}>
                        {t("myWork.writeLink", { id: c.commitmentId, year })}
                      </Link>
                      <p className="excerpt">{c.summary}</p>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </section>
  );
}
