import { useTranslation } from "react-i18next";
import type { TransformationLink } from "../bindings/TransformationLink";
import { useCatalogue, useLabels } from "../catalogue";
import { TransformationCode } from "./TransformationCode";

type Props = {
  links: TransformationLink[];
  /** Codes that were inferred when the form opened: only those can (and must) be confirmed. */
  initiallyInferred: ReadonlySet<string>;
  invalid: boolean;
  onChange: (links: TransformationLink[]) => void;
};

/** The 24 transformations as checkboxes grouped by core responsibility, sent in catalogue order. */
export function TransformationChecklist({ links, initiallyInferred, invalid, onChange }: Props) {
  const { t } = useTranslation();
  const { coreResponsibilities, byCode } = useCatalogue();
  const labels = useLabels();
  const linked = new Map(links.map((link) => [link.code, link]));
  const order = [...byCode.keys()];

  const update = (code: string, link: TransformationLink | null) => {
    const next = new Map(linked);
    if (link) next.set(code, link);
    else next.delete(code);
    onChange([...next.values()].sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code)));
  };

  return coreResponsibilities.map((cr) => (
    <fieldset key={cr.number} className="checkbox-group">
      <legend>{labels.coreResponsibility(cr.number)}</legend>
      {cr.transformations.map(({ code }) => {
        const link = linked.get(code);
        return (
          <div key={code} className="checkbox">
            <input
              id={`transformation-${code}`}
              type="checkbox"
              name="transformations"
              value={code}
              checked={link !== undefined}
              aria-invalid={invalid || undefined}
              // A new tick is a human decision, so it is not inferred; but untick + tick of a link
              // that was inferred must not silently confirm it (that is what "Confirm" is for).
              onChange={(e) =>
                update(code, e.target.checked ? { code, inferred: initiallyInferred.has(code) } : null)
              }
            />
            <label htmlFor={`transformation-${code}`}>{labels.transformation(code)}</label>
            {link && initiallyInferred.has(code) && (
              <span className="confirm-inferred">
                <TransformationCode link={link} explained />
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
          </div>
        );
      })}
    </fieldset>
  ));
}
