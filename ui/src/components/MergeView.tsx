import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import type { ReportInput } from "../bindings/ReportInput";
import { useDateFormat } from "../hooks/useDateFormat";
import {
  CONTENT_FIELDS,
  isNarrative,
  isStatus,
  sameField,
  type ContentField,
  type Narrative,
} from "../reports";
import { useIdentity } from "../session";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError } from "./FieldError";

type Choice = "mine" | "theirs" | "merged";

/**
 * The view's own words, where a caller compares other texts than the editor's (an offline
 * copy's edit and the team server's text): each replaces the default one.
 */
export type MergeWords = {
  title: string;
  intro: string;
  theirs: string;
  keepTheirs: string;
  save: string;
  back: string;
};

type Props = {
  /** What this person typed. */
  mine: ReportInput;
  /** The report's content as someone else saved it meanwhile. */
  theirs: ReportInput;
  /** Who saved `theirs`, and when (RFC 3339). */
  savedBy: { name: string; at: string };
  /** Saves the merged content on top of `theirs`; resolves with the error, if any. */
  onSave: (merged: ReportInput) => Promise<ApiError | null>;
  /** Each choice made, so the editor can keep the merged text as it is typed. */
  onChange: (merged: ReportInput) => void;
  onBack: () => void;
  words?: MergeWords;
  /** More actions beside "Save merged" (an offline copy's Keep mine and Take theirs). */
  actions?: ReactNode;
};

function merge(
  mine: ReportInput,
  theirs: ReportInput,
  choices: Partial<Record<ContentField, Choice>>,
  texts: Record<Narrative, string>,
): ReportInput {
  const out: ReportInput = { ...mine };
  for (const field of CONTENT_FIELDS) {
    const choice = choices[field] ?? (isNarrative(field) ? "merged" : "mine");
    if (choice === "theirs") {
      // Each field keeps its own type; TypeScript cannot see that through the loop variable.
      (out as Record<ContentField, unknown>)[field] = theirs[field];
    } else if (choice === "merged" && isNarrative(field)) {
      out[field] = texts[field];
    }
  }
  return out;
}

/**
 * Someone saved the report while this person was editing it. Each field that differs is shown
 * twice, theirs beside mine, with a choice; a narrative can also be merged by hand (the merged
 * text starts as mine). Nothing typed is thrown away until "Save merged" succeeds.
 */
