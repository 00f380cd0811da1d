import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { call, type ApiError } from "../api";
import type { Commitment } from "../bindings/Commitment";
import type { CommitmentInput } from "../bindings/CommitmentInput";
import type { CommitmentType } from "../bindings/CommitmentType";
import type { Organisation } from "../bindings/Organisation";
import { COMMITMENT_TYPES, isCommitmentType, useCatalogue, useLabels } from "../catalogue";
import { useAppInfo } from "../session";
import { CharacterCount, countShown } from "./CharacterCount";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";
import { TransformationChecklist } from "./TransformationChecklist";

// In on-screen order, so that the first invalid one is the one that gets focus.
const FIELDS = [
  "commitmentId",
  "type",
  "organisation",
  "description",
  "coreResponsibilities",
  "transformations",
] as const;
type Field = (typeof FIELDS)[number];

function isField(name: string | null): name is Field {
  return (FIELDS as readonly (string | null)[]).includes(name);
}

type Draft = Omit<CommitmentInput, "type" | "organisation"> & {
  type: CommitmentType | "";
  organisation: string;
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
  const { coreResponsibilities } = useCatalogue();
  const labels = useLabels();
  const [draft, setDraft] = useState<Draft>(() => ({
    commitmentId: commitment?.commitmentId ?? "",
    type: commitment?.type ?? "",
    organisation: commitment?.organisation ?? organisations[0]?.code ?? "",
    description: commitment?.description ?? "",
    coreResponsibilities: commitment?.coreResponsibilities ?? [],
    transformations: commitment?.transformations ?? [],
  }));
  const [initiallyInferred] = useState(
    () => new Set(commitment?.transformations.filter((l) => l.inferred).map((l) => l.code)),
  );
  const [saving, setSaving] = useState(false);
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
    if (!draft.type) problems.type = { required: true };
    if (!draft.description.trim()) problems.description = { required: true };
    if (draft.type === "" || Object.keys(problems).length > 0) {
      fail({ problems, formError: null });
      return;
    }
    const input: CommitmentInput = {
      ...draft,
      type: draft.type,
      organisation: draft.organisation || null,
      commitmentId: draft.commitmentId.trim(),
      coreResponsibilities: [...draft.coreResponsibilities].sort((a, b) => a - b),
    };
    setSaving(true);
    try {
      const saved = commitment
        ? await call("update_commitment", {
            id: commitment.id,
            expectedVersion: commitment.version,
            input,
          })
        : await call("create_commitment", input);
      onSaved(saved);
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
  const typeProblem = problem("type");
  const organisationProblem = problem("organisation");
  const descriptionProblem = problem("description");
  const crProblem = problem("coreResponsibilities");
  const transformationsProblem = problem("transformations");

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
        <label htmlFor="field-type">{t("form.type")}</label>
        <select
          id="field-type"
          value={draft.type}
          onChange={(e) => {
            const type = e.target.value;
            edit("type", { type: isCommitmentType(type) ? type : "" });
          }}
          {...described("type")}
        >
          <option value="">{t("form.chooseType")}</option>
          {COMMITMENT_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`type.${type}`)}
            </option>
          ))}
        </select>
        {typeProblem && <FieldError field="type" problem={typeProblem} />}
      </div>

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

      <fieldset
        id="field-coreResponsibilities"
        className="checkbox-group"
        aria-describedby={crProblem ? "error-coreResponsibilities" : undefined}
      >
        <legend>{t("form.coreResponsibilities")}</legend>
        {crProblem && <FieldError field="coreResponsibilities" problem={crProblem} />}
        {coreResponsibilities.map((cr) => (
          <div key={cr.number} className="checkbox">
            <input
              id={`cr-${cr.number}`}
              type="checkbox"
              name="coreResponsibilities"
              value={cr.number}
              checked={draft.coreResponsibilities.includes(cr.number)}
              aria-invalid={crProblem ? true : undefined}
              onChange={(e) =>
                edit("coreResponsibilities", {
                  coreResponsibilities: e.target.checked
                    ? [...draft.coreResponsibilities, cr.number]
                    : draft.coreResponsibilities.filter((n) => n !== cr.number),
                })
              }
            />
            <label htmlFor={`cr-${cr.number}`}>{labels.coreResponsibility(cr.number)}</label>
          </div>
        ))}
      </fieldset>

      <fieldset
        id="field-transformations"
        className="transformations"
        aria-describedby={
          [
            initiallyInferred.size > 0 && "hint-transformations",
            transformationsProblem && "error-transformations",
          ]
            .filter(Boolean)
            .join(" ") || undefined
        }
      >
        <legend>{t("form.transformations")}</legend>
        {initiallyInferred.size > 0 && (
          <p id="hint-transformations" className="hint">
            {t("form.inferredHint")}
          </p>
        )}
        {transformationsProblem && (
          <FieldError field="transformations" problem={transformationsProblem} />
        )}
        <TransformationChecklist
          links={draft.transformations}
          initiallyInferred={initiallyInferred}
          invalid={transformationsProblem !== undefined}
          onChange={(transformations) => edit("transformations", { transformations })}
        />
      </fieldset>

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
