import { useTranslation } from "react-i18next";
import { typesOf, useCatalogue, useLabels } from "../catalogue";
import type { Filters } from "../filters";

type Props = {
  /** The id of the control for `name` ("framework", "category", "type"). */
  id: (name: string) => string;
  filters: Filters;
  set: (patch: Partial<Filters>) => void;
};

/**
 * The framework, category and type filters shared by the catalogue, the matrix and the search.
 * Categories and types are those of the chosen framework; category codes are only unique within
 * one, so with several frameworks a category can only be chosen once a framework is.
 */
export function FrameworkFilters({ id, filters, set }: Props) {
  const { t } = useTranslation();
  const { frameworks, byFramework } = useCatalogue();
  const labels = useLabels();
  const chosen = filters.framework === null ? undefined : byFramework.get(filters.framework);
  const categoriesFrom = chosen ?? (frameworks.length === 1 ? frameworks[0] : undefined);
  const types = typesOf(frameworks, chosen);

  const chooseFramework = (code: string) => {
    const next = code ? byFramework.get(code) : undefined;
    set({
      framework: code || null,
      // What belongs to the previous framework no longer narrows anything.
      category: next?.categories.some((c) => c.code === filters.category) ? filters.category : null,
      type: filters.type !== null && typesOf(frameworks, next).includes(filters.type) ? filters.type : null,
    });
  };

  return (
    <>
      <div className="filter">
        <label htmlFor={id("framework")}>{t("filters.framework")}</label>
        <select
          id={id("framework")}
          value={filters.framework ?? ""}
          onChange={(e) => chooseFramework(e.target.value)}
        >
          <option value="">{t("filters.allFrameworks")}</option>
          {frameworks.map((f) => (
            <option key={f.code} value={f.code}>
              {f.name} ({f.code})
            </option>
          ))}
        </select>
      </div>
      <div className="filter">
        <label htmlFor={id("category")}>{t("filters.category")}</label>
        <select
          id={id("category")}
          value={filters.category ?? ""}
          disabled={!categoriesFrom}
          aria-describedby={categoriesFrom ? undefined : id("category-hint")}
          onChange={(e) =>
            set({
              category: e.target.value || null,
              framework: e.target.value && categoriesFrom ? categoriesFrom.code : filters.framework,
            })
          }
        >
          <option value="">{t("filters.allCategories")}</option>
          {categoriesFrom?.categories.map((c) => (
            <option key={c.code} value={c.code}>
              {/* Indented by depth: a select cannot nest groups more than one level deep. */}
              {"\u2003".repeat(c.level - 1)}
              {t("category.option", {
                level: labels.level(categoriesFrom.code, c.level),
                label: labels.category(categoriesFrom.code, c.code),
              })}
            </option>
          ))}
        </select>
        {!categoriesFrom && (
          <p className="hint" id={id("category-hint")}>
            {t("filters.categoryNeedsFramework")}
          </p>
        )}
      </div>
      {types.length > 0 && (
        <div className="filter">
          <label htmlFor={id("type")}>{t("filters.type")}</label>
          <select
            id={id("type")}
            value={filters.type ?? ""}
            onChange={(e) => set({ type: e.target.value || null })}
          >
            <option value="">{t("filters.allTypes")}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {labels.type(type)}
              </option>
            ))}
          </select>
        </div>
      )}
    </>
  );
}
