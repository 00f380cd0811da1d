// What a change makes stale. Every cached result's key starts with the command that produced
// it (`["dashboard", { year }]`, `["get_report", { id }]`, `["matrix", { …, offset, limit }]`),
// so one kind of change maps to a list of command names, and invalidating `[name]` reaches
// every result of that command whatever its arguments. Mutations call `invalidateAfterChange`
// when they succeed; notices of a colleague's change can call it the same way.
import type { QueryClient } from "@tanstack/react-query";
import type { Commands } from "../bindings/Commands";

export type Command = keyof Commands;

/** The key of one command's result for `args`. */
export function apiKey<K extends Command>(cmd: K, args: Commands[K]["args"] | null) {
  return [cmd, args] as const;
}

/** What changed, in terms of what others read. */
export type ChangedEntity =
  | "commitment"
  | "report"
  | "framework"
  | "cycle"
  | "catalogue"
  | "autosave"
  | "identity"
  | "backup"
  | "assignment"
  | "user"
  | "settings"
  | "all";

// Everything that shows a commitment: its page, the lists, and the counts that group by it.
const COMMITMENT_READS = [
  "list_commitments",
  "list_commitments_page",
  "get_commitment",
  "find_commitment",
  "list_organisations",
  "dashboard",
  "matrix",
  "search",
  "my_work",
  "commitment_timeline",
  "audit_log",
] as const satisfies readonly Command[];

// Everything that shows a report, its history, or counts of reports. A save also drops the
// text the autosave kept for it, and on an offline copy of a team server it is an edit
// waiting to be sent (the status counts them).
const REPORT_READS = [
  "list_reports",
  "get_report",
  "find_report",
  "prefill_report",
  "review_history",
  "list_revisions",
  "get_revision",
  "diff_revisions",
  "audit_log",
  "my_work",
  "dashboard",
  "commitment_timeline",
  "matrix",
  "search",
  "autosave_get",
  "autosave_list",
  "list_import_mappings",
  "sync_status",
] as const satisfies readonly Command[];

// A framework's levels, categories and types: the shared catalogue, and whatever groups or
// labels commitments by them.
const FRAMEWORK_READS = [
  "catalogue",
  "list_commitments",
  "list_commitments_page",
  "get_commitment",
  "find_commitment",
  "dashboard",
  "matrix",
  "search",
] as const satisfies readonly Command[];

const AFFECTED: Record<Exclude<ChangedEntity, "all">, readonly Command[]> = {
  commitment: COMMITMENT_READS,
  report: REPORT_READS,
  framework: FRAMEWORK_READS,
  // A year's deadline: what is due or overdue.
  cycle: ["list_cycles", "dashboard", "my_work", "matrix"],
  // A catalogue import: commitments, organisations, categories it created, a saved mapping.
  catalogue: [
    ...new Set([...COMMITMENT_READS, ...FRAMEWORK_READS, "list_import_mappings"] as const),
  ],
  autosave: ["autosave_get", "autosave_list"],
  // Who is at the keyboard: their role decides what is theirs to review.
  identity: ["get_identity", "my_work"],
  backup: ["list_backups"],
  // Who writes which commitment's reports: the focal points shown, and a focal point's lists.
  assignment: ["list_assignees", "my_work"],
  // An account added, renamed, given another role or disabled: the lists of people, and what
  // the signed-in person may do (their own role) and sees as theirs.
  user: ["list_users", "list_assignees", "account_history", "whoami", "get_identity", "my_work"],
  // The organisation's settings (separation of duties decides who may approve).
  settings: ["server_settings"],
};

/**
 * Marks every result the change can have touched as stale: those on screen are asked for again
 * at once (keeping what they show meanwhile); the others when next shown.
 */
export function invalidateAfterChange(
  queryClient: QueryClient,
  entity: ChangedEntity | readonly ChangedEntity[],
): Promise<void> {
  const entities = typeof entity === "string" ? [entity] : entity;
  if (entities.includes("all")) return queryClient.invalidateQueries();
  const commands = new Set(entities.flatMap((e) => AFFECTED[e as Exclude<ChangedEntity, "all">]));
  return queryClient.invalidateQueries({
    predicate: (query) => commands.has(query.queryKey[0] as Command),
  });
}
