import type { ChartOptions } from "chart.js";
import { Bar } from "react-chartjs-2";
import type { Breakdown } from "../bindings/Breakdown";
import "../statusChart";
import { SEPARATOR_COLOR } from "../statusColors";

export type Series = {
  key: string;
  label: string;
  color: string;
  /** The count of one group in this series. */
  count: (group: Breakdown) => number;
};

type Props = {
  groups: Breakdown[];
  series: Series[];
  /** Short axis label of a group ("CR3") and its full name (tooltip). */
  shortLabel: (group: Breakdown) => string;
  fullLabel: (group: Breakdown) => string;
  label: string;
  testId: string;
};

/** One horizontal bar per group, stacked by status (or review state) and "no report". */
export function DashboardGroupChart({
  groups,
  series,
  shortLabel,
  fullLabel,
  label,
  testId,
}: Props) {
  const data = {
    labels: groups.map(shortLabel),
    datasets: series.map((s) => ({
      label: s.label,
      data: groups.map(s.count),
      backgroundColor: s.color,
      borderColor: SEPARATOR_COLOR,
      borderWidth: { right: 1 },
      borderSkipped: false as const,
    })),
  };
  const options: ChartOptions<"bar"> = {
    maintainAspectRatio: false,
    indexAxis: "y",
    plugins: {
      legend: { position: "bottom", labels: { boxWidth: 14 } },
      tooltip: {
        callbacks: {
          title: (items) => {
            const group = items[0] ? groups[items[0].dataIndex] : undefined;
            return group ? fullLabel(group) : "";
          },
        },
      },
    },
    scales: {
      x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
      y: { stacked: true, grid: { display: false } },
    },
  };
  return (
    // Tall enough for every bar and the legend under them.
    <div className="chart-box" style={{ height: `${groups.length * 2.4 + 6}rem` }}>
      <Bar data={data} options={options} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
