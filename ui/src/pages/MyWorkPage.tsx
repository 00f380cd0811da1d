import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { reportHref } from "../addresses";
import type { MyWork } from "../bindings/MyWork";
import type { ReportSummary } from "../bindings/ReportSummary";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { ReturnCommentQuote } from "../components/ReturnComment";
import { ReviewQueueActions } from "../components/ReviewQueueActions";
import { ReviewStateBadge } from "../components/ReviewStateBadge";
import { StatusBadge } from "../components/StatusBadge";
import { useDateFormat } from "../hooks/useDateFormat";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { daysBetween, formatDay } from "../statusCycle";
import { useIdentity, useReportingYears } from "../session";
import { mayReview } from "../account";

/** "Overdue", as a mark beside what is late. */
function OverdueMark() {
  const { t } = useTranslation();
  return (
    <span className="overdue-mark" data-testid="overdue-mark">
      {t("myWork.overdue")}
    </span>
  );
}

/** The year's deadline: not open, due by a date (days left), or passed. */
function Deadline({ work }: { work: MyWork }) {
  const { t, i18n } = useTranslation();
  const { year, cycle, today } = work;
  if (!cycle) {
    return (
      <p className="work-deadline" data-testid="mywork-deadline" data-phase="NotOpen">
        {t("myWork.deadlineNotOpen", { year })}
      </p>
    );
  }
  const date = formatDay(cycle.deadline, i18n.resolvedLanguage);
  const overdue = work.phase === "Overdue";
  return (
    <p
      className={overdue ? "work-deadline overdue" : "work-deadline"}
      data-testid="mywork-deadline"
      data-phase={work.phase}
    >
      {overdue && <OverdueMark />}{" "}
      {overdue
        ? t("myWork.deadlinePassed", { year, date })
        : t("myWork.deadlineDue", { year, date, count: daysBetween(today, cycle.deadline) })}
    </p>
  );
}

/**
 * `#/my-work?year=2025`: what was returned (any year), the year's deadline and drafts, what is
 * to review, and what is not started. Without a year, the server picks the open cycle's.
 */
