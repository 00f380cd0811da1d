import { useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { browserFileSource, isDesktop, isApiError, openFile, type ApiError } from "../api";
import type { FileSource } from "../bindings/FileSource";
import { FieldError, type FieldProblem } from "./FieldError";

type Props = {
  /** The control's id (`#import-file`); its error is `#error-<id>`. */
  id: string;
  label: string;
  /** Without dots: ["csv", "xlsx"]. */
  extensions: string[];
  chosen: FileSource | null;
  onChoose: (source: FileSource) => void;
  onError: (error: ApiError) => void;
  problem?: FieldProblem | null | undefined;
  hint?: string | undefined;
  disabled?: boolean | undefined;
};

const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

/**
 * Chooses one file to import. In the window: the native open dialog, and the server reads the
 * path. In a browser: the page reads the file and sends its content (a team server's page
 * uploads it first). Choosing the same file again (after fixing it) is a new choice.
 */
export function FileChooser({
  id,
  label,
  extensions,
  chosen,
  onChoose,
  onError,
  problem,
  hint,
  disabled,
}: Props) {
  const { t } = useTranslation("exchange");
  const [reading, setReading] = useState(false);
  const labelId = `${id}-label`;
  const chosenId = `${id}-chosen`;
  const hintId = `${id}-hint`;
  const describedBy = [chosenId, hint && hintId, problem && `error-${id}`].filter(Boolean).join(" ");
  const fail = (e: unknown) =>
    onError(isApiError(e) ? e : { kind: "io", message: String(e), field: "file" });

  const pick = async () => {
    try {
      const path = await openFile({ extensions });
      if (path) onChoose({ name: baseName(path), path, contentBase64: null });
    } catch (e) {
      fail(e);
    }
  };

  const read = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setReading(true);
    try {
      onChoose(await browserFileSource(file));
    } catch (err) {
      fail(err);
    } finally {
      setReading(false);
      // Emptied so that choosing the same file again (once fixed) counts as a new choice.
      input.value = "";
    }
  };

  return (
    <div className="field file-chooser">
      <span id={labelId} className="field-label">
        {label}
      </span>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <div className="file-row">
        {isDesktop() ? (
          <button
            type="button"
            id={id}
            className="secondary"
            aria-labelledby={`${labelId} ${id}`}
            aria-describedby={describedBy}
            disabled={disabled}
            onClick={() => void pick()}
          >
            {t("file.choose")}
          </button>
        ) : (
          <>
            <input
              type="file"
              id={id}
              className="file-input visually-hidden"
              accept={extensions.map((e) => `.${e}`).join(",")}
              aria-labelledby={labelId}
              aria-describedby={describedBy}
              aria-invalid={problem ? true : undefined}
              disabled={disabled || reading}
              onChange={(e) => void read(e)}
            />
            <label htmlFor={id} className="button secondary file-button" aria-hidden="true">
              {t("file.choose")}
            </label>
          </>
        )}
        <span id={chosenId} className="file-chosen" data-testid={`${id}-chosen`}>
          {reading
            ? t("file.reading")
            : chosen
              ? t("file.chosen", { name: chosen.path ?? chosen.name })
              : t("file.none")}
        </span>
      </div>
      {problem && <FieldError field={id} problem={problem} />}
    </div>
  );
}
