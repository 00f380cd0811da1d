// The filters of the matrix and the search live in the query of the hash route, like the
// catalogue's (same names: q, type, framework, category, retired), plus the status and the year, so that a
// view can be reopened exactly as it was.
import type { CommitmentFilter } from "./bindings/CommitmentFilter";
import type { ImplementationStatus } from "./bindings/ImplementationStatus";
import { readFilters, toCommitmentFilter, writeFilters, type Filters } from "./filters";
import { isStatus } from "./reports";

export type StatusFilters = Filters & {
  status: ImplementationStatus | null;
  /** A reporting year (search only). */
  year: number | null;
};

export const NO_STATUS_FILTERS: StatusFilters = {
  q: "",
  type: null,
  framework: null,
  category: null,
  retired: false,
  status: null,
  year: null,
};

export function readStatusFilters(params: URLSearchParams): StatusFilters {
  const status = params.get("status") ?? "";
  const year = Number(params.get("year"));
  return {
    ...readFilters(params),
    status: isStatus(status) ? status : null,
    year: Number.isInteger(year) && year > 0 ? year : null,
  };
}

/** Only non-default values are written, to keep shared URLs short. */
export function writeStatusFilters(filters: StatusFilters): URLSearchParams {
  const params = writeFilters(filters);
  if (filters.status) params.set("status", filters.status);
  if (filters.year !== null) params.set("year", String(filters.year));
  return params;
}

/** Whether anything but the words is narrowed (for "Clear filters"). */
export function isFiltered(filters: StatusFilters): boolean {
  return (
    filters.type !== null ||
    filters.framework !== null ||
    filters.category !== null ||
    filters.retired ||
    filters.status !== null ||
    filters.year !== null
  );
}

/** The catalogue part of the filters; `withWords` sends `q` as the ID/description filter. */
export function toStatusCommitmentFilter(
  filters: StatusFilters,
  withWords: boolean,
): CommitmentFilter {
  return toCommitmentFilter(withWords ? filters : { ...filters, q: "" });
}
