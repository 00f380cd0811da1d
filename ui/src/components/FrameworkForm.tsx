import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { createFramework, updateFramework, type ApiError } from "../api";
import { invalidateAfterChange } from "../api/queryKeys";
import type { FrameworkInput } from "../bindings/FrameworkInput";
import type { Framework } from "../bindings/Framework";
import {
  categoryField,
  draftOf,
  MAX_LEVELS,
  toInput,
  type FrameworkDraft,
} from "../frameworkDraft";
import { CategoryRowsField, type RowProblem } from "./CategoryRowsField";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";
import { StringRowsField } from "./StringRowsField";

// In on-screen order, so that the first invalid one is the one that gets focus.
const FIELDS = [
  "code",
  "name",
  "description",
  "source",
  "levels",
  "types",
  "minCategories",
  "categories",
] as const;
type Field = (typeof FIELDS)[number];
const isField = (name: string): name is Field => (FIELDS as readonly string[]).includes(name);

/** The last failed save: problems per field and per category row, or one for the whole form. */
type Attempt = {
  problems: Partial<Record<Field, FieldProblem>>;
  rows: Map<number, RowProblem>;
  formError: ApiError | null;
};

/** Where the backend's `field` belongs: "levels[2]" on the levels, "categories[3].code" on a row. */
function place(error: ApiError, sentRows: number[]): Attempt {
  const none: Attempt = { problems: {}, rows: new Map(), formError: null };
  const field = error.field ?? "";
  const list = /^(\w+)(?:\[\d+\])?$/.exec(field)?.[1] ?? "";
  const row = categoryField(field);
  const rowKey = row ? sentRows[row.index] : undefined;
  if (row && rowKey !== undefined) {
    return { ...none, rows: new Map([[rowKey, { column: row.column, problem: { message: error.message } }]]) };
  }
  if (isField(list)) return { ...none, problems: { [list]: { message: error.message } } };
  // Unknown fields (and none) are shown at the top of the form.
  return { ...none, formError: error };
}

type Props = {
  /** The framework being edited, or null for a new one. */
  framework: Framework | null;
  cancelHref: string;
  onSaved: (saved: Framework) => void;
  /** Fetches the latest version after a conflict (the page then re-creates this form). */
  onReload: () => void;
  labelledBy: string;
};