export function MergeView({ mine, theirs, savedBy, onSave, onChange, onBack, words, actions }: Props) {
  const { t } = useTranslation();
  const { dateTime } = useDateFormat();
  const { identity } = useIdentity();
  // The other save was this person's own, from another tab or window: say so, not "someone".
  const self = words === undefined && savedBy.name === identity.name;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const theirContent = theirs;
  const differing = CONTENT_FIELDS.filter((field) => !sameField(field, mine, theirContent));
  const [choices, setChoices] = useState<Partial<Record<ContentField, Choice>>>({});
  const [texts, setTexts] = useState<Record<Narrative, string>>({
    achievements: mine.achievements,
    challenges: mine.challenges,
    nextSteps: mine.nextSteps,
  });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (error) {
      const target = error.field && differing.includes(error.field as ContentField)
        ? document.querySelector<HTMLInputElement>(`#merge-${error.field} input`)
        : document.getElementById("merge-error");
      target?.focus();
    }
    // Only a new error moves focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [error]);

  const choose = (field: ContentField, choice: Choice) => {
    const next = { ...choices, [field]: choice };
    setChoices(next);
    onChange(merge(mine, theirContent, next, texts));
  };
  const type = (field: Narrative, text: string) => {
    const nextTexts = { ...texts, [field]: text };
    const nextChoices = { ...choices, [field]: "merged" as const };
    setTexts(nextTexts);
    setChoices(nextChoices);
    onChange(merge(mine, theirContent, nextChoices, nextTexts));
  };

  const save = async () => {
    if (saving) return;
    setSaving(true);
    setError(null);
    const failure = await onSave(merge(mine, theirContent, choices, texts));
    // On success the editor closes; on a new conflict this view is replaced.
    setSaving(false);
    setError(failure);
  };

  const value = (field: ContentField, input: ReportInput) => {
    switch (field) {
      case "status":
        return isStatus(input.status) ? t(`status.${input.status}`) : t("merge.empty");
      case "progress":
        return input.progress === null
          ? t("merge.empty")
          : t("report.percent", { value: input.progress });
      case "evidence":
        return input.evidence.length === 0 ? (
          t("merge.empty")
        ) : (
          <ul>
            {input.evidence.map((e, i) => (
              <li key={i}>
                {e.title} &lt;{e.url}&gt;
              </li>
            ))}
          </ul>
        );
      case "tags":
        return input.tags.length === 0 ? t("merge.empty") : input.tags.join(", ");
      default:
        return input[field] ? <div className="merge-text">{input[field]}</div> : t("merge.empty");
    }
  };

  const fieldError = error?.field && differing.includes(error.field as ContentField) ? error : null;
  return (
    <section className="merge-view" data-testid="merge-view" aria-labelledby="merge-heading">
      <h2 id="merge-heading" ref={headingRef} tabIndex={-1}>
        {words?.title ?? (self ? t("merge.titleSelf") : t("merge.title"))}
      </h2>
      <p data-testid="merge-intro">
        {words?.intro ??
          t(self ? "merge.introSelf" : "merge.intro", {
            name: savedBy.name,
            time: dateTime(savedBy.at),
          })}
      </p>
      {error && !fieldError && (
        <ErrorAlert id="merge-error" error={error}>
          {t("merge.saveFailed")}
        </ErrorAlert>
      )}
      {differing.length === 0 && <p className="notice">{t("merge.noDifference")}</p>}

      {differing.map((field) => {
        const choice = choices[field] ?? (isNarrative(field) ? "merged" : "mine");
        const problem = fieldError?.field === field ? { message: fieldError.message } : null;
        return (
          <fieldset
            key={field}
            id={`merge-${field}`}
            className="merge-field"
            data-testid={`merge-field-${field}`}
            aria-describedby={problem ? `error-merge-${field}` : undefined}
          >
            <legend>{t(`report.field.${field}`)}</legend>
            {problem && <FieldError field={`merge-${field}`} problem={problem} />}
            <div className="merge-columns">
              <div className="merge-side mine">
                <h3>{t("merge.yours")}</h3>
                {value(field, mine)}
              </div>
              <div className="merge-side theirs">
                <h3>
                  {words?.theirs ??
                    (self ? t("merge.theirsSelf") : t("merge.theirs", { name: savedBy.name }))}
                </h3>
                {value(field, theirContent)}
              </div>
            </div>
            <div className="merge-choices">
              {(["mine", "theirs", ...(isNarrative(field) ? (["merged"] as const) : [])] as const).map(
                (option) => (
                  <div key={option} className="radio">
                    <input
                      type="radio"
                      id={`merge-${field}-${option}`}
                      name={`merge-${field}`}
                      value={option}
                      checked={choice === option}
                      onChange={() => choose(field, option)}
                    />
                    <label htmlFor={`merge-${field}-${option}`}>
                      {option === "theirs" && words
                        ? words.keepTheirs
                        : option === "theirs" && self
                          ? t("merge.keep.theirsSelf")
                          : t(`merge.keep.${option}`)}
                    </label>
                  </div>
                ),
              )}
            </div>
            {isNarrative(field) && (
              <div className="field">
                <label htmlFor={`merge-${field}-text`}>{t("merge.mergedText")}</label>
                <textarea
                  id={`merge-${field}-text`}
                  rows={6}
                  value={texts[field]}
                  onChange={(e) => type(field, e.target.value)}
                />
              </div>
            )}
          </fieldset>
        );
      })}

      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="merge-save"
          disabled={saving}
          onClick={() => void save()}
        >
          {saving ? t("editor.saving") : (words?.save ?? t("merge.save"))}
        </button>
        {actions}
        <button type="button" className="secondary" data-testid="merge-back" onClick={onBack}>
          {words?.back ?? t("merge.back")}
        </button>
      </div>
    </section>
  );
}
