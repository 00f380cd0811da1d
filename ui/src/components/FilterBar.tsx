import { useTranslation } from "react-i18next";
import { NO_FILTERS, type Filters } from "../filters";
import { FrameworkFilters } from "./FrameworkFilters";

type Props = { filters: Filters; onChange: (filters: Filters) => void };

export function FilterBar({ filters, onChange }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<Filters>) => onChange({ ...filters, ...patch });
  const filtered =
    filters.q !== "" ||
    filters.type !== null ||
    filters.framework !== null ||
    filters.category !== null ||
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
      <FrameworkFilters id={(name) => `filter-${name}`} filters={filters} set={set} />
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
