import { commitmentHref } from "../addresses";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CommitmentSummary } from "../bindings/CommitmentSummary";
import { useCatalogue, useLabels } from "../catalogue";
import { PAGE_ROWS } from "../commitmentList";
import { CategoryCode } from "./CategoryCode";

/**
 * Rows drawn before the first paint: more than a tall window shows (a row is ~90 px, so a
 * 1280×800 window shows four or five under the filters, a 1440-px-high screen about ten).
 */
const FIRST_DRAW = 15;

type Props = {
  /** The rows read so far. */
  rows: CommitmentSummary[];
  /** How many rows the list has in all. */
  total: number;
  busy: boolean;
  /** Asks for the next rows. */
  onMore: () => void;
  loadingMore: boolean;
};

/**
 * The catalogue list. Rows come from the backend a page at a time (a catalogue of thousands,
 * the Summit's scale, would otherwise take seconds to send and draw): more as the end of the
 * table scrolls into view, or with the button (for the keyboard).
 */
export function CommitmentTable({ rows, total, busy, onMore, loadingMore }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  // With one framework its name on every row would say nothing.
  const manyFrameworks = useCatalogue().frameworks.length > 1;
  const sentinel = useRef<HTMLParagraphElement>(null);
  const more = total - rows.length;
  // The first screenfuls are drawn first and the rest of the page just after that paint: in
  // the window, building and laying out 200 rows took ~350 ms before anything showed.
  const [drawn, setDrawn] = useState(FIRST_DRAW);
  useEffect(() => {
    if (drawn >= rows.length) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setDrawn(Infinity), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [drawn, rows.length]);
  const allDrawn = drawn >= rows.length;

  // (Re-attached once the rest of the page is drawn: the sentinel shows only then.)
  useEffect(() => {
    const target = sentinel.current;
    if (!target || more <= 0 || loadingMore) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onMore();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [more, loadingMore, onMore, allDrawn]);

  return (
    <>
      <div className="table-scroll">
        <table className="commitment-table" data-testid="commitment-table" aria-busy={busy}>
          <caption>{t("catalogue.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("catalogue.column.id")}</th>
              <th scope="col">{t("catalogue.column.type")}</th>
              {manyFrameworks && <th scope="col">{t("catalogue.column.framework")}</th>}
              <th scope="col">{t("catalogue.column.categories")}</th>
              <th scope="col">{t("catalogue.column.summary")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, drawn).map((row) => (
              <tr
                key={row.id}
                data-commitment-id={row.commitmentId}
                className={row.retired ? "retired" : undefined}
              >
                <th scope="row">
                  <Link to={commitmentHref(row)}>{row.commitmentId}</Link>
                  {row.retired && <span className="badge">{t("catalogue.retired")}</span>}
                </th>
                <td>{labels.type(row.type)}</td>
                {manyFrameworks && (
                  <td>
                    <abbr className="code" title={labels.framework(row.framework)}>
                      {row.framework}
                    </abbr>
                  </td>
                )}
                <td>
                  <ul className="inline-list">
                    {row.categories.map((link) => (
                      <li key={link.code}>
                        <CategoryCode framework={row.framework} link={link} />
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="summary">
                  {row.title && <strong className="commitment-title">{row.title}</strong>}{" "}
                  {row.summary}
                  {row.tags.length > 0 && (
                    <ul className="tag-list small" aria-label={t("detail.tags")} data-testid="row-tags">
                      {row.tags.map((tag) => (
                        <li key={tag}>{tag}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more > 0 && allDrawn && (
        <p className="show-more" ref={sentinel} data-testid="show-more">
          <span className="muted">
            {t("catalogue.shownOf", { shown: rows.length, count: total })}
          </span>{" "}
          {/* Not disabled while the rows come: a disabled button would drop the keyboard's focus. */}
          <button type="button" onClick={onMore} aria-busy={loadingMore}>
            {t("catalogue.showMore", { count: Math.min(more, PAGE_ROWS) })}
          </button>
        </p>
      )}
    </>
  );
}
