import { useTranslation } from "react-i18next";
import type { Framework } from "../bindings/Framework";
import { childrenOf, useLabels } from "../catalogue";
import { ReferenceText } from "./ReferenceText";

type Props = { framework: Framework; parent?: string | null };

/** A framework's categories as nested lists, each with its level's name and reference text. */
export function CategoryTree({ framework, parent = null }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const categories = childrenOf(framework, parent);
  if (categories.length === 0) return null;
  return (
    <ul className="category-tree" data-testid={parent === null ? "category-tree" : undefined}>
      {categories.map((c) => (
        <li key={c.code} data-testid="tree-category" data-code={c.code} data-level={c.level}>
          <span className="muted">{labels.level(framework.code, c.level)}</span>{" "}
          <strong className="code">{c.code}</strong> {c.name}
          {c.referenceText && (
            <details>
              <summary>{t("frameworks.referenceText")}</summary>
              <ReferenceText text={c.referenceText} />
            </details>
          )}
          <CategoryTree framework={framework} parent={c.code} />
        </li>
      ))}
    </ul>
  );
}
