import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commitmentEditHref, commitmentSaved, useAddressedCommitment } from "../addresses";
import { call, type ApiError } from "../api";
import { useLabels } from "../catalogue";
import { AuditLog } from "../components/AuditLog";
import { ConfirmAction } from "../components/ConfirmAction";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { CommitmentCategories } from "../components/CommitmentCategories";
import { FocalPointsPanel } from "../components/FocalPointsPanel";
import { mayReview, useAccount } from "../account";
import { OfflineNote } from "../components/OfflineNote";
import { useOffline } from "../sync";
import { ReportYears } from "../components/ReportYears";
import { TimelineSection } from "../components/TimelineSection";
import { catalogueHref } from "../filters";

export function CommitmentDetailPage() {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const { t: tw } = useTranslation("work");
  const { query } = useAddressedCommitment();
  // On a team server only coordinators and admins change the catalogue.
  const account = useAccount();
  const mayEdit = !account || mayReview(account.role);
  // An offline copy of a team server: its catalogue is read-only until the server is back.
  const offline = useOffline();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  // The activity trail is only asked for once someone opens it.
  const [activityOpen, setActivityOpen] = useState(false);
  const queryClient = useQueryClient();
  const retirement = useMutation({
    mutationFn: ({ retire, ...args }: { retire: boolean; id: string; expectedVersion: number }) =>
      call(retire ? "retire_commitment" : "restore_commitment", args),
    onSuccess: (saved) => commitmentSaved(queryClient, saved),
  });

  // After navigating between commitments, never show the previous one while the next loads.
  const commitment = query.data;
  if (!commitment) {
    return query.error ? (
      <ErrorAlert error={query.error} action={{ label: t("app.retry"), onClick: query.reload }}>
        {t("detail.loadFailed")}
      </ErrorAlert>
    ) : (
      <p role="status">{t("app.loading")}</p>
    );
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.resolvedLanguage, {
    dateStyle: "long",
    timeStyle: "short",
  });
  const formatDate = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
  };
  const retired = commitment.retiredAt !== null;
  const setRetired = (retire: boolean) => {
    // The button stays enabled (focus returns to it after the confirm step), so guard here.
    if (busy) return;
    setBusy(true);
    setActionError(null);
    retirement
      .mutateAsync({ retire, id: commitment.id, expectedVersion: commitment.version })
      .catch(setActionError)
      .finally(() => setBusy(false));
  };

  return (
    <section
      className="commitment-detail"
      data-testid="commitment-detail"
      aria-labelledby="detail-heading"
    >
      <PageHeading id="detail-heading">
        {t("detail.heading", { id: commitment.commitmentId })}
      </PageHeading>
      {commitment.retiredAt !== null && (
        <p className="notice">
          {t("detail.retiredOn", { date: formatDate(commitment.retiredAt) })}
        </p>
      )}

      <dl className="facts">
        {commitment.title && (
          <>
            <dt>{t("detail.title")}</dt>
            <dd data-testid="detail-title">{commitment.title}</dd>
          </>
        )}
        <dt>{t("detail.framework")}</dt>
        <dd data-testid="detail-framework">
          {labels.framework(commitment.framework)} ({commitment.framework})
        </dd>
        {commitment.type && (
          <>
            <dt>{t("detail.type")}</dt>
            <dd>{labels.type(commitment.type)}</dd>
          </>
        )}
        <dt>{t("detail.organisation")}</dt>
        <dd>
          {commitment.organisationName} ({commitment.organisation})
        </dd>
        <dt>{t("detail.tags")}</dt>
        <dd>
          {commitment.tags.length === 0 ? (
            <span className="muted">{t("detail.noTags")}</span>
          ) : (
            <ul className="tag-list" data-testid="detail-tags">
              {commitment.tags.map((tag) => (
                <li key={tag}>{tag}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t("detail.created")}</dt>
        <dd>
          <time dateTime={commitment.createdAt}>{formatDate(commitment.createdAt)}</time>
        </dd>
        <dt>{t("detail.updated")}</dt>
        <dd>
          <time dateTime={commitment.updatedAt}>{formatDate(commitment.updatedAt)}</time>
        </dd>
      </dl>

      <h2>{t("detail.description")}</h2>
      <p className="description">{commitment.description}</p>

      <CommitmentCategories commitment={commitment} />
      {commitment.categories.some((link) => link.inferred) && (
        <p className="note">{t("detail.inferredNote")}</p>
      )}

      {actionError &&
        (actionError.kind === "conflict" ? (
          <ErrorAlert
            error={actionError}
            action={{
              label: t("detail.reload"),
              onClick: () => {
                setActionError(null);
                query.reload();
              },
            }}
          >
            {t("detail.conflict")}
          </ErrorAlert>
        ) : (
          <ErrorAlert error={actionError}>{t("detail.actionFailed")}</ErrorAlert>
        ))}

      {!mayEdit && (
        <p
          className="hint denied"
          data-testid="denied-explanation"
          data-action="edit-commitment"
          data-reason={account.role === "Viewer" ? "viewer" : "notReviewer"}
        >
          {tw("denied.editCommitment")}
        </p>
      )}
      {mayEdit && offline && <OfflineNote action="catalogue" />}
      <div className="actions">
        {mayEdit && !offline && (
          <>
            <Link className="button" to={commitmentEditHref(commitment)}>
              {t("detail.edit")}
            </Link>
            <ConfirmAction
              label={retired ? t("detail.restore") : t("detail.retire")}
              prompt={t(retired ? "detail.confirmRestore" : "detail.confirmRetire", {
                id: commitment.commitmentId,
              })}
              confirmLabel={retired ? t("detail.confirmRestoreButton") : t("detail.confirmRetireButton")}
              onConfirm={() => setRetired(!retired)}
            />
          </>
        )}
        <Link className="button secondary" to={catalogueHref()}>
          {t("detail.back")}
        </Link>
      </div>

      <FocalPointsPanel commitment={commitment} />

      <TimelineSection commitment={commitment} />

      <section aria-labelledby="reports-heading">
        <h2 id="reports-heading">{t("reports.heading")}</h2>
        <p className="hint">{t("reports.intro")}</p>
        <ReportYears commitment={commitment} />
      </section>

      <details
        className="activity"
        data-testid="audit-log"
        open={activityOpen}
        onToggle={(e) => setActivityOpen(e.currentTarget.open)}
      >
        <summary>
          <span className="summary-title">{t("audit.title")}</span>
        </summary>
        {activityOpen && (
          <AuditLog
            query={{ commitment: commitment.id, entity: null, limit: 200 }}
          />
        )}
      </details>
    </section>
  );
}
