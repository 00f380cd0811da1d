import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isStatus, STATUSES } from "../reports";
import { isFiltered, type StatusFilters } from "../statusFilters";
import { FrameworkFilters } from "./FrameworkFilters";

type Props = {
  /** Prefix of the controls' ids ("matrix" → #matrix-category, #matrix-status …). */
  idPrefix: string;
  filters: StatusFilters;
  onChange: (filters: StatusFilters) => void;
  /** Years offered in a year filter; no year filter without them. */
  years?: number[];
  /** Hint under the status filter (what it narrows). */
  statusHint: string;
  /** Controls shown first (the matrix's words). */
  children?: ReactNode;
};

/**
 * The catalogue filters (framework, category, type, retired) plus the status
 * and, for the search, the year. Words are typed elsewhere; "Clear filters" keeps them.
 */
export function StatusFilterBar({
  idPrefix,
  filters,
  onChange,
  years,
  statusHint,
  children,
}: Props) {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const set = (patch: Partial<StatusFilters>) => onChange({ ...filters, ...patch });
  const id = (name: string) => `${idPrefix}-${name}`;

  return (
    <div className="filter-bar status-filters" data-testid={`${idPrefix}-filters`}>
      {children}
      <FrameworkFilters id={id} filters={filters} set={set} />
      {years && (
        <div className="filter">
          <label htmlFor={id("year")}>{t("filters.year")}</label>
          <select
            id={id("year")}
            value={filters.year ?? ""}
            onChange={(e) => set({ year: e.target.value ? Number(e.target.value) : null })}
          >
            <option value="">{t("filters.allYears")}</option>
            {years.map((year) => (
              <option key={year} value={year}>
                {year}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="filter">
        <label htmlFor={id("status")}>{t("filters.status")}</label>
        <select
          id={id("status")}
          value={filters.status ?? ""}
          aria-describedby={id("status-hint")}
          onChange={(e) => set({ status: isStatus(e.target.value) ? e.target.value : null })}
        >
          <option value="">{t("filters.allStatuses")}</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {tc(`status.${status}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter filter-checkbox">
        <input
          id={id("retired")}
          type="checkbox"
          checked={filters.retired}
          onChange={(e) => set({ retired: e.target.checked })}
        />
        <label htmlFor={id("retired")}>{tc("filters.showRetired")}</label>
      </div>
      <p className="filter-note hint" id={id("status-hint")}>
        {statusHint}
      </p>
      {isFiltered(filters) && (
        <button
          type="button"
          className="link-button"
          data-testid={`${idPrefix}-clear`}
          onClick={() =>
            onChange({
              ...filters,
              type: null,
              framework: null,
              category: null,
              retired: false,
              status: null,
              year: null,
            })
          }
        >
          {tc("filters.clear")}
        </button>
      )}
    </div>
  );
}
