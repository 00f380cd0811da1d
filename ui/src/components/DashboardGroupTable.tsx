import { useTranslation } from "react-i18next";
import type { Breakdown } from "../bindings/Breakdown";
import { formatShare, type CyclePhase } from "../statusCycle";
import type { Series } from "./DashboardGroupChart";

type Props = {
  caption: string;
  /** Heading of the first column: the level's name ("Core responsibility", "Transformation"). */
  header: string;
  groups: Breakdown[];
  /** The status (or review state) columns, as the chart stacks them. */
  series: Series[];
  label: (group: Breakdown) => string;
  phase: CyclePhase;
  testId: string;
};

/**
 * One row per group: its commitments, how many have a report, how many are reported
 * (submitted or approved), due or overdue, and the counts per status or review state.
 */
export function DashboardGroupTable({
  caption,
  header,
  groups,
  series,
  label,
  phase,
  testId,
}: Props) {
  const { t, i18n } = useTranslation("status");
  const language = i18n.resolvedLanguage;
  return (
    <div className="table-scroll">
      <table className="data-table group-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{header}</th>
            <th scope="col" className="num">
              {t("table.commitments")}
            </th>
            <th scope="col" className="num">
              {t("table.withReport")}
            </th>
            <th scope="col" className="num">
              {t("table.reported")}
            </th>
            {phase === "due" && (
              <th scope="col" className="num">
                {t("traffic.due")}
              </th>
            )}
            {phase === "overdue" && (
              <th scope="col" className="num">
                {t("traffic.overdue")}
              </th>
            )}
            {series.map((s) => (
              <th key={s.key} scope="col" className="num series">
                <span className="swatch" style={{ backgroundColor: s.color }} aria-hidden="true" />
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr
              key={group.key}
              data-key={group.key}
              className={group.commitments === 0 ? "muted" : undefined}
            >
              <th scope="row">{label(group)}</th>
              <td className="num" data-col="commitments">
                {group.commitments}
              </td>
              <td className="num" data-col="withReport">
                {group.withReport}{" "}
                <span className="muted">
                  ({formatShare(group.withReport, group.commitments, language)})
                </span>
              </td>
              <td className="num" data-col="reported">
                {group.reported}
              </td>
              {phase === "due" && (
                <td className="num" data-col="due">
                  {group.due}
                </td>
              )}
              {phase === "overdue" && (
                <td className="num" data-col="overdue">
                  {group.overdue}
                </td>
              )}
              {series.map((s) => (
                <td key={s.key} className="num" data-col={s.key}>
                  {s.count(group)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
