import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useReportRights } from "../account";
import type { ApiError } from "../api";
import { apiQuery, useApiMutation } from "../api/queries";
import type { Autosave } from "../bindings/Autosave";
import type { Commitment } from "../bindings/Commitment";
import type { Report } from "../bindings/Report";
import type { ReportInput } from "../bindings/ReportInput";
import { useAutosave } from "../hooks/useAutosave";
import { useDateFormat } from "../hooks/useDateFormat";
import {
  baseVersionOf,
  isEditable,
  BLANK_INPUT,
  contentOf,
  CONTENT_FIELDS,
  evidenceRowProblems,
  isContentField,
  isStatus,
  NARRATIVES,
  parseProgress,
  sameContent,
  STATUSES,
  toDraft,
  toInput,
  type ContentField,
  type EditorDraft,
  type EvidenceRowProblem,
} from "../reports";
import { AutosaveRecovery } from "./AutosaveRecovery";
import { ConfirmAction } from "./ConfirmAction";
import { Denied } from "./Denied";
import { ErrorAlert } from "./ErrorAlert";
import { EvidenceFields } from "./EvidenceFields";
import { FieldError, type FieldProblem } from "./FieldError";
import { MergeView } from "./MergeView";
import { NarrativeField } from "./NarrativeField";
import { ReturnComment } from "./ReturnComment";

/** Where an editor starts: which content, based on which saved version (null: a new report). */
export type EditorSeed = {
  input: ReportInput;
  baseVersion: number | null;
  /** The content is the person's own unsaved text (restored), so it is kept from the start. */
  unsaved: boolean;
  /** Move focus to the editor (it was opened by a button, not by loading the page). */
  focus: boolean;
};

type Attempt = {
  problems: Partial<Record<ContentField, FieldProblem>>;
  rowProblems: ReadonlyMap<number, EvidenceRowProblem>;
  formError: ApiError | null;
};
const NO_ROW_PROBLEMS: ReadonlyMap<number, EvidenceRowProblem> = new Map();
type Target = { kind: "create" } | { kind: "update"; id: string; version: number };

type Props = {
  commitment: Commitment;
  year: number;
  /** The saved report as the server has it now (it follows colleagues' changes), or null
   * while none exists. */
  report: Report | null;
  seed: EditorSeed;
  /** Kept text to offer back, if any (it differs from the saved content). */
  recovery: Autosave | null;
  onRecoveryDone: () => void;
  onSaved: (report: Report) => void;
  onCancel: () => void;
};

