import { useTranslation } from "react-i18next";
import type { TransformationLink } from "../bindings/TransformationLink";
import { useLabels } from "../catalogue";

type Props = {
  link: TransformationLink;
  /** Spell out "inferred, to confirm" visibly; otherwise only screen readers hear it. */
  explained?: boolean;
};

/** A transformation code such as "3A"; an inferred link shows as "3A?" until a person confirms it. */
export function TransformationCode({ link, explained = false }: Props) {
  const { t } = useTranslation();
  const label = useLabels().transformation(link.code);
  if (!link.inferred) {
    return (
      <abbr className="code" title={label}>
        {link.code}
      </abbr>
    );
  }
  return (
    <>
      <abbr className="code inferred" title={t("transformation.inferredTitle", { label })}>
        {link.code}
        <span aria-hidden="true">?</span>
      </abbr>
      <span className={explained ? "inferred-meaning" : "visually-hidden"}>
        {" "}
        ({t("transformation.inferred")})
      </span>
    </>
  );
}
