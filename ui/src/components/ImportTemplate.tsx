import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { downloadText, type ApiError } from "../api";
import { apiQuery } from "../api/queries";
import { ErrorAlert } from "./ErrorAlert";

/** The columns of a CSV header line (the template's names hold no quotes or commas). */
const columnsOf = (content: string) =>
  (content.split(/\r?\n/, 1)[0] ?? "").split(",").map((c) => c.trim()).filter(Boolean);

/** A ready-made spreadsheet to fill in, and the columns it expects. */
export function ImportTemplate() {
  const { t } = useTranslation("exchange");
  const queryClient = useQueryClient();
  const template = useQuery(apiQuery("catalogue_template", {}));
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    setSaved(null);
    try {
      // The one shown, or (if it could not be read) asked again.
      const file =
        template.data ?? (await queryClient.fetchQuery(apiQuery("catalogue_template", {})));
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
