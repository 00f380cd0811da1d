// The signed-in account of a team server, for the pages that depend on it (the header's menu,
// the admin pages, which links show). On one computer there is none: every hook answers null
// and the pages are as they always were.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useContext, useSyncExternalStore } from "react";
import { call, currentSession, subscribeSession, type ApiError, type Session } from "./api";
import { apiQuery } from "./api/queries";
import type { Command } from "./api/queryKeys";
import type { Commands } from "./bindings/Commands";
import type { Report } from "./bindings/Report";
import type { Role } from "./bindings/Role";
import type { SignedIn } from "./bindings/SignedIn";
import { LinkedAccountContext } from "./sync";

/** What the page knows about its server's sign-in, kept current. */
export function useSession(): Session {
  return useSyncExternalStore(subscribeSession, currentSession);
}

/**
 * The account this page is signed in as on a team server (also while its session has ended and
 * the sign-in form asks again), or the account an offline copy of one acts as; null on one
 * computer.
 */
export function useAccount(): SignedIn | null {
  const session = useSession();
  const linked = useContext(LinkedAccountContext);
  if (session.mode !== "team") return linked;
  if (session.state === "signedIn") return session.user;
  if (session.state === "signedOut") return session.lost;
  return null;
}

/** Whether the account may use a page meant for `role` and above (always, on one computer). */
export function useMayUse(role: Role): boolean {
  const account = useAccount();
  return account === null || RANK[account.role] >= RANK[role];
}

const RANK: Record<Role, number> = { Viewer: 0, FocalPoint: 1, Coordinator: 2, Admin: 3 };

/** Every role, lowest first (what an admin gives an account). */
export const ALL_ROLES: Role[] = ["Viewer", "FocalPoint", "Coordinator", "Admin"];

// What a change to accounts, tokens or settings makes stale: the admin pages' lists, and the
// places that name accounts (assignees, who is at the keyboard, what is theirs to do).
const ACCOUNT_READS: Command[] = [
  "list_users",
  "account_history",
  "list_assignees",
  "get_identity",
  "whoami",
  "my_work",
];

/** Marks what a change of `kind` can have touched as stale (see api/queryKeys.ts). */
export function invalidateTeam(
  queryClient: QueryClient,
  kind: "accounts" | "tokens" | "settings",
): Promise<void> {
  const commands = new Set<Command>(
    kind === "accounts" ? ACCOUNT_READS : kind === "tokens" ? ["list_tokens"] : ["server_settings"],
  );
  return queryClient.invalidateQueries({
    predicate: (query) => commands.has(query.queryKey[0] as Command),
  });
}

/** `cmd` as a mutation that, once it succeeds, marks what a change of `kind` touches stale. */
export function useTeamMutation<K extends Command>(cmd: K, kind: "accounts" | "tokens" | "settings") {
  const queryClient = useQueryClient();
  return useMutation<Commands[K]["result"], ApiError, Commands[K]["args"]>({
    mutationFn: (args) => call(cmd, args),
    onSuccess: () => void invalidateTeam(queryClient, kind),
  });
}

// --- What the account may do with reports ----------------------------------------------------
// The server decides every action (the core checks each command's rule); these only let a page
// say beforehand why a control is missing or greyed out, instead of offering it and failing.

/** An admin may do what a coordinator does, a coordinator what a focal point does. */
export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/** Coordinators (and admins) approve, return and reopen reports and assign focal points. */
export function mayReview(role: Role): boolean {
  return atLeast(role, "Coordinator");
}

/** Why an action is not offered to the signed-in account. */
export type Denial =
  /** A viewer reads and exports; they write nothing. */
  | "viewer"
  /** A focal point writes only the reports of the commitments assigned to them. */
  | "notAssigned"
  /** Only coordinators and admins review reports. */
  | "notReviewer"
  /** Separation of duties: the author of a report's latest content does not approve it. */
  | "ownContent";

export type ReportRights = {
  /** Whether what follows is known yet (a team server's answers may still be on their way). */
  known: boolean;
  /** Why the account may not edit, submit or restore this commitment's reports (null: it may). */
  write: Denial | null;
  /** Why the account may not approve, return or reopen them (null: it may). */
  review: Denial | null;
  /** The account is one of the commitment's focal points. */
  focalPoint: boolean;
};

const ALLOWED: ReportRights = { known: true, write: null, review: null, focalPoint: false };

/**
 * What the signed-in account may do with the reports of `commitment` (a UUID). On one computer
 * everything is allowed (the page still follows the person's stated role for reviewing).
 */
export function useReportRights(commitment: string): ReportRights {
  const account = useAccount();
  const focalPointRole = account?.role === "FocalPoint";
  // Only a focal point's rights depend on the assignments; the list is shown elsewhere too.
  const assignees = useQuery(
    apiQuery("list_assignees", account && focalPointRole ? { commitment } : null),
  );
  if (account === null) return ALLOWED;
  const { role, id } = account;
  if (role === "Viewer") {
    return { known: true, write: "viewer", review: "viewer", focalPoint: false };
  }
  if (role === "FocalPoint") {
    const mine = assignees.data?.some((u) => u.id === id) ?? false;
    return {
      known: assignees.data !== undefined,
      write: mine ? null : "notAssigned",
      review: "notReviewer",
      focalPoint: mine,
    };
  }
  return ALLOWED;
}

/**
 * Why the signed-in account may not approve `report` although it reviews: under separation
 * of duties (a server setting, on by default), it wrote the report's latest content. Null on
 * one computer, for a report not waiting for review, or while unknown.
 */
export function useApproveDenial(report: Report): Denial | null {
  const account = useAccount();
  const asks = account && mayReview(account.role) && report.reviewState === "Submitted";
  const settings = useQuery(apiQuery("server_settings", asks ? {} : null));
  const revisions = useQuery(apiQuery("list_revisions", asks ? { id: report.id } : null));
  if (!asks || !settings.data?.separationOfDuties || !revisions.data) return null;
  const latest = revisions.data.reduce<(typeof revisions.data)[number] | null>(
    (newest, r) => (newest === null || r.revision > newest.revision ? r : newest),
    null,
  );
  return latest?.actorId === account.id ? "ownContent" : null;
}
