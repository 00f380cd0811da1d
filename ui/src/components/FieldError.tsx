import { useTranslation } from "react-i18next";

/** What is wrong with one form field: it is empty, or the server said why it refused it. */
export type FieldProblem = { required: true } | { message: string };

/** Rendered under its field, which points here with aria-describedby="error-<field>". */
export function FieldError({ field, problem }: { field: string; problem: FieldProblem }) {
  const { t } = useTranslation();
  const message = "message" in problem ? problem.message : t("form.required");
  return (
    <p id={`error-${field}`} className="field-error">
      {t("form.fieldError", { message })}
    </p>
  );
}
