// The app's queries and mutations go through TanStack Query: one cache, keyed by command and
// arguments (see queryKeys.ts), so that a change anywhere can refresh every view that shows
// what it changed. Every request still goes through `call` (index.ts), the only door.
import {
  queryOptions,
  skipToken,
  useMutation,
  useQueryClient,
} from "@tanstack/react-query";
import type { Commands } from "../bindings/Commands";
import { call, type ApiError } from "./index";
import { apiKey, invalidateAfterChange, type ChangedEntity, type Command } from "./queryKeys";

declare module "@tanstack/react-query" {
  interface Register {
    // `call` rejects with nothing else, so every query's and mutation's error is one.
    defaultError: ApiError;
  }
}

/**
 * `cmd` with `args` as a query (for `useQuery`, `useQueries`, `queryClient.fetchQuery`).
 * `args === null` means "not needed": nothing is asked.
 */
export function apiQuery<K extends Command>(cmd: K, args: Commands[K]["args"] | null) {
  type Result = Commands[K]["result"];
  return queryOptions<Result, ApiError, Result, ReturnType<typeof apiKey<K>>>({
    queryKey: apiKey(cmd, args),
    queryFn: args === null ? skipToken : () => call(cmd, args),
  });
}

type Changed = ChangedEntity | readonly ChangedEntity[] | null;
type Changes<K extends Command> =
  | Changed
  | ((args: Commands[K]["args"], result: Commands[K]["result"]) => Changed);

/**
 * `cmd` as a mutation: once it succeeds, whatever `changes` names is invalidated (views on
 * screen ask again; the mutation itself resolves at once, without waiting for them).
 */
export function useApiMutation<K extends Command>(cmd: K, changes: Changes<K>) {
  const queryClient = useQueryClient();
  return useMutation<Commands[K]["result"], ApiError, Commands[K]["args"]>({
    mutationFn: (args) => call(cmd, args),
    onSuccess: (result, args) => {
      const changed = typeof changes === "function" ? changes(args, result) : changes;
      if (changed !== null) void invalidateAfterChange(queryClient, changed);
    },
  });
}
