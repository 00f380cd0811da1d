import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Narrative } from "../reports";
import { useAppInfo } from "../session";
import { CharacterCount, countShown } from "./CharacterCount";
import { FieldError, type FieldProblem } from "./FieldError";
import { Markdown } from "./Markdown";

type Props = {
  field: Narrative;
  value: string;
  problem: FieldProblem | undefined;
  onChange: (value: string) => void;
};

/**
 * A Markdown narrative: a textarea, and a Preview that renders it exactly as the report will
 * (same sanitising). The textarea stays mounted while previewing so nothing typed is lost.
 */
export function NarrativeField({ field, value, problem, onChange }: Props) {
  const { t } = useTranslation();
  const { maxNarrativeLen } = useAppInfo();
  const [preview, setPreview] = useState(false);
  // An error must be seen next to the text it is about.
  const previewing = preview && !problem;
  const id = `field-${field}`;
  const counted = countShown(value, maxNarrativeLen, "end");
  const describedBy = [`hint-${field}`, counted && `count-${field}`, problem && `error-${field}`]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field narrative-field">
      <div className="field-head">
        <label htmlFor={id}>{t(`report.field.${field}`)}</label>
        <button
          type="button"
          className="small"
          aria-pressed={previewing}
          aria-controls={`preview-${field}`}
          data-testid={`preview-${field}`}
          onClick={() => setPreview((p) => !p)}
        >
          {t("editor.preview")}
        </button>
      </div>
      <p id={`hint-${field}`} className="hint">
        {t(`editor.hint.${field}`)} {t("editor.markdownHint")}
      </p>
      <textarea
        id={id}
        rows={7}
        value={value}
        hidden={previewing}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
      />
      <div id={`preview-${field}`} className="preview" hidden={!previewing} aria-live="polite">
        {previewing &&
          (value.trim() ? (
            <Markdown text={value} testId={`preview-${field}-content`} />
          ) : (
            <p className="muted">{t("report.nothingWritten")}</p>
          ))}
      </div>
      <CharacterCount id={`count-${field}`} text={value} max={maxNarrativeLen} trim="end" />
      {problem && <FieldError field={field} problem={problem} />}
    </div>
  );
}
