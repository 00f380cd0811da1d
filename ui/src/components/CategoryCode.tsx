import { useTranslation } from "react-i18next";
import type { CategoryLink } from "../bindings/CategoryLink";
import { useLabels } from "../catalogue";

type Props = {
  /** The framework the code belongs to (codes are only unique within one). */
  framework: string;
  link: CategoryLink;
  /** Spell out "inferred, to confirm" visibly; otherwise only screen readers hear it. */
  explained?: boolean;
};

/** A category code such as "3A"; an inferred link shows as "3A?" until a person confirms it. */
export function CategoryCode({ framework, link, explained = false }: Props) {
  const { t } = useTranslation();
  const label = useLabels().category(framework, link.code);
  if (!link.inferred) {
    return (
      <abbr className="code" title={label}>
        {link.code}
      </abbr>
    );
  }
  return (
    <>
      <abbr className="code inferred" title={t("category.inferredTitle", { label })}>
        {link.code}
        <span aria-hidden="true">?</span>
      </abbr>
      <span className={explained ? "inferred-meaning" : "visually-hidden"}>
        {" "}
        ({t("category.inferred")})
      </span>
    </>
  );
}
