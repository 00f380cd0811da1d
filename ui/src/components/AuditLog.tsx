import { useTranslation } from "react-i18next";
import type { AuditEntry } from "../bindings/AuditEntry";
import type { AuditQuery } from "../bindings/AuditQuery";
import type { JsonValue } from "../bindings/serde_json/JsonValue";
import { useDateFormat } from "../hooks/useDateFormat";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";
import { isContentField, isReviewState, isStatus } from "../reports";
import { ErrorAlert } from "./ErrorAlert";

// Bookkeeping that changes with every write; listing it would hide what a person changed.
const BOOKKEEPING = new Set([
  "id",
  "version",
  "revision",
  "createdAt",
  "updatedAt",
  "updatedBy",
  "author",
  "commitment",
  "organisationName",
]);

type JsonObject = { [key in string]: JsonValue };

function asObject(value: JsonValue | null): JsonObject | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : null;
}

/** The names of the fields that differ between before and after, in the record's order. */
function changedFields(entry: AuditEntry): string[] {
  const before = asObject(entry.before);
  const after = asObject(entry.after);
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter(
    (key) => !BOOKKEEPING.has(key) && JSON.stringify(before[key]) !== JSON.stringify(after[key]),
  );
}

const COMMITMENT_FIELDS = [
  "commitmentId",
  "organisation",
  "framework",
  "title",
  "type",
  "description",
  "categories",
  // Entries written before frameworks (schema 9) name the two old link lists.
  "coreResponsibilities",
  "transformations",
  "retiredAt",
] as const;
type CommitmentField = (typeof COMMITMENT_FIELDS)[number];
const isCommitmentField = (f: string): f is CommitmentField =>
  (COMMITMENT_FIELDS as readonly string[]).includes(f);

type Props = { query: AuditQuery; testId?: string };

/** The append-only trail of changes: who did what, when, and to which fields; newest first. */
export function AuditLog({ query, testId }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  // Asked again after every change to what it lists (see api/queryKeys.ts).
  const log = useQuery(apiQuery("audit_log", query));

  const fieldLabel = (entry: AuditEntry, field: string) => {
    if (entry.entityType === "report" && isContentField(field)) return t(`report.field.${field}`);
    if (field === "reviewState") return t("report.reviewState");
    if (entry.entityType === "commitment" && isCommitmentField(field)) {
      return t(`audit.commitmentField.${field}`);
    }
    return field;
  };
  const target = (entry: AuditEntry) => {
    if (entry.entityType === "commitment") return t("audit.commitment");
    const year = (asObject(entry.after) ?? asObject(entry.before))?.year;
    return typeof year === "number" ? t("audit.report", { year }) : t("audit.reportNoYear");
  };
  const statusText = (value: JsonValue | undefined) =>
    typeof value === "string" && isStatus(value) ? t(`status.${value}`) : JSON.stringify(value);
  const stateText = (value: JsonValue | undefined) =>
    isReviewState(value) ? t(`reviewState.${value}`) : JSON.stringify(value);

  if (log.error) {
    return (
      <ErrorAlert
        error={log.error}
        action={{ label: t("app.retry"), onClick: () => void log.refetch() }}
      >
        {t("audit.loadFailed")}
      </ErrorAlert>
    );
  }
  if (!log.data) return <p role="status">{t("app.loading")}</p>;
  if (log.data.length === 0) return <p className="muted">{t("audit.empty")}</p>;

  return (
    <ol className="audit-list" data-testid={testId} aria-busy={log.isFetching}>
      {log.data.map((entry) => {
        const fields = changedFields(entry);
        const before = asObject(entry.before);
        const after = asObject(entry.after);
        return (
          <li key={entry.id} data-action={entry.action} data-testid="audit-entry">
            <p className="audit-line">
              <time dateTime={entry.at}>{dateTime(entry.at)}</time>{" "}
              {t("audit.line", {
                actor: entry.actor,
                action: t(`audit.action.${entry.action}`),
                target: target(entry),
              })}
              {entry.source && <> {t("audit.fromFile", { file: entry.source })}</>}
            </p>
            {fields.length > 0 && (
              <ul className="audit-changes">
                {fields.map((field) => (
                  <li key={field}>
                    {field === "reviewState" && before && after
                      ? t("audit.stateChange", {
                          field: fieldLabel(entry, field),
                          from: stateText(before.reviewState),
                          to: stateText(after.reviewState),
                        })
                      : field === "status" && before && after && entry.entityType === "report"
                        ? t("audit.stateChange", {
                            field: fieldLabel(entry, field),
                            from: statusText(before.status),
                            to: statusText(after.status),
                          })
                        : t("audit.fieldChanged", { field: fieldLabel(entry, field) })}
                  </li>
                ))}
              </ul>
            )}
            {(before || after) && (
              <details className="audit-json">
                <summary>{t("audit.showRecord")}</summary>
                {before && (
                  <>
                    <h4>{t("audit.before")}</h4>
                    <pre>{JSON.stringify(before, null, 2)}</pre>
                  </>
                )}
                {after && (
                  <>
                    <h4>{t("audit.after")}</h4>
                    <pre>{JSON.stringify(after, null, 2)}</pre>
                  </>
                )}
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
