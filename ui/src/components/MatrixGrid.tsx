import { useQueries, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
} from "react";
import { useTranslation } from "react-i18next";
import { apiQuery } from "../api/queries";
import type { MatrixQuery } from "../bindings/MatrixQuery";
import type { MatrixRow } from "../bindings/MatrixRow";
import { ErrorAlert } from "./ErrorAlert";
import { MatrixRowView } from "./MatrixRowView";
import { useMatrixShared } from "./MatrixShared";

/** Every row is this tall (status.css keeps it so), which lets the virtualiser skip measuring. */
const ROW_HEIGHT = 34;

/** Rows fetched at a time, so that 5,000 commitments cost only the pages someone scrolls to. */
const PAGE_SIZE = 200;

/** What the rows are: everything but the page. */
export type MatrixSelection = Omit<MatrixQuery, "offset" | "limit">;

/**
 * One page of rows. A page already read is not asked again as it scrolls back into view, only
 * once a change has made it stale (then as it comes into view, or at once while in view).
 */
function pageQuery(selection: MatrixSelection, page: number, inView: boolean) {
  return {
    ...apiQuery("matrix", { ...selection, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    staleTime: Infinity,
    enabled: inView,
  };
}

/** The pages of rows `first` to `last`. */
function pagesOf(first: number, last: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
    pages.push(page);
  }
  return pages;
}

type Props = { selection: MatrixSelection; years: number[] };

/**
 * Commitments × years. Only the rows in view (and a few around) are in the page; their pages
 * of 200 are fetched as they come into view. A real table, with aria-rowcount/aria-rowindex so
 * that screen readers know where they are among all rows. Arrow keys move between cells.
 */
export function MatrixGrid({ selection, years }: Props) {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const shared = useMatrixShared();
  const key = JSON.stringify(selection);
  // The first page says how many rows there are; it is kept read whatever is in view.
  const firstPage = useQuery(pageQuery(selection, 0, true));
  const total = firstPage.data?.total ?? null;
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const [headHeight, setHeadHeight] = useState(40);

  useLayoutEffect(() => {
    if (headRef.current) setHeadHeight(headRef.current.offsetHeight);
  }, []);

  // The app is not built with the React Compiler; this component must simply never be
  // auto-memoised (the virtualiser's functions change with every scroll), which it is not.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    // The rows start under the sticky header.
    scrollMargin: headHeight,
    scrollPaddingStart: headHeight,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // The pages of the rows in view are fetched; those read before (for these filters) stay in
  // the cache, watched but not asked again, until the filters change or the matrix is left.
  const inView = total ? pagesOf(first, last) : [];
  const [read, setRead] = useState<{ key: string; pages: readonly number[] }>({ key, pages: [] });
  const known = read.key === key ? read.pages : [];
  if (inView.some((page) => !known.includes(page))) {
    setRead({ key, pages: [...new Set([...known, ...inView])].sort((a, b) => a - b) });
  }
  const pages = useQueries({
    queries: known.map((page) => pageQuery(selection, page, inView.includes(page))),
  });
  const rowsOf = new Map<number, MatrixRow[]>();
  known.forEach((page, i) => {
    const rows = pages[i]?.data?.rows;
    if (rows) rowsOf.set(page, rows);
  });
  const rowAt = (index: number): MatrixRow | undefined =>
    rowsOf.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const failed = [firstPage, ...pages].filter((page) => page.error !== null);
  const error = failed[0]?.error ?? null;
  const retry = () => failed.forEach((page) => void page.refetch());

  // New filters: back to the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [key]);

  const focusCell = (row: number, col: number) => {
    const target = () =>
      scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${row}"] [data-col="${col}"]`);
    const now = target();
    if (now) {
      now.focus();
      return;
    }
    // Not in the page yet: scroll it in, then focus it once it is drawn.
    virtualizer.scrollToIndex(row, { align: "auto" });
    requestAnimationFrame(() => requestAnimationFrame(() => target()?.focus()));
  };

  const moveFocus = (e: KeyboardEvent<HTMLAnchorElement>, row: number, col: number) => {
    const lastCol = years.length;
    const lastRow = (total ?? 0) - 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [row, Math.max(0, col - 1)],
      ArrowRight: [row, Math.min(lastCol, col + 1)],
      ArrowUp: [Math.max(0, row - 1), col],
      ArrowDown: [Math.min(lastRow, row + 1), col],
      Home: [row, 0],
      End: [row, lastCol],
    };
    const move = moves[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    focusCell(move[0], move[1]);
  };

  // The rows get one handler that never changes (so that they stay memoised); it calls the
  // latest moveFocus, which knows the current total and scroll.
  const latestMove = useRef(moveFocus);
  useLayoutEffect(() => {
    latestMove.current = moveFocus;
  });
  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLAnchorElement>, row: number, col: number) =>
      latestMove.current(e, row, col),
    [],
  );

  const paddingTop = items[0] ? items[0].start - headHeight : 0;
  const paddingBottom = items.length
    ? virtualizer.getTotalSize() - ((items[items.length - 1]?.end ?? 0) - headHeight)
    : 0;
  const columns = years.length + 2;

  return (
    <>
      <p className="result-count" role="status" data-testid="matrix-total">
        {total === null ? tc("app.loading") : t("matrix.total", { count: total })}
      </p>
      {error && (
        <ErrorAlert error={error} action={{ label: tc("app.retry"), onClick: retry }}>
          {t("matrix.loadFailed")}
        </ErrorAlert>
      )}
      {total === 0 ? (
        <p className="empty">{t("matrix.empty")}</p>
      ) : (
        <div className="matrix-scroll" ref={scrollRef}>
          <table
            className="matrix"
            data-testid="matrix"
            aria-rowcount={(total ?? 0) + 1}
            aria-colcount={columns}
            aria-describedby="matrix-help"
          >
            <caption className="visually-hidden">{t("matrix.caption")}</caption>
            <colgroup>
              <col className="matrix-col-id" />
              <col className="matrix-col-summary" />
              {years.map((year) => (
                <col key={year} className="matrix-col-year" />
              ))}
            </colgroup>
            <thead ref={headRef}>
              <tr aria-rowindex={1}>
                <th scope="col">{t("matrix.commitment")}</th>
                <th scope="col">{t("matrix.summary")}</th>
                {years.map((year) => (
                  <th key={year} scope="col" className="matrix-year">
                    {year}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {paddingTop > 0 && (
                <tr aria-hidden="true" className="matrix-spacer">
                  <td colSpan={columns} style={{ height: paddingTop }} />
                </tr>
              )}
              {items.map((item) => (
                <MatrixRowView
                  key={item.index}
                  index={item.index}
                  years={years}
                  row={rowAt(item.index)}
                  onKeyDown={onKeyDown}
                  shared={shared}
                />
              ))}
              {paddingBottom > 0 && (
                <tr aria-hidden="true" className="matrix-spacer">
                  <td colSpan={columns} style={{ height: paddingBottom }} />
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
