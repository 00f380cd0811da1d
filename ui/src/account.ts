// Who is signed in to a team server, and what that lets them do here. The server decides every
// action (the core checks each command's rule); this only lets the page say beforehand why a
// control is missing or greyed out, instead of offering it and failing. On one computer
// nobody signs in and every action is offered, as before.
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "./api/queries";
import type { Report } from "./bindings/Report";
import type { Role } from "./bindings/Role";
import type { SignedIn } from "./bindings/SignedIn";

const RANK: Record<Role, number> = { Viewer: 0, FocalPoint: 1, Coordinator: 2, Admin: 3 };

/** An admin may do what a coordinator does, a coordinator what a focal point does. */
export function atLeast(role: Role, least: Role): boolean {
  return RANK[role] >= RANK[least];
}

/** Coordinators (and admins) approve, return and reopen reports and assign focal points. */
export function mayReview(role: Role): boolean {
  return atLeast(role, "Coordinator");
}

/**
 * The account signed in to the team server; null on one computer (the window, personal
 * browser mode); undefined until known.
 */
export function useAccount(): SignedIn | null | undefined {
  // Asked again only when a change to accounts is announced (queryKeys.ts, "user").
  return useQuery({ ...apiQuery("whoami", {}), staleTime: Infinity }).data;
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
  if (account === undefined) return { ...ALLOWED, known: false };
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
