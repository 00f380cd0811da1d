import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commitmentSaved } from "../addresses";
import { call, type ApiError } from "../api";
import type { Commitment } from "../bindings/Commitment";
import type { CommitmentInput } from "../bindings/CommitmentInput";
import type { Organisation } from "../bindings/Organisation";
import { useCatalogue, useLabels } from "../catalogue";
import { parseTags } from "../reports";
import { useAppInfo } from "../session";
import { CharacterCount, countShown } from "./CharacterCount";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";
import { CategoryChecklist } from "./CategoryChecklist";

// In on-screen order, so that the first invalid one is the one that gets focus.
const FIELDS = [
  "commitmentId",
  "title",
  "framework",
  "type",
  "organisation",
  "description",
  "categories",
  "tags",
] as const;
type Field = (typeof FIELDS)[number];

function isField(name: string | null): name is Field {
  return (FIELDS as readonly (string | null)[]).includes(name);
}

type Draft = Omit<CommitmentInput, "organisation" | "framework" | "tags"> & {
  organisation: string;
  framework: string;
  /** As typed: tags separated by commas (as in the report editor). */
  tags: string;
};

/** The outcome of the last failed save: per-field problems, or one for the whole form. */
type Attempt = { problems: Partial<Record<Field, FieldProblem>>; formError: ApiError | null };

type Props = {
  /** The commitment being edited, or null for a new one. */
  commitment: Commitment | null;
  organisations: Organisation[];
  cancelHref: string;
  onSaved: (saved: Commitment) => void;
  /** Fetches the latest version after a conflict (the page then re-creates this form). */
  onReload: () => void;
  labelledBy: string;
};

