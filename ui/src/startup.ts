import type { StartupMark } from "./bindings/StartupMark";

// Moments of the page's start, sent with `ui_ready`: the window's cold-start probe prints them.
const marks: StartupMark[] = [];

/** Notes the first time `name` happens (milliseconds since the page began loading). */
export function mark(name: string) {
  if (!marks.some((m) => m.name === name)) marks.push({ name, atMs: performance.now() });
}

/** The moments noted so far, after the browser's own: the page and its scripts fetched. */
export function startupMarks(): StartupMark[] {
  const fetched: StartupMark[] = [];
  const page = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (page) fetched.push({ name: "page fetched", atMs: page.responseEnd });
  const scripts = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
    .filter((r) => r.initiatorType === "script")
    .map((r) => r.responseEnd);
  if (scripts.length > 0) fetched.push({ name: "scripts fetched", atMs: Math.max(...scripts) });
  return [...fetched, ...marks];
}
