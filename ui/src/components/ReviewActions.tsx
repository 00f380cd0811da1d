import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, type ApiError } from "../api";
import { invalidateAfterChange } from "../api/queryKeys";
import type { Report } from "../bindings/Report";
import { mayReview, useAccount, useApproveDenial, useReportRights } from "../account";
import { useReportReload } from "../hooks/useReportReload";
import { isEditable, type ReportChange } from "../reports";
import { useIdentity } from "../session";
import { useOffline } from "../sync";
import { OfflineNote } from "./OfflineNote";
import { ErrorAlert } from "./ErrorAlert";
import { Denied } from "./Denied";
import { ReturnComment } from "./ReturnComment";
import { FieldError, type FieldProblem } from "./FieldError";

type ReviewStep = "submit" | "approve" | "return" | "reopen";
type StepArgs = { id: string; expectedVersion: number; comment: string | null };

type Props = {
  report: Report;
  onEdit: () => void;
  onChanged: (report: Report, change: ReportChange) => void;
};

/**
 * What can be done with a report in its review state by this person: edit and submit a draft;
 * approve or return a submitted one and reopen an approved one (coordinators). Returning and
 * reopening need a comment, asked for inline.
 */
export function ReviewActions({ report, onEdit, onChanged }: Props) {
  const { t } = useTranslation();
  const { identity } = useIdentity();
  // On a team server the signed-in account's role and assignments decide what is offered
  // (and why not); on one computer, the role the person stated.
  const account = useAccount();
  const rights = useReportRights(report.commitment);
  const approveDenial = useApproveDenial(report);
  const coordinator = mayReview(identity.role) && rights.review === null;
  const mayWrite = rights.known && rights.write === null;
  // An offline copy of a team server: review steps need the server (edits do not).
  const offline = useOffline();
  const offlineNote = offline ? "offline-review" : undefined;
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [commentProblem, setCommentProblem] = useState<FieldProblem | null>(null);

  const state = report.reviewState;
  const needsComment = coordinator && (state === "Submitted" || state === "Approved");
  const queryClient = useQueryClient();
  const review = useMutation({
    mutationFn: ({ step, args }: { step: ReviewStep; args: StepArgs }) =>
      call(`${step}_report`, args),
    onSuccess: () => void invalidateAfterChange(queryClient, "report"),
  });
  const fresh = useReportReload();

  const run = async (step: ReviewStep) => {
    if (busy) return;
    setError(null);
    setCommentProblem(null);
    const commented = step === "return" || step === "reopen";
    if (commented && !comment.trim()) {
      setCommentProblem({ required: true });
      document.getElementById("review-comment")?.focus();
      return;
    }
    setBusy(true);
    try {
      const args = {
        id: report.id,
        expectedVersion: report.version,
        comment: commented ? comment : null,
      };
      const next = await review.mutateAsync({ step, args });
      setComment("");
      onChanged(next, step);
    } catch (err) {
      const e = err as ApiError;
      if (e.field === "comment") {
        setCommentProblem({ message: e.message });
        document.getElementById("review-comment")?.focus();
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    setError(null);
    try {
      onChanged(await fresh(report.id), "reload");
    } catch (err) {
      setError(err as ApiError);
    }
  };

  return (
    <div className="review-actions" data-testid="review-actions">
      {state === "Draft" && (
        <div className="notice" data-testid="review-notice">
          <p className="notice-title">{t("review.draftTitle")}</p>
          <p>{t("review.draftHelp")}</p>
        </div>
      )}
      {state === "Approved" && (
        <div className="notice locked" data-testid="locked-notice">
          <p className="notice-title">{t("review.lockedTitle")}</p>
          <p>{coordinator ? t("review.lockedCoordinator") : t("review.lockedFocalPoint")}</p>
        </div>
      )}
      {state === "Submitted" && (
        <div className="notice" data-testid="review-notice">
          <p className="notice-title">{t("review.submittedTitle")}</p>
          <p>{coordinator ? t("review.submittedCoordinator") : t("review.submittedFocalPoint")}</p>
        </div>
      )}
      {state === "Returned" && (
        <div className="note" data-testid="review-notice">
          <p className="notice-title">{t("review.returnedTitle")}</p>
          {/* The newest return comment says what to fix. */}
          <ReturnComment report={report} />
          <p>{t("review.returnedHelp")}</p>
        </div>
      )}

      {error &&
        (error.kind === "conflict" ? (
          <ErrorAlert error={error} action={{ label: t("review.reload"), onClick: () => void reload() }}>
            {t("review.conflict")}
          </ErrorAlert>
        ) : (
          <ErrorAlert error={error}>{t("review.failed")}</ErrorAlert>
        ))}

      {needsComment && (
        <div className="field review-comment">
          <label htmlFor="review-comment">
            {state === "Submitted" ? t("review.commentLabel") : t("review.reasonLabel")}
          </label>
          <p id="review-comment-hint" className="hint">
            {state === "Submitted" ? t("review.commentHint") : t("review.reasonHint")}
          </p>
          <textarea
            id="review-comment"
            rows={3}
            value={comment}
            onChange={(e) => {
              setComment(e.target.value);
              setCommentProblem(null);
            }}
            aria-invalid={commentProblem ? true : undefined}
            aria-describedby={["review-comment-hint", commentProblem && "error-comment"]
              .filter(Boolean)
              .join(" ")}
          />
          {commentProblem && <FieldError field="comment" problem={commentProblem} />}
        </div>
      )}

      <div className="actions">
        {isEditable(state) && mayWrite && (
          <>
            <button type="button" data-testid="action-edit" onClick={onEdit}>
              {t("review.edit")}
            </button>
            <button
              type="button"
              className="primary"
              data-testid="action-submit"
              disabled={busy || offline}
              aria-describedby={offlineNote}
              onClick={() => void run("submit")}
            >
              {t("review.submit")}
            </button>
          </>
        )}
        {coordinator && state === "Submitted" && (
          <>
            <button
              type="button"
              className="primary"
              data-testid="action-approve"
              disabled={busy || offline || approveDenial !== null}
              aria-describedby={approveDenial ? "denied-approve" : offlineNote}
              onClick={() => void run("approve")}
            >
              {t("review.approve")}
            </button>
            <button
              type="button"
              data-testid="action-return"
              disabled={busy || offline}
              aria-describedby={offlineNote}
              onClick={() => void run("return")}
            >
              {t("review.return")}
            </button>
          </>
        )}
        {coordinator && state === "Approved" && (
          <button
            type="button"
            data-testid="action-reopen"
            disabled={busy || offline}
            aria-describedby={offlineNote}
            onClick={() => void run("reopen")}
          >
            {t("review.reopen")}
          </button>
        )}
      </div>
      {offline &&
        ((isEditable(state) && mayWrite) ||
          (coordinator && (state === "Submitted" || state === "Approved"))) && (
          <OfflineNote id="offline-review" action="review" />
        )}
      {coordinator && state === "Submitted" && approveDenial && (
        <Denied id="denied-approve" reason={approveDenial} action="approve" />
      )}
      {account && rights.known && isEditable(state) && rights.write && (
        <Denied reason={rights.write} action="write" />
      )}
      {account && rights.known && state === "Submitted" && rights.review && (
        <Denied reason={rights.review} action="review" />
      )}
    </div>
  );
}
