// Report content as the editor holds it, and the comparisons the recovery banner and the merge
// view rely on. The server judges every rule; these only convert and compare.
import { isSafeUrl } from "./api";
import type { Autosave } from "./bindings/Autosave";
import type { EvidenceLink } from "./bindings/EvidenceLink";
import type { ImplementationStatus } from "./bindings/ImplementationStatus";
import type { Report } from "./bindings/Report";
import type { ReportInput } from "./bindings/ReportInput";
import type { ReviewState } from "./bindings/ReviewState";

// Records force these lists to follow the generated unions exactly, in on-screen order.
const STATUS_SET: Record<ImplementationStatus, null> = {
  NotStarted: null,
  InProgress: null,
  SubstantialProgress: null,
  Completed: null,
  Discontinued: null,
  NoUpdate: null,
};
export const STATUSES = Object.keys(STATUS_SET) as ImplementationStatus[];

export function isStatus(value: string): value is ImplementationStatus {
  return value in STATUS_SET;
}

const REVIEW_STATE_SET: Record<ReviewState, null> = {
  Draft: null,
  Submitted: null,
  Returned: null,
  Approved: null,
};
export const REVIEW_STATES = Object.keys(REVIEW_STATE_SET) as ReviewState[];

export function isReviewState(value: unknown): value is ReviewState {
  return typeof value === "string" && value in REVIEW_STATE_SET;
}

/** Content may be changed only in these states; Submitted and Approved are locked. */
export function isEditable(state: ReviewState): boolean {
  return state === "Draft" || state === "Returned";
}

/**
 * The English labels the server writes into revision diffs (FieldChange text for `status`),
 * mapped back to the status so the UI can show the translated label.
 */
const SERVER_STATUS_LABELS: Record<string, ImplementationStatus> = {
  "Not started": "NotStarted",
  "In progress": "InProgress",
  "Substantial progress": "SubstantialProgress",
  Completed: "Completed",
  Discontinued: "Discontinued",
  "No update": "NoUpdate",
};

export function statusFromServerLabel(label: string): ImplementationStatus | null {
  return SERVER_STATUS_LABELS[label] ?? (isStatus(label) ? label : null);
}

/** The fields of a report's content, in on-screen order (the first invalid one gets focus). */
export const CONTENT_FIELDS = [
  "status",
  "progress",
  "achievements",
  "challenges",
  "nextSteps",
  "evidence",
  "tags",
] as const;
export type ContentField = (typeof CONTENT_FIELDS)[number];

export function isContentField(name: string | null): name is ContentField {
  return (CONTENT_FIELDS as readonly (string | null)[]).includes(name);
}

export const NARRATIVES = ["achievements", "challenges", "nextSteps"] as const;
export type Narrative = (typeof NARRATIVES)[number];

export function isNarrative(field: string): field is Narrative {
  return (NARRATIVES as readonly string[]).includes(field);
}

/** One evidence row in the editor; `key` keeps React's rows stable while rows are removed. */
export type EvidenceRow = EvidenceLink & { key: number };

/** What is wrong with one evidence row, found before sending (the server checks again). */
export type EvidenceRowProblem = { input: "title" | "url"; reason: "titleMissing" | "badUrl" };

export function evidenceRowProblems(rows: EvidenceRow[]): Map<number, EvidenceRowProblem> {
  const problems = new Map<number, EvidenceRowProblem>();
  rows.forEach((row, i) => {
    const title = row.title.trim();
    const url = row.url.trim();
    if (!title && !url) return; // an empty row is left out
    if (!isSafeUrl(url)) problems.set(i, { input: "url", reason: "badUrl" });
    else if (!title) problems.set(i, { input: "title", reason: "titleMissing" });
  });
  return problems;
}

/** The editor's fields as typed: numbers and lists stay text until they are sent. */
export type EditorDraft = {
  status: ImplementationStatus | "";
  progress: string;
  achievements: string;
  challenges: string;
  nextSteps: string;
  evidence: EvidenceRow[];
  tags: string;
};

