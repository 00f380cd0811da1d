import { useTranslation } from "react-i18next";
import type { Report } from "../bindings/Report";
import { useDateFormat } from "../hooks/useDateFormat";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { ErrorAlert } from "./ErrorAlert";

/** Every review step of a report: from which state to which, by whom, when, and why. */
export function ReviewHistory({ report }: { report: Report }) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const events = useQuery(apiQuery("review_history", { id: report.id }));

  if (events.error) {
    return (
      <ErrorAlert
        error={events.error}
        action={{ label: t("app.retry"), onClick: () => void events.refetch() }}
      >
        {t("review.historyFailed")}
      </ErrorAlert>
    );
  }
  if (!events.data) return <p role="status">{t("app.loading")}</p>;
  if (events.data.length === 0) return <p className="muted">{t("review.historyEmpty")}</p>;
  return (
    <ol className="event-list" data-testid="review-history">
      {[...events.data].reverse().map((event) => (
        <li key={event.id} data-to-state={event.toState}>
          <p>
            <time dateTime={event.createdAt}>{dateTime(event.createdAt)}</time>{" "}
            {t("review.event", {
              from: t(`reviewState.${event.fromState}`),
              to: t(`reviewState.${event.toState}`),
              name: event.actor,
              role: t(`role.${event.role}`),
            })}
          </p>
          {event.comment && (
            <blockquote className="review-comment-text">
              <p>{event.comment}</p>
            </blockquote>
          )}
        </li>
      ))}
    </ol>
  );
}
