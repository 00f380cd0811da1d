import { useTranslation } from "react-i18next";
import type { Commitment } from "../bindings/Commitment";
import { useCatalogue, useLabels } from "../catalogue";
import { CategoryCode } from "./CategoryCode";
import { ReferenceText } from "./ReferenceText";

/** A commitment's categories, one list per level of its framework, under the level's name. */
export function CommitmentCategories({ commitment }: { commitment: Commitment }) {
  const { t } = useTranslation();
  const { byFramework, categories } = useCatalogue();
  const framework = byFramework.get(commitment.framework);
  const known = categories.get(commitment.framework);
  const labels = useLabels();
  const levels = framework?.levels ?? [];
  const levelOf = (code: string) => known?.get(code)?.level ?? 1;

  return levels.map((levelName, i) => {
    const level = i + 1;
    const links = commitment.categories.filter((link) => levelOf(link.code) === level);
    return (
      <section key={level} aria-labelledby={`detail-level-${level}`} data-testid="detail-level">
        <h2 id={`detail-level-${level}`}>{levelName || labels.level(commitment.framework, level)}</h2>
        {links.length === 0 ? (
          <p>{t("detail.noCategories")}</p>
        ) : (
          <ul className="detail-list">
            {links.map((link) => {
              const category = known?.get(link.code);
              return (
                <li
                  key={link.code}
                  data-testid="detail-category"
                  data-code={link.code}
                  data-level={level}
                >
                  <CategoryCode framework={commitment.framework} link={link} explained />{" "}
                  <span className="cr-name" data-testid="detail-category-name">
                    {category?.name}
                  </span>
                  {category?.referenceText && (
                    <details>
                      <summary>{t("detail.referenceText")}</summary>
                      <ReferenceText text={category.referenceText} />
                    </details>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    );
  });
}