export function CommitmentForm({
  commitment,
  organisations,
  cancelHref,
  onSaved,
  onReload,
  labelledBy,
}: Props) {
  const { t } = useTranslation();
  const { maxDescriptionLen } = useAppInfo();
  const { frameworks, byFramework, defaultFramework } = useCatalogue();
  const labels = useLabels();
  const [draft, setDraft] = useState<Draft>(() => ({
    commitmentId: commitment?.commitmentId ?? "",
    title: commitment?.title ?? "",
    framework: commitment?.framework ?? defaultFramework?.code ?? "",
    type: commitment?.type ?? "",
    organisation: commitment?.organisation ?? organisations[0]?.code ?? "",
    description: commitment?.description ?? "",
    categories: commitment?.categories ?? [],
    tags: (commitment?.tags ?? []).join(", "),
  }));
  const [initiallyInferred] = useState(
    () => new Set(commitment?.categories.filter((l) => l.inferred).map((l) => l.code)),
  );
  const framework = byFramework.get(draft.framework);
  // A framework without types takes commitments without one (type "").
  const types = framework?.types ?? [];
  const [saving, setSaving] = useState(false);
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (input: CommitmentInput) =>
      commitment
        ? call("update_commitment", { id: commitment.id, expectedVersion: commitment.version, input })
        : call("create_commitment", input),
    onSuccess: (saved) => commitmentSaved(queryClient, saved),
  });
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  // Fields edited since the last attempt no longer show its complaint.
  const [touched, setTouched] = useState<ReadonlySet<Field>>(new Set());

  useEffect(() => {
    if (!attempt) return;
    const first = FIELDS.find((field) => field in attempt.problems);
    const target = document.getElementById(first ? `field-${first}` : "form-error");
    // A fieldset cannot take focus itself: its first checkbox does.
    const focusable = target instanceof HTMLFieldSetElement ? target.querySelector("input") : target;
    focusable?.focus();
  }, [attempt]);

  const problem = (field: Field) => (touched.has(field) ? undefined : attempt?.problems[field]);
  /** aria-invalid and aria-describedby for a field that may carry a hint and an error. */
  const described = (field: Field, hintId?: string) => {
    const ids = [hintId, problem(field) && `error-${field}`].filter(Boolean);
    return {
      "aria-invalid": problem(field) ? true : undefined,
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    };
  };
  const edit = (field: Field, patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((s) => new Set(s).add(field));
  };
  const fail = (next: Attempt) => {
    setAttempt(next);
    setTouched(new Set());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    // Only emptiness is checked here; every other rule is the server's to judge.
    const problems: Attempt["problems"] = {};
    if (!draft.commitmentId.trim()) problems.commitmentId = { required: true };
    if (types.length > 0 && !draft.type) problems.type = { required: true };
    if (!draft.description.trim()) problems.description = { required: true };
    if (Object.keys(problems).length > 0) {
      fail({ problems, formError: null });
      return;
    }
    const input: CommitmentInput = {
      ...draft,
      type: types.length > 0 ? draft.type : "",
      organisation: draft.organisation || null,
      framework: draft.framework || null,
      commitmentId: draft.commitmentId.trim(),
      title: draft.title.trim(),
      tags: parseTags(draft.tags),
    };
    setSaving(true);
    try {
      onSaved(await save.mutateAsync(input));
    } catch (err) {
      const error = err as ApiError; // call() rejects with nothing else
      fail(
        isField(error.field)
          ? { problems: { [error.field]: { message: error.message } }, formError: null }
          : { problems: {}, formError: error },
      );
      setSaving(false);
    }
  };

  const formError = attempt?.formError;
  const commitmentIdProblem = problem("commitmentId");
  const titleProblem = problem("title");
  const frameworkProblem = problem("framework");
  const typeProblem = problem("type");
  const organisationProblem = problem("organisation");
  const descriptionProblem = problem("description");
  const categoriesProblem = problem("categories");
  const tagsProblem = problem("tags");

  return (
    <form
      className="commitment-form"
      data-testid="commitment-form"
      noValidate
      aria-labelledby={labelledBy}
      onSubmit={submit}
    >
      {formError &&
        (formError.kind === "conflict" ? (
          <ErrorAlert id="form-error" error={formError} action={{ label: t("form.reload"), onClick: onReload }}>
            {t("form.conflict")}
          </ErrorAlert>
        ) : (
          <ErrorAlert id="form-error" error={formError}>
            {t("form.formError")}
          </ErrorAlert>
        ))}

      <div className="field">
        <label htmlFor="field-commitmentId">{t("form.commitmentId")}</label>
        <p id="hint-commitmentId" className="hint">
          {t("form.commitmentIdHint")}
        </p>
        <input
          id="field-commitmentId"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={draft.commitmentId}
          onChange={(e) => edit("commitmentId", { commitmentId: e.target.value })}
          {...described("commitmentId", "hint-commitmentId")}
        />
        {commitmentIdProblem && <FieldError field="commitmentId" problem={commitmentIdProblem} />}
      </div>

      <div className="field">
        <label htmlFor="field-title">{t("form.title")}</label>
        <p id="hint-title" className="hint">
          {t("form.titleHint")}
        </p>
        <input
          id="field-title"
          type="text"
          autoComplete="off"
          value={draft.title}
          onChange={(e) => edit("title", { title: e.target.value })}
          {...described("title", "hint-title")}
        />
        {titleProblem && <FieldError field="title" problem={titleProblem} />}
      </div>

      {/* With one framework there is nothing to choose (a refusal is still shown). */}
      {(frameworks.length > 1 || frameworkProblem) && (
        <div className="field">
          <label htmlFor="field-framework">{t("form.framework")}</label>
          <select
            id="field-framework"
            value={draft.framework}
            // Types and categories belong to a framework: they do not carry over to another.
            onChange={(e) => edit("framework", { framework: e.target.value, type: "", categories: [] })}
            {...described("framework")}
          >
            {frameworks.map((f) => (
              <option key={f.code} value={f.code}>
                {f.name} ({f.code})
              </option>
            ))}
          </select>
          {frameworkProblem && <FieldError field="framework" problem={frameworkProblem} />}
        </div>
      )}

      {(types.length > 0 || typeProblem) && (
        <div className="field">
          <label htmlFor="field-type">{t("form.type")}</label>
          <select
            id="field-type"
            value={draft.type}
            onChange={(e) => edit("type", { type: e.target.value })}
            {...described("type")}
          >
            <option value="">{t("form.chooseType")}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {labels.type(type)}
              </option>
            ))}
          </select>
          {typeProblem && <FieldError field="type" problem={typeProblem} />}
        </div>
      )}

      <div className="field">
        <label htmlFor="field-organisation">{t("form.organisation")}</label>
        <select
          id="field-organisation"
          value={draft.organisation}
          onChange={(e) => edit("organisation", { organisation: e.target.value })}
          {...described("organisation")}
        >
          {organisations.map((org) => (
            <option key={org.id} value={org.code}>
              {org.name} ({org.code})
            </option>
          ))}
        </select>
        {organisationProblem && <FieldError field="organisation" problem={organisationProblem} />}
      </div>

      <div className="field">
        <label htmlFor="field-description">{t("form.description")}</label>
        <p id="hint-description" className="hint">
          {t("form.descriptionHint")}
        </p>
        <textarea
          id="field-description"
          rows={8}
          value={draft.description}
          onChange={(e) => edit("description", { description: e.target.value })}
          {...described(
            "description",
            countShown(draft.description, maxDescriptionLen, "both")
              ? "hint-description count-description"
              : "hint-description",
          )}
        />
        <CharacterCount
          id="count-description"
          text={draft.description}
          max={maxDescriptionLen}
          trim="both"
        />
        {descriptionProblem && <FieldError field="description" problem={descriptionProblem} />}
      </div>

      {framework && framework.categories.length > 0 && (
        <fieldset
          id="field-categories"
          className="categories"
          aria-describedby={
            [
              "hint-categories",
              initiallyInferred.size > 0 && "hint-inferred",
              categoriesProblem && "error-categories",
            ]
              .filter(Boolean)
              .join(" ")
          }
        >
          <legend>{t("form.categories")}</legend>
          <p id="hint-categories" className="hint">
            {t("form.categoriesHint", { levels: framework.levels.join(" › ") })}
          </p>
          {initiallyInferred.size > 0 && (
            <p id="hint-inferred" className="hint">
              {t("form.inferredHint")}
            </p>
          )}
          {categoriesProblem && <FieldError field="categories" problem={categoriesProblem} />}
          <CategoryChecklist
            framework={framework}
            links={draft.categories}
            initiallyInferred={initiallyInferred}
            invalid={categoriesProblem !== undefined}
            onChange={(categories) => edit("categories", { categories })}
          />
        </fieldset>
      )}
      {/* A refusal about categories is shown even when the framework has none to tick. */}
      {!(framework && framework.categories.length > 0) && categoriesProblem && (
        <FieldError field="categories" problem={categoriesProblem} />
      )}

      <div className="field">
        <label htmlFor="field-tags">{t("form.tags")}</label>
        <p id="hint-tags" className="hint">
          {t("form.tagsHint")}
        </p>
        <input
          id="field-tags"
          type="text"
          className="wide"
          autoComplete="off"
          value={draft.tags}
          onChange={(e) => edit("tags", { tags: e.target.value })}
          {...described("tags", "hint-tags")}
        />
        {tagsProblem && <FieldError field="tags" problem={tagsProblem} />}
      </div>

      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t("form.saving") : t("form.save")}
        </button>
        <Link className="button secondary" to={cancelHref}>
          {t("form.cancel")}
        </Link>
      </div>
    </form>
  );
}
