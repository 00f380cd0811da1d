import { useQuery } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { download, isDesktop, saveFile, type ApiError } from "../api";
import { apiQuery, useApiMutation } from "../api/queries";
import type { CommitmentFilter } from "../bindings/CommitmentFilter";
import type { ExportFormat } from "../bindings/ExportFormat";
import type { ExportScope } from "../bindings/ExportScope";
import type { Progress } from "../bindings/Progress";
import { NO_FILTERS, readFilters, toCommitmentFilter, type Filters } from "../filters";
import { useAppInfo, useReportingYears } from "../session";
import { ErrorAlert } from "./ErrorAlert";
import { ExportFilterOption } from "./ExportFilterOption";
import { ExportProgress } from "./ExportProgress";
import { ExportResult, type ExportDone } from "./ExportResult";
import { FieldError, type FieldProblem } from "./FieldError";

/** Every format, in menu order; a Record so that tsc fails when the server gains one. */
const FORMATS: Record<ExportFormat, { extension: string; kind: "table" | "bundle" | "annual" }> = {
  Csv: { extension: "csv", kind: "table" },
  Xlsx: { extension: "xlsx", kind: "table" },
  Pdf: { extension: "pdf", kind: "annual" },
  Markdown: { extension: "md", kind: "annual" },
  Json: { extension: "json", kind: "bundle" },
};
const FORMAT_LIST = Object.keys(FORMATS) as ExportFormat[];
const isFormat = (value: string): value is ExportFormat => value in FORMATS;

/** How often a running export is asked how far it is. */
const POLL_MS = 300;

/** Where the catalogue keeps its last filter query (see filters.ts). */
const CATALOGUE_SEARCH_KEY = "ct.catalogueSearch";

/** The filters the catalogue was last showing, or null when it showed everything. */
function catalogueFilters(): Filters | null {
  const saved = sessionStorage.getItem(CATALOGUE_SEARCH_KEY);
  if (!saved) return null;
  const filters = readFilters(new URLSearchParams(saved));
  const any =
    filters.q.trim() !== "" ||
    filters.type !== null ||
    filters.framework !== null ||
    filters.category !== null ||
    filters.retired;
  return any ? filters : null;
}

/** The name the window's save dialog proposes (the server names browser downloads alike). */
function defaultName(format: ExportFormat, from: number, to: number): string {
  switch (format) {
    case "Json":
      return "commitment-tracker-bundle.json";
    case "Markdown":
    case "Pdf":
      return `annual-report-${to}.${FORMATS[format].extension}`;
    default:
      return `reports-${from === to ? from : `${from}-${to}`}.${FORMATS[format].extension}`;
  }
}

type Run = { jobId: string; cancelling: boolean };
type Notice = "cancelled" | "saveCancelled";
type YearField = "export-from" | "export-to";

/**
 * Exports reports: a span of years as CSV or Excel, one year's annual report as text or PDF, or
 * everything as a bundle. Shows the progress of the running export, which can be cancelled.
 */
