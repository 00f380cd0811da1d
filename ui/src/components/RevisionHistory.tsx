import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { apiQuery, useApiMutation } from "../api/queries";
import type { FieldChange } from "../bindings/FieldChange";
import type { Report } from "../bindings/Report";
import type { RevisionSummary } from "../bindings/RevisionSummary";
import { useReportRights } from "../account";
import { useDateFormat } from "../hooks/useDateFormat";
import { useReportReload } from "../hooks/useReportReload";
import { isContentField, isEditable, statusFromServerLabel, type ReportChange } from "../reports";
import { ConfirmAction } from "./ConfirmAction";
import { ErrorAlert } from "./ErrorAlert";
import { WordDiff } from "./WordDiff";

type Props = { report: Report; onChanged: (report: Report, change: ReportChange) => void };

/**
 * Every saved content of a report, newest first. Two of them (From, To) are compared word by
 * word; an older one can be brought back, which saves it as a new revision (nothing is lost).
 */
export function RevisionHistory({ report, onChanged }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const revisions = useQuery(apiQuery("list_revisions", { id: report.id }));
  const restoreRevision = useApiMutation("restore_revision", "report");
  const reload = useReportReload();
  const [picked, setPicked] = useState<{ from: number | null; to: number | null }>({
    from: null,
    to: null,
  });
  const [restoreError, setRestoreError] = useState<ApiError | null>(null);
  const list = revisions.data ?? [];
  // Until someone picks, compare the newest revision with the one before it.
  const from = picked.from ?? list[1]?.revision ?? null;
  const to = picked.to ?? list[0]?.revision ?? null;
  const comparable = from !== null && to !== null && from !== to;
  const diff = useQuery(
    apiQuery("diff_revisions", comparable ? { id: report.id, from, to } : null),
  );
  // Bringing an old revision back is a write: not offered to whoever may not write this report
  // (the report's actions say why).
  const rights = useReportRights(report.commitment);
  const editable = isEditable(report.reviewState) && rights.known && rights.write === null;

  const restore = async (revision: number) => {
    setRestoreError(null);
    try {
      onChanged(
        await restoreRevision.mutateAsync({
          id: report.id,
          expectedVersion: report.version,
          revision,
        }),
        "restore",
      );
    } catch (err) {
      setRestoreError(err as ApiError);
    }
  };

  const what = (r: RevisionSummary) =>
    r.action === "create"
      ? t("history.created")
      : r.action === "restore"
        ? t("history.restored", { revision: r.restoredFrom ?? "?" })
        : r.action === "import"
          ? t("history.imported", { file: r.source ?? "?" })
          : t("history.edited");

  const fieldLabel = (field: string) =>
    isContentField(field) ? t(`report.field.${field}`) : field;
  /** Status changes come as the server's English labels: shown in the reader's language. */
  const shown = (change: FieldChange, text: string) => {
    if (change.field !== "status") return text;
    const status = statusFromServerLabel(text);
    return status ? t(`status.${status}`) : text;
  };

  if (revisions.error) {
    return (
      <ErrorAlert
        error={revisions.error}
        action={{ label: t("app.retry"), onClick: () => void revisions.refetch() }}
      >
        {t("history.loadFailed")}
      </ErrorAlert>
    );
  }
  if (!revisions.data) return <p role="status">{t("app.loading")}</p>;

  return (
    <div className="revision-history" data-testid="revision-history">
      {restoreError &&
        (restoreError.kind === "conflict" ? (
          <ErrorAlert
            error={restoreError}
            action={{
              label: t("review.reload"),
              onClick: () => {
                setRestoreError(null);
                void reload(report.id).then(
                  (fresh) => onChanged(fresh, "reload"),
                  setRestoreError,
                );
              },
            }}
          >
            {t("history.conflict")}
          </ErrorAlert>
        ) : (
          <ErrorAlert error={restoreError}>{t("history.restoreFailed")}</ErrorAlert>
        ))}
      {!isEditable(report.reviewState) && <p className="hint">{t("history.lockedHint")}</p>}
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">{t("history.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("history.revision")}</th>
              <th scope="col">{t("history.what")}</th>
              <th scope="col">{t("history.who")}</th>
              <th scope="col">{t("history.when")}</th>
              <th scope="col">{t("history.from")}</th>
              <th scope="col">{t("history.to")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("history.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.revision} data-revision={r.revision}>
                <th scope="row">
                  {r.revision}
                  {r.revision === report.revision && (
                    <span className="badge">{t("history.current")}</span>
                  )}
                </th>
                <td>{what(r)}</td>
                <td>{r.actor}</td>
                <td>
                  <time dateTime={r.createdAt}>{dateTime(r.createdAt)}</time>
                </td>
                <td>
                  <input
                    type="radio"
                    name="diff-from"
                    id={`diff-from-${r.revision}`}
                    checked={from === r.revision}
                    onChange={() => setPicked((p) => ({ ...p, from: r.revision, to }))}
                    aria-label={t("history.compareFrom", { revision: r.revision })}
                  />
                </td>
                <td>
                  <input
                    type="radio"
                    name="diff-to"
                    id={`diff-to-${r.revision}`}
                    checked={to === r.revision}
                    onChange={() => setPicked((p) => ({ ...p, from, to: r.revision }))}
                    aria-label={t("history.compareTo", { revision: r.revision })}
                  />
                </td>
                <td>
                  {editable && r.revision !== report.revision && (
                    <ConfirmAction
                      label={t("history.restore")}
                      prompt={t("history.confirmRestore", { revision: r.revision })}
                      confirmLabel={t("history.confirmRestoreButton")}
                      testId={`restore-revision-${r.revision}`}
                      onConfirm={() => void restore(r.revision)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="revision-diff" data-testid="revision-diff" aria-live="polite">
        {!comparable ? (
          <p className="muted">{list.length < 2 ? t("history.onlyOne") : t("history.pickTwo")}</p>
        ) : diff.error ? (
          <ErrorAlert error={diff.error}>{t("history.diffFailed")}</ErrorAlert>
        ) : !diff.data ? (
          <p>{t("app.loading")}</p>
        ) : (
          <>
            <h3>{t("history.diffTitle", { from, to })}</h3>
            {diff.data.changes.length === 0 ? (
              <p>{t("history.same")}</p>
            ) : (
              diff.data.changes.map((change) => (
                <div key={change.field} className="diff-field" data-field={change.field}>
                  <h4>{fieldLabel(change.field)}</h4>
                  <WordDiff before={shown(change, change.before)} after={shown(change, change.after)} />
                </div>
              ))
            )}
          </>
        )}
      </section>
    </div>
  );
}
