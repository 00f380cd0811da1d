import { useTranslation } from "react-i18next";
import type { Category } from "../bindings/Category";
import type { CategoryLink } from "../bindings/CategoryLink";
import type { Framework } from "../bindings/Framework";
import { childrenOf, useLabels, withDescendants } from "../catalogue";
import { CategoryCode } from "./CategoryCode";

type Props = {
  framework: Framework;
  links: CategoryLink[];
  /** Codes that were inferred when the form opened: only those can (and must) be confirmed. */
  initiallyInferred: ReadonlySet<string>;
  invalid: boolean;
  onChange: (links: CategoryLink[]) => void;
};

/**
 * A framework's category tree as checkboxes: the top level first, each category's children in
 * a group under it, labelled with the level's name. A child can only be ticked under a ticked
 * parent (the backend refuses it otherwise), and unticking a parent unticks what is below it.
 * Links are sent in framework order.
 */
export function CategoryChecklist({ framework, links, initiallyInferred, invalid, onChange }: Props) {
  const linked = new Map(links.map((link) => [link.code, link]));
  const order = framework.categories.map((c) => c.code);

  const update = (code: string, link: CategoryLink | null) => {
    const next = new Map(linked);
    if (link) next.set(code, link);
    else for (const gone of withDescendants(framework, code)) next.delete(gone);
    onChange([...next.values()].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code)));
  };

  return (
    <CategoryGroup
      framework={framework}
      categories={childrenOf(framework, null)}
      legend={framework.levels[0] ?? ""}
      enabled
      linked={linked}
      initiallyInferred={initiallyInferred}
      invalid={invalid}
      update={update}
    />
  );
}

type GroupProps = {
  framework: Framework;
  categories: Category[];
  legend: string;
  /** False while the parent is not ticked. */
  enabled: boolean;
  linked: Map<string, CategoryLink>;
  initiallyInferred: ReadonlySet<string>;
  invalid: boolean;
  update: (code: string, link: CategoryLink | null) => void;
};

/** One level's categories under one parent (or the top level), each with its own children. */
function CategoryGroup({ framework, categories, legend, enabled, linked, ...rest }: GroupProps) {
  const { t } = useTranslation();
  const labels = useLabels();
  const { initiallyInferred, invalid, update } = rest;
  if (categories.length === 0) return null;
  return (
    <fieldset className="checkbox-group" disabled={!enabled}>
      <legend>{legend}</legend>
      {categories.map(({ code, level }) => {
        const link = linked.get(code);
        const label = labels.category(framework.code, code);
        const children = childrenOf(framework, code);
        return (
          <div key={code} className="checkbox" data-level={level}>
            <input
              id={`category-${code}`}
              type="checkbox"
              name="categories"
              value={code}
              checked={link !== undefined}
              aria-invalid={invalid || undefined}
              // A new tick is a human decision, so it is not inferred; but untick + tick of a link
              // that was inferred must not silently confirm it (that is what "Confirm" is for).
              onChange={(e) =>
                update(code, e.target.checked ? { code, inferred: initiallyInferred.has(code) } : null)
              }
            />
            <label htmlFor={`category-${code}`}>{label}</label>
            {link && initiallyInferred.has(code) && (
              <span className="confirm-inferred">
                <CategoryCode framework={framework.code} link={link} explained />
                <input
                  id={`confirm-${code}`}
                  type="checkbox"
                  checked={!link.inferred}
                  aria-label={t("form.confirmInferredLabel", { code })}
                  onChange={(e) => update(code, { code, inferred: !e.target.checked })}
                />
                <label htmlFor={`confirm-${code}`}>{t("form.confirmInferred")}</label>
              </span>
            )}
            {children.length > 0 && (
              <CategoryGroup
                framework={framework}
                categories={children}
                legend={t("form.childGroup", {
                  level: framework.levels[level] ?? t("category.level", { level: level + 1 }),
                  parent: label,
                })}
                enabled={enabled && link !== undefined}
                linked={linked}
                {...rest}
              />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
