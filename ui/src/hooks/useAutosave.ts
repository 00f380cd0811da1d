import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { call, type ApiError } from "../api";
import type { Autosave } from "../bindings/Autosave";
import type { ReportInput } from "../bindings/ReportInput";

/** How long typing must pause before the text is kept. */
export const AUTOSAVE_DELAY_MS = 800;

export type AutosaveTarget = {
  commitment: string;
  year: number;
  reportId: string | null;
  baseVersion: number | null;
};

export type AutosaveStatus =
  | { state: "idle" }
  | { state: "kept"; savedAt: string }
  | { state: "failed"; error: ApiError };

/**
 * Keeps the editor's text on the server while it is typed: once typing pauses, and at once when
 * the page is hidden, closed or left, so that a crash or a kill loses (almost) nothing.
 * `input === null` means there is nothing of the person's own to keep yet.
 *
 * Puts run one after another; `pause()` stops new ones and resolves when the last has landed,
 * so that a save (which drops the kept text on the server) is never followed by a stale put.
 *
 * The puts are mutations of the app's query client, but keep their own timer and chain: the
 * order of puts and saves is what keeps text from being lost, and a put must be able to leave
 * with a closing page (`keepalive`). A put invalidates nothing: kept text is read only when a
 * report page opens (asked afresh then) and by the start-up notice, which a put cannot shorten.
 */
export function useAutosave(target: AutosaveTarget, input: ReportInput | null) {
  const [status, setStatus] = useState<AutosaveStatus>({ state: "idle" });
  const payload = useRef<Autosave | null>(null);
  const lastSent = useRef<string | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<number | undefined>(undefined);
  const paused = useRef(false);
  const { mutateAsync: put } = useMutation({
    mutationFn: ({ kept, keepalive }: { kept: Autosave; keepalive: boolean }) =>
      call("autosave_put", kept, { keepalive }),
  });

  const json = input === null ? null : JSON.stringify({ ...target, input, savedAt: "" });

  useEffect(() => {
    payload.current = json === null ? null : (JSON.parse(json) as Autosave);
  }, [json]);

  const flush = useCallback(
    (keepalive = false): Promise<void> => {
      window.clearTimeout(timer.current);
      const next = payload.current;
      if (paused.current || next === null) return chain.current;
      const body = JSON.stringify(next);
      if (body === lastSent.current) return chain.current;
      lastSent.current = body;
      chain.current = chain.current.then(() =>
        put({ kept: next, keepalive }).then(
          (kept) => setStatus({ state: "kept", savedAt: kept.savedAt }),
          (error: ApiError) => {
            lastSent.current = null; // try again with the next change
            setStatus({ state: "failed", error });
          },
        ),
      );
      return chain.current;
    },
    [put],
  );

  useEffect(() => {
    if (json === null) return;
    timer.current = window.setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer.current);
  }, [json, flush]);

  useEffect(() => {
    const onHide = () => void flush(true);
    const onVisibility = () => {
      if (document.visibilityState === "hidden") onHide();
    };
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
      // Leaving the editor any other way than Save or Cancel keeps what was typed.
      void flush();
    };
  }, [flush]);

  /** Stops keeping text; resolves once the last put has landed. */
  const pause = useCallback(() => {
    paused.current = true;
    window.clearTimeout(timer.current);
    return chain.current;
  }, []);

  /** Keeps text again (after a save that failed), starting with the text as it is now. */
  const resume = useCallback(() => {
    paused.current = false;
    lastSent.current = null;
    return flush();
  }, [flush]);

  return { status, flush, pause, resume };
}
