// The catalogue list, a page of rows at a time: one infinite query per filter, whose pages are
// read as the end of the table scrolls into view (`fetchNextPage`), never all at once.
import { infiniteQueryOptions, type InfiniteData } from "@tanstack/react-query";
import { call } from "./api";
import type { CommitmentFilter } from "./bindings/CommitmentFilter";
import type { CommitmentPage } from "./bindings/CommitmentPage";
import type { CommitmentSummary } from "./bindings/CommitmentSummary";
import { mark } from "./startup";

/** Rows asked for at a time: the first page paints at once, whatever the catalogue's size. */
export const PAGE_ROWS = 200;

type Early = { filterJson: string; promise: Promise<CommitmentPage>; page?: CommitmentPage };

/** The first page asked for while the app was still starting (see `prefetchFirstPage`). */
let early: Early | null = null;

/**
 * Asks for the catalogue's first page at once, while the app shell is still loading its own
 * data and drawing: the catalogue then paints with its rows instead of asking only after the
 * shell has been drawn (~200 ms later in the window). The list's query takes this answer for
 * its first page, once: as its initial data when it is already in (the first render has the
 * rows), else as the answer to its first request.
 */
export function prefetchFirstPage(filter: CommitmentFilter) {
  mark("list asked");
  const promise = call("list_commitments_page", { filter, offset: 0, limit: PAGE_ROWS });
  const first: Early = { filterJson: JSON.stringify(filter), promise };
  early = first;
  promise.then(
    (page) => {
      mark("list received");
      first.page = page;
    },
    () => undefined, // (the query reports the error)
  );
}

/** The early first page for this filter, used once. */
function takeEarly(filter: CommitmentFilter): Early | null {
  const first = early?.filterJson === JSON.stringify(filter) ? early : null;
  if (first) early = null;
  return first;
}

/** The list as read so far: rows in list order, and how many the filter lets through. */
export type CommitmentRows = { rows: CommitmentSummary[]; total: number };

/**
 * The pages joined. A commitment added meanwhile may shift the list by a row, so that the next
 * page repeats the last one read: never show one twice.
 */
function joinPages(data: InfiniteData<CommitmentPage, number>): CommitmentRows {
  const seen = new Set<string>();
  const rows: CommitmentSummary[] = [];
  for (const page of data.pages) {
    for (const row of page.rows) {
      if (!seen.has(row.id)) {
        seen.add(row.id);
        rows.push(row);
      }
    }
  }
  return { rows, total: data.pages[data.pages.length - 1]?.total ?? 0 };
}

/** The list for `filter`; its key is the command's arguments but the page's offset. */
export function commitmentListQuery(filter: CommitmentFilter) {
  return infiniteQueryOptions({
    queryKey: ["list_commitments_page", { filter, limit: PAGE_ROWS }] as const,
    queryFn: async ({ pageParam: offset }) => {
      if (offset > 0) return call("list_commitments_page", { filter, offset, limit: PAGE_ROWS });
      mark("list asked");
      const page = await (takeEarly(filter)?.promise ??
        call("list_commitments_page", { filter, offset, limit: PAGE_ROWS }));
      mark("list received");
      return page;
    },
    // The early first page when it is already in, taken as the list's start…
    initialData: () => {
      if (early?.page === undefined) return undefined;
      const page = takeEarly(filter)?.page;
      return page && { pages: [page], pageParams: [0] };
    },
    // …and not asked again on mounting: data from no request of this query's own (the early
    // page) is fresh, until the list is read again. Anything read by the query is stale at
    // once, as every result in the app is.
    staleTime: (query) => (query.state.dataUpdateCount === 0 ? Infinity : 0),
    initialPageParam: 0,
    getNextPageParam: (last: CommitmentPage) => {
      const next = last.offset + last.rows.length;
      return last.rows.length > 0 && next < last.total ? next : undefined;
    },
    select: joinPages,
  });
}
