import { commitmentHref } from "../addresses";
import { memo, type KeyboardEvent } from "react";
import type { MatrixRow } from "../bindings/MatrixRow";
import { MatrixCellLink } from "./MatrixCellLink";
import type { MatrixShared } from "./MatrixShared";

type Props = {
  /** The row's place among all rows (0-based), for aria-rowindex and arrow-key moves. */
  index: number;
  years: number[];
  /** Undefined while its page loads. */
  row: MatrixRow | undefined;
  onKeyDown: (e: KeyboardEvent<HTMLAnchorElement>, row: number, col: number) => void;
  shared: MatrixShared;
};

/**
 * One commitment across the years, or a placeholder while its page loads. Memoised: while
 * scrolling, only the rows coming into view are drawn, not every row in the page.
 */
export const MatrixRowView = memo(function MatrixRowView({
  index,
  years,
  row,
  onKeyDown,
  shared,
}: Props) {
  // Row 1 is the header.
  const rowIndex = index + 2;
  if (!row) {
    return (
      <tr className="matrix-row loading" data-index={index} aria-rowindex={rowIndex}>
        <td colSpan={years.length + 2} className="muted">
          {shared.loading}
        </td>
      </tr>
    );
  }
  const { commitment } = row;
  const onKey = (e: KeyboardEvent<HTMLAnchorElement>, col: number) => onKeyDown(e, index, col);
  return (
    <tr
      className={commitment.retired ? "matrix-row retired" : "matrix-row"}
      data-index={index}
      data-commitment-id={commitment.commitmentId}
      aria-rowindex={rowIndex}
    >
      <th scope="row" className="matrix-id">
        <a
          href={shared.href(commitmentHref(commitment))}
          data-col={0}
          aria-label={shared.commitmentLabel(commitment.commitmentId, commitment.retired)}
          onKeyDown={(e) => onKey(e, 0)}
        >
          {commitment.commitmentId}
        </a>
      </th>
      <td className="matrix-summary" title={commitment.summary}>
        {commitment.summary}
      </td>
      {years.map((year, i) => (
        <MatrixCellLink
          key={year}
          commitment={commitment}
          year={year}
          cell={row.cells[i] ?? null}
          col={i + 1}
          onKeyDown={onKey}
          shared={shared}
        />
      ))}
    </tr>
  );
});
