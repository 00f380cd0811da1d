// Catalogue filters live in the query of the hash route
// (#/?framework=WHS&category=2D&type=Policy&q=sea&retired=1), so a view can be bookmarked,
// reloaded and returned to exactly as it was. The names follow CommitmentFilter.
import type { CommitmentFilter } from "./bindings/CommitmentFilter";
import { DEFAULT_FRAMEWORK } from "./catalogue";

export type Filters = {
  q: string;
  type: string | null;
  framework: string | null;
  category: string | null;
  retired: boolean;
};

export const NO_FILTERS: Filters = {
  q: "",
  type: null,
  framework: null,
  category: null,
  retired: false,
};

export function readFilters(params: URLSearchParams): Filters {
  // Addresses bookmarked before frameworks (cr=3, t=3A) still open the same WHS view.
  const legacy = params.get("t") || params.get("cr") || null;
  const category = params.get("category") || legacy;
  return {
    q: params.get("q") ?? "",
    type: params.get("type") || null,
    framework: params.get("framework") || (legacy && !params.get("category") ? DEFAULT_FRAMEWORK : null),
    category,
    retired: params.get("retired") === "1",
  };
}

/** Only non-default values are written, to keep shared URLs short. */
export function writeFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.framework) params.set("framework", filters.framework);
  if (filters.category) params.set("category", filters.category);
  if (filters.type) params.set("type", filters.type);
  if (filters.retired) params.set("retired", "1");
  return params;
}

export function toCommitmentFilter(filters: Filters): CommitmentFilter {
  const search = filters.q.trim();
  return {
    search: search || null,
    type: filters.type,
    framework: filters.framework,
    category: filters.category,
    organisation: null,
    includeRetired: filters.retired,
  };
}

const LAST_SEARCH_KEY = "ct.catalogueSearch";

/** Remembered so that "Back to catalogue" from any later page restores the filters. */
export function rememberCatalogueSearch(params: URLSearchParams) {
  sessionStorage.setItem(LAST_SEARCH_KEY, params.toString());
}

export function catalogueHref(): string {
  const search = sessionStorage.getItem(LAST_SEARCH_KEY);
  return search ? `/?${search}` : "/";
}
