// Commitment addresses use the public Commitment ID, qualified by the organisation's code
// (`#/commitments/IOM/200009`), since two organisations may use the same ID. An address by
// Commitment ID alone (`#/commitments/200009`) works while one organisation has it, and an
// internal UUID still works, for links saved before.
import { useParams } from "react-router";
import type { Commitment } from "./bindings/Commitment";
import { useQuery, type Query } from "./hooks/useQuery";

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
  query: Query<Commitment>;
} {
  const { org, ref = "" } = useParams();
  const byUuid = !org && UUID.test(ref);
  // No `:ref` (a new commitment): nothing to load.
  const byId = useQuery("get_commitment", byUuid ? { id: ref } : null);
  const byPublicId = useQuery(
    "find_commitment",
    byUuid || !ref ? null : { organisation: org ?? null, commitmentId: ref },
  );
  const query = byUuid ? byId : byPublicId;
  const data = query.data && names(query.data, org, ref) ? query.data : undefined;
  return { key: `${org ?? ""}/${ref}`, named: ref !== "", query: { ...query, data } };
}
