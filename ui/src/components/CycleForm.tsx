import { useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { useApiMutation } from "../api/queries";
import { ErrorAlert } from "./ErrorAlert";
import { FieldError, type FieldProblem } from "./FieldError";

type Props = {
  year: number;
  /** The current deadline when the cycle is open (the form then moves it). */
  deadline: string | null;
};

/**
 * Coordinators: open a year's reporting cycle with a deadline, or move the deadline. The
 * dashboard around it is asked again once saved (the mutation invalidates what a cycle changes).
 */
export function CycleForm({ year, deadline }: Props) {
  const { t } = useTranslation("status");
  const [value, setValue] = useState(deadline ?? "");
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const moving = deadline !== null;
  const openCycle = useApiMutation("open_cycle", "cycle");

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setFormError(null);
    if (!value) {
      setProblem({ required: true });
      inputRef.current?.focus();
      return;
    }
    setProblem(null);
    setSaving(true);
    try {
      await openCycle.mutateAsync({ year, deadline: value });
    } catch (err) {
      const error = err as ApiError;
      if (error.field === "deadline") {
        setProblem({ message: error.message });
        inputRef.current?.focus();
      } else {
        setFormError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="cycle-form" data-testid="cycle-form" noValidate onSubmit={submit}>
      {formError && (
        <ErrorAlert error={formError}>
          {moving ? t("cycle.moveFailed") : t("cycle.openFailed", { year })}
        </ErrorAlert>
      )}
      <label htmlFor="cycle-deadline" className="cycle-label">
        {t("cycle.deadline")}
      </label>
      <input
        ref={inputRef}
        id="cycle-deadline"
        type="date"
        required
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${hintId} error-cycle-deadline` : hintId}
      />
      <button type="submit" className="primary" data-testid="cycle-submit" disabled={saving}>
        {saving ? t("cycle.saving") : moving ? t("cycle.move") : t("cycle.open", { year })}
      </button>
      {problem && <FieldError field="cycle-deadline" problem={problem} />}
      <p className="hint cycle-hint" id={hintId}>
        {t("cycle.deadlineHint", { year })}
      </p>
    </form>
  );
}
