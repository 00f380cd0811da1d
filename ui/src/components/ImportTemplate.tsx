import { useState } from "react";
import { useTranslation } from "react-i18next";
import { call, downloadText, type ApiError } from "../api";
import { useQuery } from "../hooks/useQuery";
import { ErrorAlert } from "./ErrorAlert";

/** The columns of a CSV header line (the template's names hold no quotes or commas). */
const columnsOf = (content: string) =>
  (content.split(/\r?\n/, 1)[0] ?? "").split(",").map((c) => c.trim()).filter(Boolean);

/** A ready-made spreadsheet to fill in, and the columns it expects. */
export function ImportTemplate() {
  const { t } = useTranslation("exchange");
  const template = useQuery("catalogue_template", {});
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    setSaved(null);
    try {
      const file = template.data ?? (await call("catalogue_template", {}));
      downloadText(file.name, file.content);
      setSaved(file.name);
    } catch (err) {
      setError(err as ApiError);
    }
  };

  return (
    <div className="import-template">
      <button type="button" className="secondary" data-testid="import-template" onClick={() => void save()}>
        {t("import.template")}
      </button>
      {template.data && (
        <details>
          <summary>{t("import.templateColumns")}</summary>
          <p className="hint">{t("import.templateHint")}</p>
          <ul className="inline-list template-columns">
            {columnsOf(template.data.content).map((column) => (
              <li key={column} className="code">
                {column}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p className="template-saved" role="status" data-testid="import-template-status">
        {saved && t("import.templateSaved", { name: saved })}
      </p>
      {error && <ErrorAlert error={error}>{t("import.templateFailed")}</ErrorAlert>}
    </div>
  );
}
