// Where a year's reporting cycle stands, in the traffic-light language of UN registries:
// reported (submitted or approved), due (the deadline has not passed), overdue (it has).
import type { Dashboard } from "./bindings/Dashboard";

export type CyclePhase = "notOpen" | "due" | "overdue";

/** The same judgement the server made: the deadline day itself is still "due". */
export function cyclePhase(dashboard: Dashboard): CyclePhase {
  if (!dashboard.cycle) return "notOpen";
  return dashboard.today <= dashboard.cycle.deadline ? "due" : "overdue";
}

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  return Math.round((day(to) - day(from)) / 86_400_000);
}

/** A calendar day (YYYY-MM-DD) in the reader's language, e.g. "31 March 2020". */
export function formatDay(iso: string, language: string | undefined): string {
  const time = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: "long", timeZone: "UTC" }).format(time);
}

/** A share as a percentage in the reader's language ("16%", "16 %"). */
export function formatShare(part: number, whole: number, language: string | undefined): string {
  const share = whole === 0 ? 0 : part / whole;
  return new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 }).format(
    share,
  );
}
