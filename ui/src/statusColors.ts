// The colours of statuses and review states in charts, matrix cells and legends: one list,
// set through the CSSOM (React's style prop), so that a chart and its legend never disagree.
// Every fill keeps white text above 4.5:1.
import type { ImplementationStatus } from "./bindings/ImplementationStatus";
import type { ReviewState } from "./bindings/ReviewState";

/** Fills for each implementation status. */
export const STATUS_COLORS: Record<ImplementationStatus, string> = {
  NotStarted: "#6b7580",
  InProgress: "#1f6fb2",
  SubstantialProgress: "#6f4fb0",
  Completed: "#23773a",
  Discontinued: "#b3261e",
  NoUpdate: "#946000",
};

/** Where a report is in its review (same as the review badges in app.css). */
export const REVIEW_COLORS: Record<ReviewState, string> = {
  Draft: "#5a6672",
  Submitted: "#8a5a00",
  Returned: "#b3261e",
  Approved: "#1e6b34",
};

/** Commitments without a report for the year. */
export const NO_REPORT_COLOR = "#d5dce3";

/** A line between chart pieces, so that neighbouring colours stay apart. */
export const SEPARATOR_COLOR = "#ffffff";