export function FrameworkForm({ framework, cancelHref, onSaved, onReload, labelledBy }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FrameworkDraft>(() => draftOf(framework));
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const queryClient = useQueryClient();
  // Every screen reads frameworks from the shared catalogue: it is asked again once saved.
  const save = useMutation({
    mutationFn: (input: FrameworkInput) =>
      framework
        ? updateFramework({ code: framework.code, expectedVersion: framework.version, input })
        : createFramework(input),
    onSuccess: () => void invalidateAfterChange(queryClient, "framework"),
  });

  useEffect(() => {
    if (!attempt) return;
    const first = FIELDS.find((field) => field in attempt.problems);
    const rowIndex = draft.categories.findIndex((r) => attempt.rows.has(r.key));
    const target = first
      ? document.getElementById(`fw-${first}`)
      : rowIndex >= 0
        ? document.getElementById(`fw-category-${rowIndex}-code`)
        : document.getElementById("fw-form-error");
    // A fieldset cannot take focus itself: its first control does.
    const focusable =
      target instanceof HTMLFieldSetElement ? target.querySelector("input, select, button") : target;
    (focusable as HTMLElement | null)?.focus();
    // Only when a new attempt failed, not on every keystroke after it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  const problem = (field: Field) => attempt?.problems[field];
  const described = (field: Field, hintId?: string) => {
    const ids = [hintId, problem(field) && `error-fw-${field}`].filter(Boolean);
    return {
      "aria-invalid": problem(field) ? true : undefined,
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    };
  };
  const edit = (patch: Partial<FrameworkDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    // Only emptiness is checked here; every other rule is the server's to judge.
    const problems: Attempt["problems"] = {};
    if (!draft.code.trim()) problems.code = { required: true };
    if (!draft.name.trim()) problems.name = { required: true };
    if (Object.keys(problems).length > 0) {
      setAttempt({ problems, rows: new Map(), formError: null });
      return;
    }
    const { input, sentRows } = toInput(draft);
    setSaving(true);
    try {
      onSaved(await save.mutateAsync(input));
    } catch (err) {
      setAttempt(place(err as ApiError, sentRows)); // call() rejects with nothing else
      setSaving(false);
    }
  };

  const text = (field: "code" | "name" | "source", hint?: string) => (
    <div className="field">
      <label htmlFor={`fw-${field}`}>{t(`frameworks.form.${field}`)}</label>
      {hint && (
        <p id={`fw-${field}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input
        id={`fw-${field}`}
        type="text"
        autoComplete="off"
        value={draft[field]}
        onChange={(e) => edit({ [field]: e.target.value })}
        {...described(field, hint ? `fw-${field}-hint` : undefined)}
      />
      <Problem field={field} problem={problem(field)} />
    </div>
  );

  const formError = attempt?.formError;
  return (
    <form
      className="framework-form"
      data-testid="framework-form"
      noValidate
      aria-labelledby={labelledBy}
      onSubmit={submit}
    >
      {formError &&
        (formError.kind === "conflict" ? (
          <ErrorAlert
            id="fw-form-error"
            error={formError}
            action={{ label: t("frameworks.form.reload"), onClick: onReload }}
          >
            {t("frameworks.form.conflict")}
          </ErrorAlert>
        ) : (
          <ErrorAlert id="fw-form-error" error={formError}>
            {t("frameworks.form.formError")}
          </ErrorAlert>
        ))}

      {text("code", t("frameworks.form.codeHint"))}
      {text("name")}
      <div className="field">
        <label htmlFor="fw-description">{t("frameworks.form.description")}</label>
        <textarea
          id="fw-description"
          rows={4}
          value={draft.description}
          onChange={(e) => edit({ description: e.target.value })}
          {...described("description")}
        />
        <Problem field="description" problem={problem("description")} />
      </div>
      {text("source", t("frameworks.form.sourceHint"))}

      <StringRowsField
        id="fw-levels"
        legend={t("frameworks.form.levels")}
        hint={t("frameworks.form.levelsHint")}
        values={draft.levels}
        onChange={(levels) => edit({ levels })}
        min={1}
        max={MAX_LEVELS}
        rowLabel={(i) => t("frameworks.form.levelName", { level: i + 1 })}
        addLabel={t("frameworks.form.addLevel")}
        removeLabel={(i) => t("frameworks.form.removeLevel", { level: i + 1 })}
        problem={problem("levels")}
      />
      <StringRowsField
        id="fw-types"
        legend={t("frameworks.form.types")}
        hint={t("frameworks.form.typesHint")}
        values={draft.types}
        onChange={(types) => edit({ types })}
        min={0}
        max={Infinity}
        rowLabel={(i) => t("frameworks.form.typeName", { number: i + 1 })}
        addLabel={t("frameworks.form.addType")}
        removeLabel={(i) => t("frameworks.form.removeType", { number: i + 1 })}
        problem={problem("types")}
      />

      <div className="field">
        <label htmlFor="fw-minCategories">{t("frameworks.form.minCategories")}</label>
        <input
          id="fw-minCategories"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={draft.minCategories}
          onChange={(e) => edit({ minCategories: e.target.value })}
          {...described("minCategories")}
        />
        <Problem field="minCategories" problem={problem("minCategories")} />
      </div>

      <CategoryRowsField
        rows={draft.categories}
        levels={draft.levels}
        onChange={(categories) => edit({ categories })}
        problem={problem("categories")}
        rowProblems={attempt?.rows ?? new Map()}
      />

      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t("frameworks.form.saving") : t("frameworks.form.save")}
        </button>
        <Link className="button secondary" to={cancelHref}>
          {t("frameworks.form.cancel")}
        </Link>
      </div>
    </form>
  );
}

/** The FieldError of a plain field, with the `fw-` prefix its aria-describedby expects. */
function Problem({ field, problem }: { field: Field; problem: FieldProblem | undefined }) {
  return problem ? <FieldError field={`fw-${field}`} problem={problem} /> : null;
}
