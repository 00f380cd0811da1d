import type { Ref } from "react";
import { useTranslation } from "react-i18next";
import type { Report } from "../bindings/Report";
import { useDateFormat } from "../hooks/useDateFormat";
import { NARRATIVES } from "../reports";
import { ExternalLink } from "./ExternalLink";
import { Markdown } from "./Markdown";
import { ReviewStateBadge } from "./ReviewStateBadge";
import { StatusBadge } from "./StatusBadge";

type Props = { report: Report; headingRef?: Ref<HTMLHeadingElement> };

/** A saved report, read-only: facts, the three narratives, evidence and tags. */
export function ReportView({ report, headingRef }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  return (
    <section className="report-view" data-testid="report-view" aria-labelledby="report-view-heading">
      <h2 id="report-view-heading" ref={headingRef} tabIndex={-1}>
        {t("report.viewTitle", { year: report.year })}
      </h2>
      <dl className="facts">
        <dt>{t("report.field.status")}</dt>
        <dd>
          <StatusBadge status={report.status} testId="report-status" />
        </dd>
        <dt>{t("report.reviewState")}</dt>
        <dd>
          <ReviewStateBadge state={report.reviewState} testId="review-state" />
        </dd>
        <dt id="report-progress-label">{t("report.field.progress")}</dt>
        <dd data-testid="report-progress">
          {report.progress === null ? (
            <span className="muted">{t("report.noProgress")}</span>
          ) : (
            <span className="progress">
              <progress max={100} value={report.progress} aria-labelledby="report-progress-label" />{" "}
              {t("report.percent", { value: report.progress })}
            </span>
          )}
        </dd>
        <dt>{t("report.author")}</dt>
        <dd>{report.author}</dd>
        <dt>{t("report.updated")}</dt>
        <dd>
          {t("report.updatedBy", { name: report.updatedBy })}{" "}
          <time dateTime={report.updatedAt}>{dateTime(report.updatedAt)}</time>{" "}
          <span className="muted">{t("report.revision", { revision: report.revision })}</span>
        </dd>
      </dl>

      {NARRATIVES.map((field) => (
        <section key={field} className="narrative" aria-labelledby={`narrative-${field}-heading`}>
          <h3 id={`narrative-${field}-heading`}>{t(`report.field.${field}`)}</h3>
          {report[field].trim() ? (
            <Markdown text={report[field]} testId={`narrative-${field}`} />
          ) : (
            <p className="muted" data-testid={`narrative-${field}`}>
              {t("report.nothingWritten")}
            </p>
          )}
        </section>
      ))}

      <h3>{t("report.field.evidence")}</h3>
      {report.evidence.length === 0 ? (
        <p className="muted">{t("report.noEvidence")}</p>
      ) : (
        <ul className="evidence-list" data-testid="evidence-list">
          {report.evidence.map((link, i) => (
            <li key={i}>
              <ExternalLink href={link.url}>{link.title}</ExternalLink>{" "}
              <span className="url">{link.url}</span>
            </li>
          ))}
        </ul>
      )}

      <h3>{t("report.field.tags")}</h3>
      {report.tags.length === 0 ? (
        <p className="muted">{t("report.noTags")}</p>
      ) : (
        <ul className="tag-list" data-testid="report-tags">
          {report.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
