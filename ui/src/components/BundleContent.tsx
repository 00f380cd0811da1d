import { useTranslation } from "react-i18next";
import type { ReportContent } from "../bindings/ReportContent";
import { StatusBadge } from "./StatusBadge";

export const BUNDLE_FIELDS = [
  "status",
  "progress",
  "achievements",
  "challenges",
  "nextSteps",
  "evidence",
  "tags",
] as const;
export type BundleField = (typeof BUNDLE_FIELDS)[number];

/** One side of a conflict: the given fields of a report's content, as inert text. */
export function BundleContent({ content, fields }: { content: ReportContent; fields: BundleField[] }) {
  const { t } = useTranslation();
  const { t: tx } = useTranslation("exchange");
  const empty = <span className="muted">{tx("bundle.empty")}</span>;
  const value = (field: BundleField) => {
    switch (field) {
      case "status":
        return <StatusBadge status={content.status} />;
      case "progress":
        return content.progress === null ? empty : t("report.percent", { value: content.progress });
      case "evidence":
        return content.evidence.length === 0 ? (
          empty
        ) : (
          <ul>
            {content.evidence.map((link, i) => (
              <li key={i}>
                {link.title} &lt;{link.url}&gt;
              </li>
            ))}
          </ul>
        );
      case "tags":
        return content.tags.length === 0 ? empty : content.tags.join(", ");
      default:
        return content[field] ? <div className="merge-text">{content[field]}</div> : empty;
    }
  };
  return (
    <dl className="bundle-content">
      {fields.map((field) => (
        <div key={field} className="bundle-field" data-field={field}>
          <dt>{t(`report.field.${field}`)}</dt>
          <dd>{value(field)}</dd>
        </div>
      ))}
    </dl>
  );
}
