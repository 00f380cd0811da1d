import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CommitmentSummary } from "../bindings/CommitmentSummary";
import { useLabels } from "../catalogue";
import { TransformationCode } from "./TransformationCode";

type Props = { rows: CommitmentSummary[]; busy: boolean };

/**
 * Rows are put in the page this many at a time: a catalogue of thousands (the Summit's scale)
 * would otherwise take seconds to draw. More come as the end of the table scrolls into view,
 * or with the button (for the keyboard).
 */
export const ROWS_AT_A_TIME = 200;

export function CommitmentTable({ rows, busy }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [shown, setShown] = useState(ROWS_AT_A_TIME);
  const [forRows, setForRows] = useState(rows);
  const sentinel = useRef<HTMLParagraphElement>(null);
  // New rows (other filters): start again from the top.
  if (forRows !== rows) {
    setForRows(rows);
    setShown(ROWS_AT_A_TIME);
  }
  const more = rows.length - shown;

  useEffect(() => {
    const target = sentinel.current;
    if (!target || more <= 0) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setShown((n) => n + ROWS_AT_A_TIME);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [more]);

  return (
    <>
      <table className="commitment-table" data-testid="commitment-table" aria-busy={busy}>
        <caption>{t("catalogue.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("catalogue.column.id")}</th>
            <th scope="col">{t("catalogue.column.type")}</th>
            <th scope="col">{t("catalogue.column.coreResponsibilities")}</th>
            <th scope="col">{t("catalogue.column.transformations")}</th>
            <th scope="col">{t("catalogue.column.summary")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, shown).map((row) => (
            <tr
              key={row.id}
              data-commitment-id={row.commitmentId}
              className={row.retired ? "retired" : undefined}
            >
              <th scope="row">
                <Link to={`/commitments/${row.id}`}>{row.commitmentId}</Link>
                {row.retired && <span className="badge">{t("catalogue.retired")}</span>}
              </th>
              <td>{t(`type.${row.type}`)}</td>
              <td>
                <ul className="inline-list">
                  {row.coreResponsibilities.map((number) => (
                    <li key={number}>
                      <abbr className="code" title={labels.coreResponsibility(number)}>
                        {t("coreResponsibility.short", { number })}
                      </abbr>
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="inline-list">
                  {row.transformations.map((link) => (
                    <li key={link.code}>
                      <TransformationCode link={link} />
                    </li>
                  ))}
                </ul>
              </td>
              <td className="summary">{row.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && (
        <p className="show-more" ref={sentinel} data-testid="show-more">
          <span className="muted">
            {t("catalogue.shownOf", { shown: Math.min(shown, rows.length), count: rows.length })}
          </span>{" "}
          <button type="button" onClick={() => setShown((n) => n + ROWS_AT_A_TIME)}>
            {t("catalogue.showMore", { count: Math.min(more, ROWS_AT_A_TIME) })}
          </button>
        </p>
      )}
    </>
  );
}
