import { useTranslation } from "react-i18next";
import type { Report } from "../bindings/Report";
import { useDateFormat } from "../hooks/useDateFormat";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";

type Props = { comment: string; by: string; at: string };

/** What a coordinator asked for when returning a report, with who and when. */
export function ReturnCommentQuote({ comment, by, at }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  return (
    <figure className="return-comment" data-testid="return-comment">
      <figcaption className="notice-title">{t("review.returnComment")}</figcaption>
      <blockquote className="review-comment-text">
        <p>{comment}</p>
        <footer>
          {t("review.by", { name: by })}, <time dateTime={at}>{dateTime(at)}</time>
        </footer>
      </blockquote>
    </figure>
  );
}

/**
 * The newest return comment of a report still being revised after a return: Returned, or a
 * draft again once saved, until it is submitted (the comment says what is still asked for).
 */
export function ReturnComment({ report }: { report: Report }) {
  const revising = report.reviewState === "Returned" || report.reviewState === "Draft";
  const history = useQuery(apiQuery("review_history", revising ? { id: report.id } : null));
  const milestones = history.data?.filter((e) => e.toState !== "Draft") ?? [];
  const last = milestones[milestones.length - 1];
  if (!revising || last?.toState !== "Returned" || !last.comment) return null;
  return <ReturnCommentQuote comment={last.comment} by={last.actor} at={last.createdAt} />;
}
