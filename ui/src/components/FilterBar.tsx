import { useTranslation } from "react-i18next";
import { COMMITMENT_TYPES, isCommitmentType, useCatalogue, useLabels } from "../catalogue";
import { NO_FILTERS, type Filters } from "../filters";

type Props = { filters: Filters; onChange: (filters: Filters) => void };

export function FilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const { coreResponsibilities } = useCatalogue();
  const labels = useLabels();
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const filtered =
    filters.q !== "" ||
    filters.type !== null ||
    filters.cr !== null ||
    filters.t !== null ||
    filters.retired;

  return (
    <form
      className="filter-bar"
      role="search"
      aria-label={t("filters.label")}
      onSubmit={(e) => e.preventDefault()}
    >
      <div className="filter">
        <label htmlFor="filter-search">{t("filters.search")}</label>
        <input
          id="filter-search"
          type="search"
          value={filters.q}
          placeholder={t("filters.searchPlaceholder")}
          onChange={(e) => set({ q: e.target.value })}
        />
      </div>
      <div className="filter">
        <label htmlFor="filter-type">{t("filters.type")}</label>
        <select
          id="filter-type"
          value={filters.type ?? ""}
          onChange={(e) => set({ type: isCommitmentType(e.target.value) ? e.target.value : null })}
        >
          <option value="">{t("filters.allTypes")}</option>
          {COMMITMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`type.${type}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-cr">{t("filters.coreResponsibility")}</label>
        <select
          id="filter-cr"
          value={filters.cr ?? ""}
          onChange={(e) => set({ cr: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">{t("filters.allCoreResponsibilities")}</option>
          {coreResponsibilities.map((cr) => (
            <option key={cr.number} value={cr.number}>
              {labels.coreResponsibility(cr.number)}
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor="filter-transformation">{t("filters.transformation")}</label>
        <select
          id="filter-transformation"
          value={filters.t ?? ""}
          onChange={(e) => set({ t: e.target.value || null })}
        >
          <option value="">{t("filters.allTransformations")}</option>
          {coreResponsibilities.map((cr) => (
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
      <div className="filter filter-checkbox">
        <input
          id="filter-retired"
          type="checkbox"
          checked={filters.retired}
          onChange={(e) => set({ retired: e.target.checked })}
        />
        <label htmlFor="filter-retired">{t("filters.showRetired")}</label>
      </div>
      {filtered && (
        <button type="button" className="link-button" onClick={() => onChange(NO_FILTERS)}>
          {t("filters.clear")}
        </button>
      )}
    </form>
  );
}
