import { commitmentHref } from "../addresses";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { apiQuery, useApiMutation } from "../api/queries";
import type { Autosave } from "../bindings/Autosave";
import type { Commitment } from "../bindings/Commitment";
import type { Report } from "../bindings/Report";
import {
  baseVersionOf,
  BLANK_INPUT,
  contentOf,
  isWorthRecovering,
  type ReportChange,
} from "../reports";
import { useReportRights } from "../account";
import { AuditLog } from "./AuditLog";
import { AutosaveRecovery } from "./AutosaveRecovery";
import { Denied } from "./Denied";
import { ReportEditor, type EditorSeed } from "./ReportEditor";
import { ReportView } from "./ReportView";
import { ReviewActions } from "./ReviewActions";
import { ReviewHistory } from "./ReviewHistory";
import { RevisionHistory } from "./RevisionHistory";
import { Tabs } from "./Tabs";

type Props = {
  commitment: Commitment;
  year: number;
  /** The report as loaded with the page (null: none written yet). */
  initialReport: Report | null;
  /** Text kept by the autosave when the page opened. */
  initialKept: Autosave | null;
};

/**
 * One commitment's report for one year: the read view with its review actions and history, or
 * the editor. Owns the report as last seen, so every action is based on the right version.
 */
export function ReportWorkspace({ commitment, year, initialReport, initialKept }: Props) {
  const { t } = useTranslation();
  const { t: tw } = useTranslation("work");
  const navigate = useNavigate();
  const rights = useReportRights(commitment.id);
  // Whether the account could write when the page learnt its rights: an editor it started
  // stays open (with its text) even if the right is lost meanwhile; the editor says why it
  // cannot save.
  const [deniedAtStart, setDeniedAtStart] = useState<boolean | null>(null);
  if (deniedAtStart === null && rights.known) setDeniedAtStart(rights.write !== null);
  const [own, setReport] = useState(initialReport);
  // The report as the server has it now: asked again whenever reports change (a colleague's
  // save or review step, announced on a team server). The read view follows it; an open
  // editor keeps the person's text and says what changed (ReportEditor).
  const latest = useQuery(apiQuery("find_report", { commitment: commitment.id, year })).data;
  const report = newer(latest, own);
  const [kept, setKept] = useState(() =>
    isWorthRecovering(initialKept, initialReport) ? initialKept : null,
  );
  // A new key for every opening, so each editor starts from its own seed.
  const [editor, setEditor] = useState<{ key: number; seed: EditorSeed } | null>(() =>
    initialReport
      ? null
      : { key: 0, seed: { input: BLANK_INPUT, baseVersion: null, unsaved: false, focus: false } },
  );
  const [message, setMessage] = useState("");
  const viewHeading = useRef<HTMLHeadingElement>(null);
  const [focusView, setFocusView] = useState(0);
  const discardKeptText = useApiMutation("autosave_discard", "autosave");

  useEffect(() => {
    if (focusView > 0) viewHeading.current?.focus();
  }, [focusView]);

  const openEditor = (seed: Omit<EditorSeed, "focus">) => {
    setMessage("");
    setEditor((e) => ({ key: (e?.key ?? 0) + 1, seed: { ...seed, focus: true } }));
  };
  const changed = (next: Report, change: ReportChange) => {
    setReport(next);
    setEditor(null);
    setMessage(t(`report.changed.${change}`));
    setFocusView((n) => n + 1);
  };

  const restoreKept = (k: Autosave) => {
    setKept(null);
    openEditor({ input: k.input, baseVersion: baseVersionOf(k, report), unsaved: true });
  };
  const discardKept = () => {
    setKept(null);
    discardKeptText.mutate({ commitment: commitment.id, year });
  };

  // An editor shows once the rights are known, unless the account may not write (then a
  // report that appears meanwhile is shown to read).
  const editorShown = editor !== null && deniedAtStart !== null && !(deniedAtStart && rights.write);
  // No report yet, and this account may not write one: say so instead of an empty editor.
  if (editor && !report && !editorShown) {
    return rights.write && deniedAtStart ? (
      <div className="notice" data-testid="no-report">
        <p>{tw("noReport", { year })}</p>
        <Denied reason={rights.write} action="write" />
      </div>
    ) : (
      <p role="status">{t("app.loading")}</p>
    );
  }
  if (editor && editorShown) {
    return (
      <ReportEditor
        key={editor.key}
        commitment={commitment}
        year={year}
        report={report}
        seed={editor.seed}
        recovery={kept}
        onRecoveryDone={() => setKept(null)}
        onSaved={(saved) => {
          // The server dropped the kept text with the save.
          setKept(null);
          changed(saved, "save");
        }}
        onCancel={() => {
          if (report) {
            setEditor(null);
            setFocusView((n) => n + 1);
          } else {
            navigate(commitmentHref(commitment));
          }
        }}
      />
    );
  }
  if (!report) return null;

  return (
    <>
      <p className="flash" role="status" data-testid="report-message">
        {message}
      </p>
      {kept && (
        <AutosaveRecovery kept={kept} onRestore={() => restoreKept(kept)} onDiscard={discardKept} />
      )}
      <ReviewActions
        report={report}
        onEdit={() =>
          openEditor({ input: contentOf(report), baseVersion: report.version, unsaved: false })
        }
        onChanged={changed}
      />
      <ReportView report={report} headingRef={viewHeading} />
      <h2>{t("report.historyHeading")}</h2>
      <Tabs
        label={t("report.historyHeading")}
        tabs={[
          {
            id: "history",
            label: t("report.tab.history"),
            render: () => <RevisionHistory report={report} onChanged={changed} />,
          },
          {
            id: "review",
            label: t("report.tab.review"),
            render: () => <ReviewHistory report={report} />,
          },
          {
            id: "activity",
            label: t("report.tab.activity"),
            render: () => (
              <AuditLog
                query={{ commitment: null, entity: report.id, limit: 200 }}
                testId="report-activity"
              />
            ),
          },
        ]}
      />
    </>
  );
}

/** The newer of two copies of one report (the one fetched last may be older than one just
 * returned by an action of this page). */
function newer(fetched: Report | null | undefined, own: Report | null): Report | null {
  if (!fetched) return own;
  if (!own) return fetched;
  return fetched.id === own.id && fetched.version > own.version ? fetched : own;
}