export function ReportEditor({
  commitment,
  year,
  report,
  seed,
  recovery,
  onRecoveryDone,
  onSaved,
  onCancel,
}: Props) {
  const { t } = useTranslation();
  const { t: tw } = useTranslation("work");
  const { time } = useDateFormat();
  const rights = useReportRights(commitment.id);
  // Whether the account lost the right to write while editing (unassigned, say): then saving
  // is not offered, and the text stays on screen.
  const writeDenied = rights.known ? rights.write : null;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [draft, setDraft] = useState<EditorDraft>(() => toDraft(seed.input));
  const [base, setBase] = useState<number | null>(seed.baseVersion);
  // Whether the draft holds anything the person typed (or restored): only then is it kept.
  const [typed, setTyped] = useState(seed.unsaved);
  const [saving, setSaving] = useState(false);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<ContentField>>(new Set());
  const [merge, setMerge] = useState<{ mine: ReportInput; theirs: Report } | null>(null);
  const [merged, setMerged] = useState<ReportInput | null>(null);
  // The content revision when the editor opened: a newer one means someone saved content,
  // the same one with a newer version a review step.
  const [openedRevision] = useState(report?.revision ?? null);
  const prefill = useQuery(
    apiQuery("prefill_report", report ? null : { commitment: commitment.id, year }),
  );
  const queryClient = useQueryClient();
  const createReport = useApiMutation("create_report", "report");
  const updateReport = useApiMutation("update_report", "report");
  const discardKeptText = useApiMutation("autosave_discard", "autosave");

  // While merging, the merged text (once the person chose something) is what is kept, based on
  // the version it was merged with; before that, their own text on its own base.
  const keptInput = merge ? (merged ?? merge.mine) : typed ? toInput(draft) : null;
  const autosave = useAutosave(
    {
      commitment: commitment.id,
      year,
      reportId: merge && merged ? merge.theirs.id : (report?.id ?? null),
      baseVersion: merge && merged ? merge.theirs.version : base,
    },
    keptInput,
  );

  useEffect(() => {
    if (seed.focus) headingRef.current?.focus();
  }, [seed.focus]);

  useEffect(() => {
    if (!attempt) return;
    const first = CONTENT_FIELDS.find(
      (field) => field in attempt.problems || (field === "evidence" && attempt.rowProblems.size > 0),
    );
    const [row, rowProblem] = [...attempt.rowProblems][0] ?? [];
    const target =
      first === "evidence" && rowProblem
        ? document.getElementById(`evidence-${rowProblem.input}-${row}`)
        : document.getElementById(first ? `field-${first}` : "editor-error");
    const focusable =
      target instanceof HTMLFieldSetElement ? target.querySelector("input, button") : target;
    (focusable as HTMLElement | null)?.focus();
  }, [attempt]);

  const problem = (field: ContentField) => (touched.has(field) ? undefined : attempt?.problems[field]);
  const described = (field: ContentField, hint?: string) => {
    const ids = [hint, problem(field) && `error-${field}`].filter(Boolean);
    return {
      "aria-invalid": problem(field) ? true : undefined,
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    };
  };
  const edit = (field: ContentField, patch: Partial<EditorDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setTouched((s) => new Set(s).add(field));
    setTyped(true);
  };
  const fail = (next: Attempt) => {
    setAttempt(next);
    setTouched(new Set());
  };

  /** Saves `input`; on a conflict (or a report created meanwhile) opens the merge view. */
  const persist = async (input: ReportInput, target: Target): Promise<ApiError | null> => {
    setSaving(true);
    await autosave.pause();
    try {
      const saved =
        target.kind === "create"
          ? await createReport.mutateAsync({ commitment: commitment.id, year, input })
          : await updateReport.mutateAsync({ id: target.id, expectedVersion: target.version, input });
      onSaved(saved);
      return null;
    } catch (err) {
      const error = err as ApiError;
      setSaving(false);
      if (error.kind === "conflict" || (error.kind === "duplicate" && error.field === "year")) {
        const theirs = await queryClient
          .fetchQuery(apiQuery("find_report", { commitment: commitment.id, year }))
          .catch(() => null);
        if (theirs) {
          setMerge({ mine: input, theirs });
          setMerged(null);
          void autosave.resume();
          return null;
        }
      }
      void autosave.resume();
      return error;
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    const problems: Attempt["problems"] = {};
    if (!draft.status) problems.status = { required: true };
    if (parseProgress(draft.progress) === "invalid") {
      problems.progress = { message: t("editor.progressInvalid") };
    }
    const rowProblems = evidenceRowProblems(draft.evidence);
    if (Object.keys(problems).length > 0 || rowProblems.size > 0) {
      fail({ problems, rowProblems, formError: null });
      return;
    }
    const target: Target =
      base === null || !report
        ? { kind: "create" }
        : { kind: "update", id: report.id, version: base };
    const error = await persist(toInput(draft), target);
    if (error) {
      fail(
        isContentField(error.field)
          ? {
              problems: { [error.field]: { message: error.message } },
              rowProblems: NO_ROW_PROBLEMS,
              formError: null,
            }
          : { problems: {}, rowProblems: NO_ROW_PROBLEMS, formError: error },
      );
    }
  };

  const restoreKept = (kept: Autosave) => {
    setDraft(toDraft(kept.input));
    setBase(baseVersionOf(kept, report));
    setTyped(true);
    setAttempt(null);
    onRecoveryDone();
    headingRef.current?.focus();
  };
  const discardKept = async () => {
    await autosave.pause();
    await discardKeptText.mutateAsync({ commitment: commitment.id, year }).catch(() => false);
    onRecoveryDone();
    // This editor's own text, if any, is kept again.
    void autosave.resume();
  };
  const cancel = async () => {
    await autosave.pause();
    if (typed) {
      await discardKeptText.mutateAsync({ commitment: commitment.id, year }).catch(() => false);
    }
    onCancel();
  };

  const startFromLastYear = (input: ReportInput) => {
    setDraft(toDraft(input));
    setTyped(true);
    setAttempt(null);
    document.getElementById("field-status")?.focus();
  };

  if (merge) {
    return (
      <MergeView
        key={`${merge.theirs.id}@${merge.theirs.version}`}
        mine={merge.mine}
        theirs={contentOf(merge.theirs)}
        savedBy={{ name: merge.theirs.updatedBy, at: merge.theirs.updatedAt }}
        onChange={setMerged}
        onBack={() => {
          setMerge(null);
          setMerged(null);
        }}
        onSave={(input) =>
          persist(input, { kind: "update", id: merge.theirs.id, version: merge.theirs.version })
        }
      />
    );
  }

  const formError = attempt?.formError;
  // The report changed under the person since the version their text is based on (a
  // colleague saved or moved it along the review): their text stays, and saving will open
  // the merge view; they can compare now.
  const changedUnder = report !== null && report.version !== base && !saving;
  const compare = () => {
    if (!report) return;
    setMerge({ mine: toInput(draft), theirs: report });
    setMerged(null);
  };
  const errorAtTop = formError && formError.kind !== "forbidden";
  const errorAtSave = formError && formError.kind === "forbidden";
  const draftIsBlank = sameContent(toInput(draft), BLANK_INPUT);
  const status = autosave.status;
  const statusProblem = problem("status");
  const progressProblem = problem("progress");
  const tagsProblem = problem("tags");

  return (
    <form
      // A returned report's comment stands beside the fields on a wide screen (app.css).
      className={report?.reviewState === "Returned" ? "report-editor has-aside" : "report-editor"}
      data-testid="report-editor"
      noValidate
      aria-labelledby="editor-heading"
      onSubmit={submit}
    >
      <h2 id="editor-heading" ref={headingRef} tabIndex={-1}>
        {report ? t("editor.editTitle", { year }) : t("editor.newTitle", { year })}
      </h2>

      {recovery && (
        <AutosaveRecovery
          kept={recovery}
          onRestore={() => restoreKept(recovery)}
          onDiscard={() => void discardKept()}
        />
      )}

      {!report && prefill.data && (
        <div className="prefill">
          {draftIsBlank ? (
            <button type="button" data-testid="prefill" onClick={() => prefill.data && startFromLastYear(prefill.data)}>
              {t("editor.prefill")}
            </button>
          ) : (
            <ConfirmAction
              label={t("editor.prefill")}
              prompt={t("editor.confirmPrefill")}
              confirmLabel={t("editor.confirmPrefillButton")}
              testId="prefill"
              onConfirm={() => prefill.data && startFromLastYear(prefill.data)}
            />
          )}
          <p className="hint">{t("editor.prefillHint")}</p>
        </div>
      )}

      {report?.reviewState === "Returned" && (
        <div className="note returned-note" data-testid="editor-returned">
          <ReturnComment report={report} />
          <p>{t("editor.returnedNote")}</p>
        </div>
      )}

      {changedUnder && (
        <div className="note" role="status" data-testid="changed-under">
          <p>
            {tw(
              openedRevision === null || report.revision !== openedRevision
                ? "changedUnder.saved"
                : "changedUnder.changed",
              { name: report.updatedBy, time: time(report.updatedAt) },
            )}{" "}
            {!isEditable(report.reviewState) &&
              tw("changedUnder.locked", { state: t(`reviewState.${report.reviewState}`) })}
          </p>
          <button type="button" data-testid="compare-theirs" onClick={compare}>
            {tw("changedUnder.compare")}
          </button>
        </div>
      )}

      {errorAtTop && (
        <ErrorAlert id="editor-error" error={formError}>
          {formError.kind === "locked" ? t("editor.locked") : t("editor.saveFailed")}
        </ErrorAlert>
      )}

      <div className="field-row">
        <div className="field">
          <label htmlFor="field-status">{t("report.field.status")}</label>
          <p id="hint-status" className="hint">
            {t("editor.hint.status")}
          </p>
          <select
            id="field-status"
            value={draft.status}
            onChange={(e) => {
              const value = e.target.value;
              edit("status", { status: isStatus(value) ? value : "" });
            }}
            {...described("status", "hint-status")}
          >
            <option value="">{t("editor.chooseStatus")}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
          {statusProblem && <FieldError field="status" problem={statusProblem} />}
        </div>
        <div className="field">
          <label htmlFor="field-progress">{t("editor.progress")}</label>
          <p id="hint-progress" className="hint">
            {t("editor.hint.progress")}
          </p>
          <input
            id="field-progress"
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            step={1}
            value={draft.progress}
            onChange={(e) => edit("progress", { progress: e.target.value })}
            {...described("progress", "hint-progress")}
          />
          {progressProblem && <FieldError field="progress" problem={progressProblem} />}
        </div>
      </div>

      {NARRATIVES.map((field) => (
        <NarrativeField
          key={field}
          field={field}
          value={draft[field]}
          problem={problem(field)}
          onChange={(value) => edit(field, { [field]: value })}
        />
      ))}

      <EvidenceFields
        rows={draft.evidence}
        problem={problem("evidence")}
        rowProblems={touched.has("evidence") ? NO_ROW_PROBLEMS : (attempt?.rowProblems ?? NO_ROW_PROBLEMS)}
        onChange={(evidence) => edit("evidence", { evidence })}
      />

      <div className="field">
        <label htmlFor="field-tags">{t("report.field.tags")}</label>
        <p id="hint-tags" className="hint">
          {t("editor.hint.tags")}
        </p>
        <input
          id="field-tags"
          type="text"
          className="wide"
          value={draft.tags}
          onChange={(e) => edit("tags", { tags: e.target.value })}
          {...described("tags", "hint-tags")}
        />
        {tagsProblem && <FieldError field="tags" problem={tagsProblem} />}
      </div>

      <p className="autosave-status" role="status" data-testid="autosave-status">
        {status.state === "kept"
          ? t("autosave.keptAt", { time: time(status.savedAt) })
          : status.state === "failed"
            ? status.error.kind === "forbidden"
              ? tw("autosaveRefused", { message: status.error.message })
              : t("autosave.failed", { message: status.error.message })
            : typed
              ? ""
              : t("autosave.idle")}
      </p>

      {errorAtSave && (
        <ErrorAlert id="editor-error" error={formError}>
          {t("editor.saveFailed")}
        </ErrorAlert>
      )}
      {writeDenied && <Denied id="denied-save" reason={writeDenied} action="write" />}
      <div className="actions">
        <button
          type="submit"
          className="primary"
          data-testid="editor-save"
          disabled={saving || writeDenied !== null}
          aria-describedby={writeDenied ? "denied-save" : undefined}
        >
          {saving ? t("editor.saving") : t("editor.save")}
        </button>
        {typed ? (
          <ConfirmAction
            label={t("editor.cancel")}
            prompt={t("editor.confirmCancel")}
            confirmLabel={t("editor.confirmCancelButton")}
            keepLabel={t("editor.keepEditing")}
            className="secondary"
            testId="editor-cancel"
            onConfirm={() => void cancel()}
          />
        ) : (
          <button type="button" className="secondary" data-testid="editor-cancel" onClick={onCancel}>
            {t("editor.cancel")}
          </button>
        )}
      </div>
    </form>
  );
}
