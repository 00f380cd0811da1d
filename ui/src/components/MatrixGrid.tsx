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
import { ErrorAlert } from "./ErrorAlert";
import { MatrixRowView } from "./MatrixRowView";
import { PAGE_SIZE, useMatrixPages, type MatrixSelection } from "./MatrixPages";
import { useMatrixShared } from "./MatrixShared";

/** Every row is this tall (status.css keeps it so), which lets the virtualiser skip measuring. */
const ROW_HEIGHT = 34;

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
  const { key, total, error, ensure, retry, rowAt } = useMatrixPages(selection);
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

  // Fetch the pages of the rows in view.
  useEffect(() => {
    if (total === null || total === 0) return;
    for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(last / PAGE_SIZE); page++) {
      ensure(page);
    }
  }, [first, last, total, ensure]);

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