export function ExportSection() {
  const { t } = useTranslation("exchange");
  const { currentYear } = useAppInfo();
  const years = useReportingYears();
  // Read once: the catalogue cannot change its filters while this page is open.
  const [saved] = useState(catalogueFilters);
  const [format, setFormat] = useState<ExportFormat>("Csv");
  const [from, setFrom] = useState(currentYear);
  const [to, setTo] = useState(currentYear);
  const [useFilters, setUseFilters] = useState(false);
  const [bom, setBom] = useState(false);
  const [run, setRun] = useState<Run | null>(null);
  const [done, setDone] = useState<ExportDone | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [yearProblem, setYearProblem] = useState<{ field: YearField; problem: FieldProblem } | null>(
    null,
  );
  const kind = FORMATS[format].kind;
  const jobId = run?.jobId ?? null;
  // Writing a file changes nothing that any view shows.
  const exportFile = useApiMutation("export_file", null);
  const cancelJob = useApiMutation("cancel_job", null);

  // While an export runs, ask how far it is, one question at a time (a poll still on its way
  // when the next is due is not asked again); it stops when the export ends (no job). The job
  // answers null before it has started and once it has ended: the bar keeps the last progress.
  // A missed answer only delays the bar; the export itself reports its own failure.
  const polled = useQuery({
    ...apiQuery("job_progress", jobId ? { jobId } : null),
    refetchInterval: POLL_MS,
    structuralSharing: (before: unknown, after: unknown) => after ?? before ?? null,
  });
  const progress: Progress | null = polled.data ?? null;

  useEffect(() => {
    if (yearProblem) document.getElementById(yearProblem.field)?.focus();
    else if (error) document.getElementById("export-error")?.focus();
  }, [error, yearProblem]);

  const scope = (): ExportScope => {
    const all: CommitmentFilter = { ...toCommitmentFilter(NO_FILTERS), includeRetired: kind === "table" };
    const filter = useFilters && saved ? toCommitmentFilter(saved) : all;
    switch (kind) {
      case "bundle":
        return { fromYear: null, toYear: null, filter: toCommitmentFilter(NO_FILTERS) };
      case "annual":
        return { fromYear: to, toYear: to, filter };
      default:
        return { fromYear: from, toYear: to, filter };
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (run) return;
    setError(null);
    setNotice(null);
    setDone(null);
    setYearProblem(null);
    if (kind === "table" && from > to) {
      setYearProblem({ field: "export-from", problem: { message: t("export.fromAfterTo") } });
      return;
    }
    let path: string | null = null;
    if (isDesktop()) {
      try {
        path = await saveFile({
          defaultName: defaultName(format, from, to),
          extension: FORMATS[format].extension,
        });
      } catch (err) {
        setError(err as ApiError);
        return;
      }
      if (!path) {
        setNotice("saveCancelled");
        return;
      }
    }
    const id = crypto.randomUUID();
    setRun({ jobId: id, cancelling: false });
    try {
      const outcome = await exportFile.mutateAsync({
        jobId: id,
        format,
        scope: scope(),
        path,
        bom: format === "Csv" && bom,
      });
      if (outcome.downloadId !== null) await download(outcome.downloadId, outcome.fileName);
      setDone({ outcome, format, downloaded: outcome.downloadId !== null });
    } catch (err) {
      const failure = err as ApiError;
      if (failure.kind === "cancelled") {
        setNotice("cancelled");
      } else if (failure.field === "fromYear" || failure.field === "toYear") {
        setYearProblem({
          field: failure.field === "fromYear" && kind === "table" ? "export-from" : "export-to",
          problem: { message: failure.message },
        });
      } else {
        setError(failure);
      }
    } finally {
      setRun(null);
    }
  };

  const cancel = () => {
    if (!run) return;
    setRun({ ...run, cancelling: true });
    cancelJob.mutateAsync({ jobId: run.jobId }).catch((err: ApiError) => setError(err));
  };

  const problemOf = (field: YearField) =>
    yearProblem?.field === field ? yearProblem.problem : null;
  const yearSelect = (id: YearField, label: string, value: number, set: (year: number) => void) => {
    const problem = problemOf(id);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `error-${id}` : undefined}
          onChange={(e) => {
            set(Number(e.target.value));
            setYearProblem(null);
          }}
        >
          {years.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
        {problem && <FieldError field={id} problem={problem} />}
      </div>
    );
  };

  return (
    <section className="exchange-section" data-testid="export-section" aria-labelledby="export-heading">
      <h2 id="export-heading">{t("export.heading")}</h2>
      <form className="export-form" noValidate aria-label={t("export.label")} onSubmit={submit}>
        <div className="field">
          <label htmlFor="export-format">{t("export.format")}</label>
          <select
            id="export-format"
            value={format}
            aria-describedby="export-format-hint"
            onChange={(e) => {
              if (isFormat(e.target.value)) setFormat(e.target.value);
              setYearProblem(null);
            }}
          >
            {FORMAT_LIST.map((f) => (
              <option key={f} value={f}>
                {t(`export.formats.${f}`)}
              </option>
            ))}
          </select>
          <p id="export-format-hint" className="hint">
            {t(`export.formatHint.${format}`)}
          </p>
        </div>

        {kind === "table" && (
          <fieldset className="export-years">
            <legend>{t("export.years")}</legend>
            <div className="field-row">
              {yearSelect("export-from", t("export.from"), from, setFrom)}
              {yearSelect("export-to", t("export.to"), to, setTo)}
            </div>
          </fieldset>
        )}
        {kind === "annual" && yearSelect("export-to", t("export.reportYear"), to, setTo)}

        {kind !== "bundle" && (
          <ExportFilterOption
            filters={saved}
            checked={useFilters}
            onChange={setUseFilters}
            allIncludesRetired={kind === "table"}
          />
        )}

        {format === "Csv" && (
          <div className="checkbox">
            <input
              id="export-bom"
              type="checkbox"
              checked={bom}
              aria-describedby="export-bom-hint"
              onChange={(e) => setBom(e.target.checked)}
            />
            <div>
              <label htmlFor="export-bom">{t("export.bom")}</label>
              <p id="export-bom-hint" className="hint">
                {t("export.bomHint")}
              </p>
            </div>
          </div>
        )}

        <div className="actions">
          <button type="submit" className="primary" data-testid="export-run" disabled={run !== null}>
            {run ? t("export.running") : t("export.run")}
          </button>
        </div>
      </form>

      {run && (
        <ExportProgress progress={progress} cancelling={run.cancelling} onCancel={cancel} />
      )}
      <p className="flash" role="status" data-testid="export-notice">
        {notice && t(`export.${notice}`)}
      </p>
      {error && (
        <ErrorAlert id="export-error" error={error}>
          {t("export.failed")}
        </ErrorAlert>
      )}
      {done && <ExportResult {...done} />}
    </section>
  );
}
