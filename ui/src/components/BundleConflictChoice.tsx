import { useTranslation } from "react-i18next";
import type { BundleConflict } from "../bindings/BundleConflict";
import type { Take } from "../bindings/Take";
import { isEditable } from "../reports";
import { BUNDLE_FIELDS, BundleContent, type BundleField } from "./BundleContent";

type Props = {
  conflict: BundleConflict;
  /** The choice made so far (none until the person makes one). */
  take: Take | null;
  /** Null once the import was applied: the outcome is shown instead of a choice. */
  onTake: ((take: Take) => void) | null;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A report changed both here and in the bundle's copy: the two versions side by side (the
 * fields that differ, status always) and the choice of which to keep.
 */
export function BundleConflictChoice({ conflict, take, onTake }: Props) {
  const { t } = useTranslation("exchange");
  const { t: tc } = useTranslation();
  const { reportId, mine, theirs } = conflict;
  const differing: BundleField[] = BUNDLE_FIELDS.filter(
    (field) => field === "status" || !same(mine[field], theirs[field]),
  );
  const alike = BUNDLE_FIELDS.filter((field) => !differing.includes(field));
  const locked = !isEditable(conflict.mineState);
  const headingId = `conflict-${reportId}-heading`;
  const lockedHintId = `conflict-${reportId}-locked`;

  return (
    <article
      className="bundle-conflict"
      data-testid="bundle-conflict"
      data-report-id={reportId}
      data-commitment-id={conflict.commitmentId}
      data-year={conflict.year}
      aria-labelledby={headingId}
    >
      <h4 id={headingId}>{t("bundle.conflictTitle", { id: conflict.commitmentId, year: conflict.year })}</h4>
      <div className="merge-columns">
        <div className="merge-side mine" data-testid="bundle-mine">
          <h5>{t("bundle.mine")}</h5>
          <p className="muted small-text">
            {t("bundle.by", { name: conflict.mineUpdatedBy })} ·{" "}
            {t("bundle.reviewState", { state: tc(`reviewState.${conflict.mineState}`) })}
          </p>
          <BundleContent content={mine} fields={differing} />
        </div>
        <div className="merge-side theirs" data-testid="bundle-theirs">
          <h5>{t("bundle.theirs")}</h5>
          <p className="muted small-text">
            {t("bundle.by", { name: conflict.theirsUpdatedBy })} ·{" "}
            {t("bundle.reviewState", { state: tc(`reviewState.${conflict.theirsState}`) })}
          </p>
          <BundleContent content={theirs} fields={differing} />
        </div>
      </div>
      {alike.length > 0 && (
        <p className="hint">
          {t("bundle.same", { fields: alike.map((f) => tc(`report.field.${f}`)).join(", ") })}
        </p>
      )}
      {onTake ? (
        <fieldset className="bundle-choice">
          <legend>{t("bundle.choice")}</legend>
          {(["Mine", "Theirs"] as const).map((option) => {
            const id = `bundle-take-${reportId}-${option}`;
            const disabled = option === "Theirs" && locked;
            return (
              <div key={option} className="radio">
                <input
                  type="radio"
                  id={id}
                  name={`bundle-take-${reportId}`}
                  value={option}
                  checked={take === option}
                  disabled={disabled}
                  aria-describedby={disabled ? lockedHintId : undefined}
                  onChange={() => onTake(option)}
                />
                <label htmlFor={id}>
                  {option === "Mine" ? t("bundle.keepMine") : t("bundle.takeTheirs")}
                </label>
              </div>
            );
          })}
          {locked && (
            <p id={lockedHintId} className="hint">
              {t("bundle.lockedHint", { state: tc(`reviewState.${conflict.mineState}`).toLowerCase() })}
            </p>
          )}
        </fieldset>
      ) : (
        <p className="bundle-outcome" data-testid="bundle-outcome">
          {conflict.outcome === "unresolved" ||
          conflict.outcome === "kept mine" ||
          conflict.outcome === "took theirs"
            ? t(`bundle.outcome.${conflict.outcome}`)
            : conflict.outcome}
        </p>
      )}
    </article>
  );
}