export function MyWorkPage() {
  const { t, i18n } = useTranslation();
  const { t: tw } = useTranslation("work");
  const { dateTime } = useDateFormat();
  const { identity } = useIdentity();
  const years = useReportingYears();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("year"));
  const chosen = years.includes(asked) ? asked : null;
  const work = useQuery({
    ...apiQuery("my_work", { year: chosen }),
    placeholderData: keepPreviousData,
  });
  const retry = () => void work.refetch();
  const data = work.data && (chosen === null || work.data.year === chosen) ? work.data : undefined;
  const year = data?.year ?? chosen;
  const coordinator = mayReview(identity.role);
  const late = data?.phase === "Overdue";
  // What a review step from the list just did: said here, and to screen readers.
  const [message, setMessage] = useState("");
  const reviewed = (r: ReportSummary) => (step: "approve" | "return") => {
    // (The list is asked again by the step's own invalidation.)
    setMessage(t(`myWork.done.${step}`, { id: r.commitmentId, year: r.year }));
  };

  const reportMain = (r: ReportSummary) => (
    <>
      <Link to={reportHref(r, r.year)}>
        {t("myWork.reportLink", { id: r.commitmentId, year: r.year })}
      </Link>{" "}
      <StatusBadge status={r.status} /> <ReviewStateBadge state={r.reviewState} />
      <p className="excerpt">{r.excerpt || t("reports.noText")}</p>
      <p className="muted small-text">
        {t("myWork.updated", { name: r.author, date: dateTime(r.updatedAt) })}
      </p>
    </>
  );

  const reportRows = (rows: ReportSummary[], review: boolean) => (
    <ul className="work-list">
      {rows.map((r) => (
        <li key={r.id} data-commitment-id={r.commitmentId} data-year={r.year}>
          <div className="work-main">
            {reportMain(r)}
            {!review && late && <OverdueMark />}
          </div>
          {review && coordinator && (
            <ReviewQueueActions report={r} onDone={reviewed(r)} onRetry={retry} />
          )}
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
            value={year ?? ""}
            onChange={(e) => setParams({ year: e.target.value }, { replace: true })}
          >
            {year === null && <option value="" />}
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>

      <p className="flash" role="status" data-testid="mywork-message">
        {message}
      </p>
      {work.error && (
        <ErrorAlert error={work.error} action={{ label: t("app.retry"), onClick: retry }}>
          {t("myWork.loadFailed")}
        </ErrorAlert>
      )}
      {!data ? (
        !work.error && <p role="status">{t("app.loading")}</p>
      ) : (
        <>
          <Deadline work={data} />
          {/* A signed-in focal point's lists hold only their commitments: say so, and what to
              do when none are assigned yet. */}
          {data.assignedOnly && (
            <p
              className={data.assigned === 0 ? "notice" : "hint"}
              data-testid="mywork-scope"
              data-assigned={data.assigned ?? 0}
            >
              {identity.role === "Viewer"
                ? tw("myWork.viewer")
                : data.assigned === 0
                  ? tw("myWork.noneAssigned")
                  : tw("myWork.yours", { count: data.assigned ?? 0 })}
            </p>
          )}
          {!(data.assignedOnly && data.assigned === 0) && (
            <>
              <section aria-labelledby="returned-heading" data-testid="mywork-returned">
                <h2 id="returned-heading">
                  {data.assignedOnly ? tw("myWork.returnedToYou") : t("myWork.returned")}{" "}
                  <span className="count">({data.returned.length})</span>
                </h2>
                <p className="hint">{t("myWork.returnedHint")}</p>
                {data.returned.length === 0 ? (
                  <p className="empty-small">{t("myWork.nothingReturned")}</p>
                ) : (
                  <ul className="work-list">
                    {data.returned.map(({ report: r, comment, returnedBy, returnedAt, deadline, overdue }) => (
                      <li key={r.id} data-commitment-id={r.commitmentId} data-year={r.year}>
                        <div className="work-main">
                          {reportMain(r)}
                          {deadline && (
                            <p className="small-text" data-testid="returned-deadline">
                              {overdue && <OverdueMark />}{" "}
                              {t(overdue ? "myWork.deadlineWas" : "myWork.dueBy", {
                                date: formatDay(deadline, i18n.resolvedLanguage),
                              })}
                            </p>
                          )}
                          {comment && (
                            <ReturnCommentQuote
                              comment={comment}
                              by={returnedBy ?? ""}
                              at={returnedAt ?? ""}
                            />
                          )}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </section>

              <section aria-labelledby="to-write-heading" data-testid="mywork-to-write">
                <h2 id="to-write-heading">
                  {t("myWork.toWrite", { year: data.year })}{" "}
                  <span className="count">({data.toWrite.length})</span>
                </h2>
                <p className="hint">{t("myWork.toWriteHint")}</p>
                {data.toWrite.length === 0 ? (
                  <p className="empty-small">{t("myWork.nothingToWrite", { year: data.year })}</p>
                ) : (
                  reportRows(data.toWrite, false)
                )}
              </section>

              {!data.assignedOnly && (
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
              )}

              <section aria-labelledby="not-started-heading" data-testid="mywork-not-started">
                <h2 id="not-started-heading">
                  {t("myWork.notStarted", { year: data.year })}{" "}
                  <span className="count">({data.notStarted.length})</span>
                </h2>
                {data.notStarted.length === 0 ? (
                  <p className="empty-small">
                    {data.assignedOnly
                      ? tw("myWork.allYoursStarted", { year: data.year })
                      : t("myWork.allStarted", { year: data.year })}
                  </p>
                ) : (
                  <ul className="work-list compact">
                    {data.notStarted.map((c) => (
                      <li key={c.id} data-commitment-id={c.commitmentId} data-year={data.year}>
                        <div className="work-main">
                          <Link to={reportHref(c, data.year)}>
                            {t("myWork.writeLink", { id: c.commitmentId, year: data.year })}
                          </Link>
                          {late && <OverdueMark />}
                          <p className="excerpt">{c.summary}</p>
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </>
          )}
        </>
      )}
    </section>
  );
}
