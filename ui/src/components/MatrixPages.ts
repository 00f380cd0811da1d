// The matrix rows, fetched a page of 200 at a time as they come into view, so that 5,000
// commitments cost only the pages someone actually scrolls to.
import { useCallback, useEffect, useRef, useState } from "react";
import { call, type ApiError } from "../api";
import type { MatrixQuery } from "../bindings/MatrixQuery";
import type { MatrixRow } from "../bindings/MatrixRow";

export const PAGE_SIZE = 200;

/** What the rows are: everything but the page. */
export type MatrixSelection = Omit<MatrixQuery, "offset" | "limit">;

type Loaded = {
  key: string;
  /** Rows matching, over all pages (null until the first page is in). */
  total: number | null;
  pages: ReadonlyMap<number, MatrixRow[]>;
  error: ApiError | null;
  /** Pages that failed, asked again by `retry`. */
  failed: readonly number[];
};

const empty = (key: string): Loaded => ({
  key,
  total: null,
  pages: new Map(),
  error: null,
  failed: [],
});

export function useMatrixPages(selection: MatrixSelection) {
  const key = JSON.stringify(selection);
  const [loaded, setLoaded] = useState<Loaded>(() => empty(key));
  // Pages asked for (in flight or in); a failed page is forgotten so that it can be asked again.
  const requested = useRef(new Set<string>());
  const currentKey = useRef(key);
  const state = loaded.key === key ? loaded : empty(key);

  // Declared before the first-page effect, so it runs first when the filters change: pages
  // asked for an earlier selection are forgotten with it (coming back to it asks again).
  useEffect(() => {
    currentKey.current = key;
    requested.current = new Set();
  }, [key]);

  const ensure = useCallback(
    (page: number) => {
      const id = `${page}:${key}`;
      if (requested.current.has(id)) return;
      requested.current.add(id);
      const query: MatrixQuery = {
        ...(JSON.parse(key) as MatrixSelection),
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      };
      call("matrix", query).then(
        (matrix) => {
          if (currentKey.current !== key) return; // the filters changed meanwhile
          setLoaded((prev) => {
            const base = prev.key === key ? prev : empty(key);
            const pages = new Map(base.pages);
            pages.set(page, matrix.rows);
            return { ...base, total: matrix.total, pages };
          });
        },
        (error: ApiError) => {
          requested.current.delete(id);
          if (currentKey.current !== key) return;
          setLoaded((prev) => {
            const base = prev.key === key ? prev : empty(key);
            return { ...base, error, failed: [...base.failed, page] };
          });
        },
      );
    },
    [key],
  );

  // The first page says how many rows there are.
  useEffect(() => ensure(0), [ensure]);

  const retry = useCallback(() => {
    const failed = loaded.key === key ? loaded.failed : [];
    setLoaded((prev) => (prev.key === key ? { ...prev, error: null, failed: [] } : prev));
    failed.forEach(ensure);
  }, [ensure, key, loaded]);

  const rowAt = (index: number): MatrixRow | undefined =>
    state.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];

  return { key, total: state.total, error: state.error, ensure, retry, rowAt };
}
