import { useCallback, useEffect, useRef, useState } from "react";
import { call, type ApiError } from "../api";
import { mark } from "../startup";
import type { CommitmentFilter } from "../bindings/CommitmentFilter";
import type { CommitmentPage } from "../bindings/CommitmentPage";
import type { CommitmentSummary } from "../bindings/CommitmentSummary";

/** Rows asked for at a time: the first page paints at once, whatever the catalogue's size. */
export const PAGE_ROWS = 200;

type FirstPage = { filterJson: string; page?: CommitmentPage; promise: Promise<CommitmentPage> };

/** The first page asked for while the app was still starting (see `prefetchFirstPage`). */
let early: FirstPage | null = null;

/**
 * Asks for the catalogue's first page at once, while the app shell is still loading its own
 * data and drawing: the catalogue then paints with its rows instead of asking only after the
 * shell has been drawn (~200 ms later in the window).
 */
export function prefetchFirstPage(filter: CommitmentFilter) {
  mark("list asked");
  const promise = call("list_commitments_page", { filter, offset: 0, limit: PAGE_ROWS });
  const first: FirstPage = { filterJson: JSON.stringify(filter), promise };
  early = first;
  promise.then(
    (page) => {
      mark("list received");
      first.page = page;
    },
    () => undefined, // (the hook asks again and reports the error)
  );
}

/** The early first page for this filter, used once. */
function takeEarly(filterJson: string): FirstPage | null {
  const first = early?.filterJson === filterJson ? early : null;
  if (first) early = null;
  return first;
}

type Loaded = {
  key: string;
  rows: CommitmentSummary[];
  total: number;
  error: ApiError | undefined;
};

export type CommitmentPages = {
  /** The rows read so far, in list order; kept while another filter's first page loads. */
  rows: CommitmentSummary[] | undefined;
  /** How many the filter lets through in all. */
  total: number;
  error: ApiError | undefined;
  /** A new filter's first page is on its way. */
  loading: boolean;
  /** The next page is on its way. */
  loadingMore: boolean;
  /** Reads the next page (ignored while one is on its way or when all are read). */
  more: () => void;
  reload: () => void;
};

/**
 * The catalogue list a page at a time: the first page when the filter changes, the next on
 * `more()`. Answers for a filter that is no longer current are dropped.
 */
export function useCommitmentPages(filter: CommitmentFilter): CommitmentPages {
  const filterJson = JSON.stringify(filter);
  const [generation, setGeneration] = useState(0);
  // Taken once, at the first render.
  const [pending] = useState(() => takeEarly(filterJson));
  const [loaded, setLoaded] = useState<Loaded | null>(() =>
    pending?.page
      ? { key: `0:${filterJson}`, rows: pending.page.rows, total: pending.page.total, error: undefined }
      : null,
  );
  const waiting = useRef(pending?.page ? null : pending);
  const [moreFor, setMoreFor] = useState<string | null>(null);
  // The page being asked for ("key@offset"): two calls before a re-render (a scroll and a
  // key press together, on a busy machine) must not both ask for it.
  const asking = useRef<string | null>(null);
  const key = `${generation}:${filterJson}`;
  // The key the early first page already answered: nothing to ask for it.
  const answered = useRef(loaded?.key ?? null);

  useEffect(() => {
    if (answered.current === key) {
      answered.current = null;
      return;
    }
    let current = true;
    mark("list asked");
    // An early first page still on its way answers its own filter, once.
    const early = key === `0:${waiting.current?.filterJson}` ? waiting.current?.promise : undefined;
    waiting.current = null;
    (
      early ??
      call("list_commitments_page", {
        filter: JSON.parse(filterJson) as CommitmentFilter,
        offset: 0,
        limit: PAGE_ROWS,
      })
    ).then(
      (page) => {
        mark("list received");
        if (current) setLoaded({ key, rows: page.rows, total: page.total, error: undefined });
      },
      (error: ApiError) =>
        current &&
        setLoaded((prev) => ({
          key,
          rows: prev?.rows ?? [],
          total: prev?.total ?? 0,
          error,
        })),
    );
    return () => {
      current = false;
    };
  }, [filterJson, key]);

  const fresh = loaded?.key === key;
  const offset = fresh ? loaded.rows.length : 0;
  const canMore = fresh && loaded.error === undefined && offset < loaded.total;

  const more = useCallback(() => {
    const page = `${key}@${offset}`;
    if (!canMore || moreFor === key || asking.current === page) return;
    asking.current = page;
    setMoreFor(key);
    call("list_commitments_page", {
      filter: JSON.parse(filterJson) as CommitmentFilter,
      offset,
      limit: PAGE_ROWS,
    }).then(
      (page) =>
        setLoaded((prev) => {
          // Only onto the list it continues (same filter, nothing appended since).
          if (prev?.key !== key || prev.rows.length !== page.offset) return prev;
          // A commitment added meanwhile may shift the list by a row: never show one twice.
          const seen = new Set(prev.rows.map((r) => r.id));
          const rows = prev.rows.concat(page.rows.filter((r) => !seen.has(r.id)));
          return { ...prev, rows, total: page.total };
        }),
      (error: ApiError) =>
        setLoaded((prev) => (prev?.key === key ? { ...prev, error } : prev)),
    ).finally(() => {
      if (asking.current === page) asking.current = null;
      setMoreFor((k) => (k === key ? null : k));
    });
  }, [canMore, moreFor, key, filterJson, offset]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    rows: loaded?.rows,
    total: fresh ? loaded.total : (loaded?.total ?? 0),
    error: fresh ? loaded.error : undefined,
    loading: !fresh,
    loadingMore: moreFor === key,
    more,
    reload,
  };
}
