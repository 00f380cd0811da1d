import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { COMMITMENT_TYPES, isCommitmentType, useCatalogue, useLabels } from "../catalogue";
import { isStatus, STATUSES } from "../reports";
import { isFiltered, type StatusFilters } from "../statusFilters";

type Props = {
  /** Prefix of the controls' ids ("matrix" → #matrix-cr, #matrix-status …). */
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
 * The catalogue filters (core responsibility, transformation, type, retired) plus the status
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
  const { coreResponsibilities, byCode } = useCatalogue();
  const labels = useLabels();
  const set = (patch: Partial<StatusFilters>) => onChange({ ...filters, ...patch });
  const id = (name: string) => `${idPrefix}-${name}`;
  // Only the transformations of the chosen core responsibility can match both.
  const shownGroups = coreResponsibilities.filter(
    (cr) => filters.cr === null || cr.number === filters.cr,
  );

  const chooseCoreResponsibility = (value: string) => {
    const cr = value ? Number(value) : null;
    const keepT =
      filters.t !== null && (cr === null || byCode.get(filters.t)?.coreResponsibility === cr);
    set({ cr, t: keepT ? filters.t : null });
  };

  return (
    <div className="filter-bar status-filters" data-testid={`${idPrefix}-filters`}>
      {children}
      <div className="filter">
        <label htmlFor={id("cr")}>{tc("filters.coreResponsibility")}</label>
        <select
          id={id("cr")}
          value={filters.cr ?? ""}
          onChange={(e) => chooseCoreResponsibility(e.target.value)}
        >
          <option value="">{tc("filters.allCoreResponsibilities")}</option>
          {coreResponsibilities.map((cr) => (
            <option key={cr.number} value={cr.number}>
              {labels.coreResponsibility(cr.number)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={id("t")}>{tc("filters.transformation")}</label>
        <select
          id={id("t")}
          value={filters.t ?? ""}
          onChange={(e) => set({ t: e.target.value || null })}
        >
          <option value="">{tc("filters.allTransformations")}</option>
          {shownGroups.map((cr) => (
            <optgroup key={cr.number} label={labels.coreResponsibility(cr.number)}>
              {cr.transformations.map((tr) => (
                <option key={tr.code} value={tr.code}>
                  {labels.transformation(tr.code)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={id("type")}>{tc("filters.type")}</label>
        <select
          id={id("type")}
          value={filters.type ?? ""}
          onChange={(e) => set({ type: isCommitmentType(e.target.value) ? e.target.value : null })}
        >
          <option value="">{tc("filters.allTypes")}</option>
          {COMMITMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {tc(`type.${type}`)}
            </option>
          ))}
        </select>
      </div>
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
              cr: null,
              t: null,
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
