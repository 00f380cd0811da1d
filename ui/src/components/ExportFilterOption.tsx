import { useTranslation } from "react-i18next";
import { useLabels } from "../catalogue";
import type { Filters } from "../filters";

type Props = {
  /** The catalogue's filters in use, or null when it shows everything. */
  filters: Filters | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Whether retired commitments are part of the export when the filters are not used. */
  allIncludesRetired: boolean;
};

/** Which commitments an export covers: all of them, or those the catalogue shows now. */
export function ExportFilterOption({ filters, checked, onChange, allIncludesRetired }: Props) {
  const { t } = useTranslation("exchange");
  const labels = useLabels();
  const described = filters
    ? [
        filters.q && t("export.filter.search", { text: filters.q }),
        filters.framework && labels.framework(filters.framework),
        filters.category &&
          (filters.framework ? labels.category(filters.framework, filters.category) : filters.category),
        filters.type && labels.type(filters.type),
        filters.retired && t("export.filter.retired"),
      ]
        .filter(Boolean)
        .join(t("export.filter.separator"))
    : "";
  return (
    <fieldset className="export-scope">
      <legend>{t("export.scope")}</legend>
      {!(checked && filters) && (
        <p className="hint">{allIncludesRetired ? t("export.scopeAll") : t("export.scopeActive")}</p>
      )}
      <div className="checkbox">
        <input
          id="export-filters"
          type="checkbox"
          checked={checked && filters !== null}
          disabled={filters === null}
          aria-describedby="export-filters-hint"
          onChange={(e) => onChange(e.target.checked)}
        />
        <label htmlFor="export-filters">{t("export.useFilters")}</label>
      </div>
      <p id="export-filters-hint" className="hint" data-testid="export-filters-hint">
        {filters ? t("export.filtersInUse", { filters: described }) : t("export.noFilters")}
      </p>
    </fieldset>
  );
}
