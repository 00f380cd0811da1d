import { useTranslation } from "react-i18next";
import type { FrameworkBreakdown } from "../bindings/FrameworkBreakdown";
import { useLabels } from "../catalogue";
import type { CyclePhase } from "../statusCycle";
import { DashboardGroupChart, type Series } from "./DashboardGroupChart";
import { DashboardGroupTable } from "./DashboardGroupTable";

type Props = {
  breakdown: FrameworkBreakdown;
  series: Series[];
  /** Which series the chart stacks (for its description). */
  by: "status" | "review";
  year: number;
  phase: CyclePhase;
};

/**
 * One framework's counts: per level a table (the top level with a chart too), titled with the
 * level's name. Below the top level, categories no active commitment is linked to would only
 * add rows of zeros, so they are named in one line instead.
 */
export function DashboardFramework({ breakdown, series, by, year, phase }: Props) {
  const { t } = useTranslation("status");
  const labels = useLabels();
  const { framework, name } = breakdown;
  const label = (key: string) => labels.category(framework, key);
  const testId = (level: number, what: string) => `dash-${framework}-${level}-${what}`;

  return (
    <section
      aria-labelledby={`dash-framework-${framework}`}
      className="dash-framework"
      data-testid={`dash-framework-${framework}`}
    >
      <h3 id={`dash-framework-${framework}`}>{t("dashboard.frameworkHeading", { name })}</h3>
      {breakdown.levels.map(({ level, name: levelName, groups }) => {
        const top = level === 1;
        const shown = top ? groups : groups.filter((g) => g.commitments > 0);
        const unlinked = top ? [] : groups.filter((g) => g.commitments === 0);
        const names = { level: levelName, framework: name, year };
        return (
          <div key={level} className="dash-level">
            <h4 id={testId(level, "heading")}>{t("dashboard.levelHeading", { level: levelName })}</h4>
            {top && (
              <DashboardGroupChart
                groups={shown}
                series={series}
                shortLabel={(g) => g.key}
                fullLabel={(g) => label(g.key)}
                label={t(by === "review" ? "dashboard.levelChartReview" : "dashboard.levelChartStatus", names)}
                testId={testId(level, "chart")}
              />
            )}
            {shown.length > 0 && (
              <DashboardGroupTable
                caption={t("dashboard.levelCaption", names)}
                header={levelName}
                groups={shown}
                series={series}
                label={(g) => label(g.key)}
                phase={phase}
                testId={testId(level, "table")}
              />
            )}
            {unlinked.length > 0 && (
              <p className="hint" data-testid={testId(level, "unlinked")}>
                {t("dashboard.unlinked", { codes: unlinked.map((g) => g.key).join(", ") })}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
