// Generated from src/api/mod.rs by `UPDATE_BINDINGS=1 cargo test bindings`. Do not edit.

import type { AppInfo } from "./AppInfo";
import type { ById } from "./ById";
import type { Catalogue } from "./Catalogue";
import type { Commitment } from "./Commitment";
import type { CommitmentFilter } from "./CommitmentFilter";
import type { CommitmentInput } from "./CommitmentInput";
import type { CommitmentSummary } from "./CommitmentSummary";
import type { NoArgs } from "./NoArgs";
import type { Organisation } from "./Organisation";
import type { UpdateCommitment } from "./UpdateCommitment";
import type { VersionedId } from "./VersionedId";

/** Every backend command: its arguments and its result. */
export type Commands = {
  app_info: { args: NoArgs; result: AppInfo };
  catalogue: { args: NoArgs; result: Catalogue };
  list_organisations: { args: NoArgs; result: Array<Organisation> };
  list_commitments: { args: CommitmentFilter; result: Array<CommitmentSummary> };
  get_commitment: { args: ById; result: Commitment };
  create_commitment: { args: CommitmentInput; result: Commitment };
  update_commitment: { args: UpdateCommitment; result: Commitment };
  retire_commitment: { args: VersionedId; result: Commitment };
  restore_commitment: { args: VersionedId; result: Commitment };
};
