import type { KeyboardEvent } from "react";
import type { CommitmentSummary } from "../bindings/CommitmentSummary";
import type { MatrixCell } from "../bindings/MatrixCell";
import { reportHref } from "../addresses";
import { STATUS_COLORS } from "../statusColors";
import type { MatrixShared } from "./MatrixShared";

type Props = {
  commitment: CommitmentSummary;
  year: number;
  cell: MatrixCell | null;
  /** The cell's column, for arrow-key moves. */
  col: number;
  onKeyDown: (e: KeyboardEvent<HTMLAnchorElement>, col: number) => void;
  shared: MatrixShared;
};

/**
 * One year of one commitment: coloured by status, marked with the review state (a letter,
 * explained in the legend and spelled out for screen readers). Opens the report, or the
 * editor of a new one when there is none.
 */
export function MatrixCellLink({ commitment, year, cell, col, onKeyDown, shared }: Props) {
  const href = shared.href(reportHref(commitment, year));
  if (!cell) {
    return (
      <td data-year={year} data-status="none" className="matrix-cell matrix-cell-empty">
        <a
          href={href}
          data-col={col}
          aria-label={shared.emptyLabel(commitment.commitmentId, year)}
          onKeyDown={(e) => onKeyDown(e, col)}
        >
          <span aria-hidden="true">+</span>
        </a>
      </td>
    );
  }
  return (
    <td
      data-year={year}
      data-status={cell.status}
      data-review={cell.reviewState}
      className="matrix-cell"
    >
      <a
        href={href}
        data-col={col}
        className={`review-mark-${cell.reviewState}`}
        style={{ backgroundColor: STATUS_COLORS[cell.status] }}
        aria-label={shared.cellLabel(commitment.commitmentId, year, cell.status, cell.reviewState)}
        onKeyDown={(e) => onKeyDown(e, col)}
      >
        <span aria-hidden="true">{shared.mark(cell.reviewState)}</span>
      </a>
    </td>
  );
}
