import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { call, type ApiError } from "../api";
import { invalidateAfterChange } from "../api/queryKeys";
import type { ReportSummary } from "../bindings/ReportSummary";
import { useOffline } from "../sync";
import { ErrorAlert } from "./ErrorAlert";
import type { FieldProblem } from "./FieldError";
import { OfflineNote } from "./OfflineNote";

type Props = {
  report: ReportSummary;
  /** The step went through (the list then says so; it is asked again by the invalidation). */
  onDone: (step: "approve" | "return") => void;
  onRetry: () => void;
};

type Step = {
  step: "approve" | "return";
  id: string;
  expectedVersion: number;
  comment: string | null;
};

/** Approve, or return with a comment, a submitted report straight from the review list. */
export function ReviewQueueActions({ report, onDone, onRetry }: Props) {
  const { t } = useTranslation();
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const uid = useId();
  const commentId = `return-comment-${report.id}`;
  const errorId = `${uid}-comment-error`;
  // An offline copy of a team server: approving and returning need the server.
  const offline = useOffline();
  const offlineId = offline ? `${uid}-offline` : undefined;
  const queryClient = useQueryClient();
  const review = useMutation({
    mutationFn: ({ step, id, expectedVersion, comment }: Step) =>
      call(step === "approve" ? "approve_report" : "return_report", { id, expectedVersion, comment }),
    onSuccess: () => void invalidateAfterChange(queryClient, "report"),
  });

  const run = async (step: "approve" | "return") => {
    if (busy) return;
    setError(null);
    setProblem(null);
    if (step === "return" && !comment.trim()) {
      setProblem({ required: true });
      document.getElementById(commentId)?.focus();
      return;
    }
    setBusy(true);
    try {
      await review.mutateAsync({
        step,
        id: report.id,
        expectedVersion: report.version,
        comment: step === "return" ? comment : null,
      });
      onDone(step);
    } catch (err) {
      const e = err as ApiError;
      if (e.field === "comment") setProblem({ message: e.message });
      else setError(e);
      setBusy(false);
    }
  };

  const label = { id: report.commitmentId, year: report.year };
  return (
    <div className="queue-actions">
      {error && (
        <ErrorAlert
          error={error}
          // A refusal of the account's right is not undone by asking again.
          {...(error.kind === "forbidden"
            ? {}
            : { action: { label: t("app.retry"), onClick: onRetry } })}
        >
          {error.kind === "conflict" ? t("myWork.changedMeanwhile") : t("review.failed")}
        </ErrorAlert>
      )}
      {returning && (
        <div className="field">
          <label htmlFor={commentId}>{t("myWork.returnComment", label)}</label>
          <textarea
            id={commentId}
            rows={2}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              setProblem(null);
            }}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? errorId : undefined}
          />
          {problem && (
            <p id={errorId} className="field-error">
              {t("form.fieldError", {
                message: "message" in problem ? problem.message : t("form.required"),
              })}
            </p>
          )}
        </div>
      )}
      <div className="actions compact">
        <button
          type="button"
          className="primary small"
          data-testid="queue-approve"
          disabled={busy || offline}
          aria-describedby={offlineId}
          aria-label={t("myWork.approveLabel", label)}
          onClick={() => void run("approve")}
        >
          {t("review.approve")}
        </button>
        {returning ? (
          <>
            <button
              type="button"
              className="small"
              data-testid="queue-return-confirm"
              disabled={busy || offline}
              aria-describedby={offlineId}
              onClick={() => void run("return")}
            >
              {t("myWork.sendBack")}
            </button>
            <button type="button" className="secondary small" onClick={() => setReturning(false)}>
              {t("detail.cancel")}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="small"
            data-testid="queue-return"
            disabled={offline}
            aria-describedby={offlineId}
            aria-label={t("myWork.returnLabel", label)}
            onClick={() => {
              setReturning(true);
              // The comment field appears on the next render.
              setTimeout(() => document.getElementById(commentId)?.focus(), 0);
            }}
          >
            {t("review.return")}
          </button>
        )}
      </div>
      {offlineId && <OfflineNote id={offlineId} action="review" />}
    </div>
  );
}
