import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { apiQuery } from "../api/queries";
import { invalidateAfterChange } from "../api/queryKeys";
import type { Report } from "../bindings/Report";

/**
 * Reads a report afresh after a save was refused as based on a stale copy: someone else changed
 * it, so whatever else shows reports is asked again too.
 */
export function useReportReload(): (id: string) => Promise<Report> {
  const queryClient = useQueryClient();
  return useCallback(
    async (id: string) => {
      const fresh = await queryClient.fetchQuery(apiQuery("get_report", { id }));
      void invalidateAfterChange(queryClient, "report");
      return fresh;
    },
    [queryClient],
  );
}
