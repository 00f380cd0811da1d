import type { ChartOptions } from "chart.js";
import { Bar, Doughnut } from "react-chartjs-2";
import "../statusChart";
import { SEPARATOR_COLOR } from "../statusColors";
import type { CountRow } from "./DashboardCountTable";

type Props = {
  kind: "doughnut" | "bar";
  rows: CountRow[];
  /** What the chart shows, for screen readers (its numbers are in the table next to it). */
  label: string;
  testId: string;
};

/** One count per slice (doughnut) or per bar (horizontal bars); the table holds the numbers. */
export function DashboardCountChart({ kind, rows, label, testId }: Props) {
  const data = {
    labels: rows.map((row) => row.label),
    datasets: [
      {
        data: rows.map((row) => row.count),
        backgroundColor: rows.map((row) => row.color),
        borderColor: SEPARATOR_COLOR,
        borderWidth: kind === "doughnut" ? 2 : 0,
      },
    ],
  };
  const canvas = { role: "img", "aria-label": label, "data-testid": testId };

  if (kind === "doughnut") {
    const options: ChartOptions<"doughnut"> = {
      maintainAspectRatio: false,
      cutout: "55%",
      plugins: { legend: { position: "right", labels: { boxWidth: 14 } } },
    };
    return (
      <div className="chart-box">
        <Doughnut data={data} options={options} {...canvas} />
      </div>
    );
  }
  const options: ChartOptions<"bar"> = {
    maintainAspectRatio: false,
    indexAxis: "y",
    plugins: { legend: { display: false } },
    scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { grid: { display: false } } },
  };
  return (
    <div className="chart-box">
      <Bar data={data} options={options} {...canvas} />
    </div>
  );
}