let nextRowKey = 1;
export function newEvidenceRow(link: EvidenceLink = { title: "", url: "" }): EvidenceRow {
  return { ...link, key: nextRowKey++ };
}

export function toDraft(input: ReportInput): EditorDraft {
  return {
    status: isStatus(input.status) ? input.status : "",
    progress: input.progress === null ? "" : String(input.progress),
    achievements: input.achievements,
    challenges: input.challenges,
    nextSteps: input.nextSteps,
    evidence: input.evidence.map((link) => newEvidenceRow(link)),
    tags: input.tags.join(", "),
  };
}

export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** The progress typed, if it is a whole number from 0 to 100 (or empty: null). */
export function parseProgress(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d{1,3}$/.test(trimmed)) return "invalid";
  const value = Number(trimmed);
  return value <= 100 ? value : "invalid";
}

/**
 * The draft as the server takes it. An unchosen status is sent as "" (the autosave keeps it as
 * typed; a save is stopped before that) and a progress that is not a percentage as null.
 */
export function toInput(draft: EditorDraft): ReportInput {
  const progress = parseProgress(draft.progress);
  return {
    status: draft.status as ImplementationStatus,
    progress: progress === "invalid" ? null : progress,
    achievements: draft.achievements,
    challenges: draft.challenges,
    nextSteps: draft.nextSteps,
    evidence: draft.evidence
      .filter((row) => row.title.trim() || row.url.trim())
      .map(({ title, url }) => ({ title, url })),
    tags: parseTags(draft.tags),
  };
}

export function contentOf(report: Report): ReportInput {
  return {
    status: report.status,
    progress: report.progress,
    achievements: report.achievements,
    challenges: report.challenges,
    nextSteps: report.nextSteps,
    evidence: report.evidence,
    tags: report.tags,
  };
}

export const BLANK_INPUT: ReportInput = {
  status: "" as ImplementationStatus,
  progress: null,
  achievements: "",
  challenges: "",
  nextSteps: "",
  evidence: [],
  tags: [],
};

/** The same normalisation the server applies on save, so equal means "nothing new to keep". */
function normalise(input: ReportInput) {
  const seen = new Set<string>();
  return {
    status: input.status,
    progress: input.progress,
    achievements: input.achievements.trimEnd(),
    challenges: input.challenges.trimEnd(),
    nextSteps: input.nextSteps.trimEnd(),
    evidence: input.evidence
      .map((e) => ({ title: e.title.trim(), url: e.url.trim() }))
      .filter((e) => e.title || e.url),
    tags: input.tags
      .map((tag) => tag.trim())
      .filter((tag) => {
        const lower = tag.toLowerCase();
        if (!tag || seen.has(lower)) return false;
        seen.add(lower);
        return true;
      }),
  };
}

export function sameContent(a: ReportInput, b: ReportInput): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

/** Whether one field holds the same value in both (for the merge view). */
export function sameField(field: ContentField, a: ReportInput, b: ReportInput): boolean {
  return JSON.stringify(normalise(a)[field]) === JSON.stringify(normalise(b)[field]);
}

/** Kept editor text worth offering back: it says something the saved report does not. */
export function isWorthRecovering(kept: Autosave | null, report: Report | null): kept is Autosave {
  return kept !== null && !sameContent(kept.input, report ? contentOf(report) : BLANK_INPUT);
}

/**
 * The version an editor restored from kept text is based on. Text typed before someone else
 * saved must not overwrite their save: it goes through the merge view instead.
 */
export function baseVersionOf(kept: Autosave, report: Report | null): number | null {
  if (!report) return null;
  if (kept.reportId === report.id && kept.baseVersion !== null) return kept.baseVersion;
  // Typed while the report did not exist yet (or for another copy): always a conflict.
  return 0;
}

/** What just happened to the report shown, for the message that says so. */
export type ReportChange = "save" | "submit" | "approve" | "return" | "reopen" | "restore" | "reload";
