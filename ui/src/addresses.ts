// Commitment addresses use the public Commitment ID, qualified by the organisation's code
// (`#/commitments/IOM/200009`), since two organisations may use the same ID. An address by
// Commitment ID alone (`#/commitments/200009`) works while one organisation has it, and an
// internal UUID still works, for links saved before.
import { useQuery, type QueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import type { ApiError } from "./api";
import { apiQuery } from "./api/queries";
import { apiKey, invalidateAfterChange } from "./api/queryKeys";
import type { Commitment } from "./bindings/Commitment";

/** What a commitment's public address is made of; a bare string is its UUID. */
export type CommitmentRef = { commitmentId: string; organisation: string } | string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function commitmentHref(ref: CommitmentRef): string {
  if (typeof ref === "string") return `/commitments/${encodeURIComponent(ref)}`;
  const org = encodeURIComponent(ref.organisation);
  return `/commitments/${org}/${encodeURIComponent(ref.commitmentId)}`;
}

export function reportHref(ref: CommitmentRef, year: number): string {
  return `${commitmentHref(ref)}/reports/${year}`;
}

export function commitmentEditHref(ref: CommitmentRef): string {
  return `${commitmentHref(ref)}/edit`;
}

/** Whether `c` is the commitment an address names. */
function names(c: Commitment, org: string | undefined, ref: string): boolean {
  if (!org && UUID.test(ref)) return c.id === ref;
  const sameOrg = !org || c.organisation.toLowerCase() === org.toLowerCase();
  return sameOrg && c.commitmentId === ref.trim();
}

/**
 * The commitment the route's `:org?/:ref` names. `data` is only ever the commitment of the
 * current address (never the previous one while the next loads); `key` changes with it.
 */
export function useAddressedCommitment(): {
  key: string;
  /** Whether the address names a commitment at all (not `#/commitments/new`). */
  named: boolean;
  query: { data: Commitment | undefined; error: ApiError | null; reload: () => void };
} {
  const { org, ref = "" } = useParams();
  const byUuid = !org && UUID.test(ref);
  // No `:ref` (a new commitment): nothing to load.
  const byId = useQuery(apiQuery("get_commitment", byUuid ? { id: ref } : null));
  const byPublicId = useQuery(
    apiQuery(
      "find_commitment",
      byUuid || !ref ? null : { organisation: org ?? null, commitmentId: ref },
    ),
  );
  const query = byUuid ? byId : byPublicId;
  const data = query.data && names(query.data, org, ref) ? query.data : undefined;
  return {
    key: `${org ?? ""}/${ref}`,
    named: ref !== "",
    query: { data, error: query.error, reload: () => void query.refetch() },
  };
}

/**
 * After a commitment was saved: its addresses show the saved copy at once (a page opened next
 * must not show the one before while it is asked again), and whatever else shows commitments
 * is asked again.
 */
export function commitmentSaved(queryClient: QueryClient, saved: Commitment) {
  queryClient.setQueryData(apiKey("get_commitment", { id: saved.id }), saved);
  const { organisation, commitmentId } = saved;
  queryClient.setQueryData(apiKey("find_commitment", { organisation, commitmentId }), saved);
  void invalidateAfterChange(queryClient, "commitment");
}
