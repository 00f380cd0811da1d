import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { MatrixGrid } from "../components/MatrixGrid";
import { MatrixLegend } from "../components/MatrixLegend";
import { PageHeading } from "../components/PageHeading";
import { StatusFilterBar } from "../components/StatusFilterBar";
import { useDebounced } from "../hooks/useDebounced";
import { useAppInfo } from "../session";
import {
  readStatusFilters,
  toStatusCommitmentFilter,
  writeStatusFilters,
  type StatusFilters,
} from "../statusFilters";
import "../styles/status.css";

const WORDS_DEBOUNCE_MS = 250;

/** `#/matrix?framework=WHS&category=3&status=Completed`: every commitment (rows) across the years (columns). */
export function MatrixPage() {
  const { t } = useTranslation("status");
  const { t: tc } = useTranslation();
  const { firstYear, currentYear } = useAppInfo();
  const [params, setParams] = useSearchParams();
  const filters = { ...readStatusFilters(params), year: null };
  const words = useDebounced(filters.q, WORDS_DEBOUNCE_MS);
  // One array for the whole visit, so that the memoised rows are not redrawn for nothing. Up
  // to next year, like every other list of years (a report may be written for it).
  const lastYear = currentYear + 1;
  const years = useMemo(() => {
    const list: number[] = [];
    for (let year = firstYear; year <= lastYear; year++) list.push(year);
    return list;
  }, [firstYear, lastYear]);

  // Replace, not push: Back should leave the matrix, not replay each change.
  const setFilters = (next: StatusFilters) =>
    setParams(writeStatusFilters(next), { replace: true });

  return (
    <section className="matrix-page" data-testid="matrix-page" aria-labelledby="matrix-heading">
      <PageHeading id="matrix-heading">{t("matrix.title")}</PageHeading>
      <form
        role="search"
        aria-label={t("matrix.filtersLabel")}
        onSubmit={(e) => e.preventDefault()}
      >
        <StatusFilterBar
          idPrefix="matrix"
          filters={filters}
          onChange={setFilters}
          statusHint={t("matrix.statusHint")}
        >
          <div className="filter">
            <label htmlFor="matrix-q">{t("matrix.words")}</label>
            <input
              id="matrix-q"
              type="search"
              value={filters.q}
              placeholder={tc("filters.searchPlaceholder")}
              onChange={(e) => setFilters({ ...filters, q: e.target.value })}
            />
          </div>
        </StatusFilterBar>
      </form>
      <MatrixLegend />
      <MatrixGrid
        selection={{
          filter: toStatusCommitmentFilter({ ...filters, q: words }, true),
          status: filters.status,
          fromYear: firstYear,
          toYear: lastYear,
        }}
        years={years}
      />
    </section>
  );
}
