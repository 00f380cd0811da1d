import type { ChartOptions } from "chart.js";
import { Line } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import type { ImplementationStatus } from "../bindings/ImplementationStatus";
import type { TimelinePoint } from "../bindings/TimelinePoint";
import "../statusChart";
import { STATUS_COLORS } from "../statusColors";

// Top to bottom: how far the commitment got, then the statuses that say it stopped or is silent.
const ORDER: ImplementationStatus[] = [
  "Completed",
  "SubstantialProgress",
  "InProgress",
  "NotStarted",
  "NoUpdate",
  "Discontinued",
];

/** The statuses of a commitment's years as points on a line; a year without a report breaks it. */
export function TimelineChart({ points }: { points: TimelinePoint[] }) {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const label = (status: ImplementationStatus) => tc(`status.${status}`);
  const data = {
    labels: points.map((p) => String(p.year)),
    datasets: [
      {
        label: t("timeline.chartSeries"),
        data: points.map((p) => (p.report ? label(p.report.status) : null)),
        borderColor: "#8a96a3",
        borderWidth: 2,
        spanGaps: false,
        pointRadius: 7,
        pointHoverRadius: 9,
        pointBorderColor: "#ffffff",
        pointBorderWidth: 2,
        pointBackgroundColor: points.map((p) =>
          p.report ? STATUS_COLORS[p.report.status] : "transparent",
        ),
      },
    ],
  };
  const options: ChartOptions<"line"> = {
    maintainAspectRatio: false,
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item) => {
            const report = points[item.dataIndex]?.report;
            return report
              ? `${label(report.status)} — ${tc(`reviewState.${report.reviewState}`)}`
              : t("timeline.gap");
          },
        },
      },
    },
    scales: {
      // Years without a report are greyed on the axis as well as missing from the line.
      x: {
        grid: { display: false },
        ticks: { color: (tick) => (points[tick.index]?.report ? "#1d2630" : "#8a96a3") },
      },
      y: { type: "category", labels: ORDER.map(label), offset: true },
    },
  };
  return (
    <div className="chart-box timeline-chart">
      <Line
        data={data}
        options={options}
        role="img"
        aria-label={t("timeline.chartLabel")}
        data-testid="timeline-chart"
      />
    </div>
  );
}
