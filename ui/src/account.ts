// The signed-in account of a team server, for the pages that depend on it (the header's menu,
// the admin pages, which links show). On one computer there is none: every hook answers null
// and the pages are as they always were.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { call, currentSession, subscribeSession, type ApiError, type Session } from "./api";
import type { Command } from "./api/queryKeys";
import type { Commands } from "./bindings/Commands";
import type { Role } from "./bindings/Role";
import type { SignedIn } from "./bindings/SignedIn";

/** What the page knows about its server's sign-in, kept current. */
export function useSession(): Session {
  return useSyncExternalStore(subscribeSession, currentSession);
}

/**
 * The account this page is signed in as on a team server (also while its session has ended and
 * the sign-in form asks again); null on one computer.
 */
export function useAccount(): SignedIn | null {
  const session = useSession();
  if (session.mode !== "team") return null;
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
