// Catalogue filters live in the query of the hash route (#/?type=Policy&cr=2&t=2D&q=sea&retired=1),
// so a view can be bookmarked, reloaded and returned to exactly as it was.
import type { CommitmentFilter } from "./bindings/CommitmentFilter";
import type { CommitmentType } from "./bindings/CommitmentType";
import { isCommitmentType } from "./catalogue";

export type Filters = {
  q: string;
  type: CommitmentType | null;
  cr: number | null;
  t: string | null;
  retired: boolean;
};

export const NO_FILTERS: Filters = { q: "", type: null, cr: null, t: null, retired: false };

export function readFilters(params: URLSearchParams): Filters {
  const type = params.get("type");
  const cr = Number(params.get("cr"));
  return {
    q: params.get("q") ?? "",
    type: isCommitmentType(type) ? type : null,
    cr: Number.isInteger(cr) && cr > 0 ? cr : null,
    t: params.get("t") || null,
    retired: params.get("retired") === "1",
  };
}

/** Only non-default values are written, to keep shared URLs short. */
export function writeFilters(filters: Filters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  if (filters.type) params.set("type", filters.type);
  if (filters.cr !== null) params.set("cr", String(filters.cr));
  if (filters.t) params.set("t", filters.t);
  if (filters.retired) params.set("retired", "1");
  return params;
}

export function toCommitmentFilter(filters: Filters): CommitmentFilter {
  const search = filters.q.trim();
  return {
    search: search || null,
    type: filters.type,
    coreResponsibility: filters.cr,
    transformation: filters.t,
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
