import { useCallback, useEffect, useState } from "react";
import { call, type ApiError } from "../api";
import type { Commands } from "../bindings/Commands";

type Settled<R> = { key: string; data: R | undefined; error: ApiError | undefined };

export type Query<R> = {
  /** The latest successful result; kept while a newer request is in flight. */
  data: R | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
};

/**
 * Runs `cmd` whenever its args change (compared by value). `args === null` means "not needed".
 * Late answers to superseded requests are dropped, so fast filter changes cannot race.
 * A change of `refresh` (e.g. a record's version) asks again with the same args.
 */
export function useQuery<K extends keyof Commands>(
  cmd: K,
  args: Commands[K]["args"] | null,
  refresh: string | number = "",
): Query<Commands[K]["result"]> {
  const argsJson = args === null ? null : JSON.stringify(args);
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<Commands[K]["result"]> | null>(null);
  const key = `${generation}:${refresh}:${cmd}:${argsJson}`;

  useEffect(() => {
    if (argsJson === null) return;
    let current = true;
    call(cmd, JSON.parse(argsJson) as Commands[K]["args"]).then(
      (data) => current && setSettled({ key, data, error: undefined }),
      (error: ApiError) => current && setSettled((prev) => ({ key, data: prev?.data, error })),
    );
    return () => {
      current = false;
    };
  }, [cmd, argsJson, key]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const fresh = settled?.key === key;
  return {
    data: settled?.data,
    error: fresh ? settled.error : undefined,
    loading: argsJson !== null && !fresh,
    reload,
  };
}
