import { mark } from "./startup";
mark("scripts run");
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import { App } from "./App";
import { SessionGate } from "./components/SessionGate";
import "./i18n";
import "./styles/app.css";
import { prefetchFirstPage } from "./commitmentList";
import { readFilters, toCommitmentFilter } from "./filters";

// Opening on the catalogue (the usual start): ask for its first page now, not once the shell
// is drawn.
const [path, query = ""] = window.location.hash.replace(/^#/, "").split("?");
if (path === "" || path === "/") {
  prefetchFirstPage(toCommitmentFilter(readFilters(new URLSearchParams(query))));
}

// The one cache of the app's queries. A view asks for its data when it appears (results are
// stale at once) and whenever a change invalidates it (see api/queryKeys.ts).
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Every request goes to this app's own backend (in the window, not even over a network):
      // a computer going offline is no reason to hold requests back.
      networkMode: "always",
      // Going back to the window (a dialog closed, the browser beside it) is no reason to ask
      // every view again; changes reach the views through invalidation.
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      // Every failed view offers Retry, and a form's errors belong next to its fields at once:
      // retrying automatically would only hold an error back for seconds.
      retry: false,
      // Kept a moment once nothing shows them (a page left and come back to at once, the
      // window's double mount in development), then dropped: a page opened later asks again
      // and shows the answer, never a copy that may have changed meanwhile.
      gcTime: 1_000,
    },
    mutations: {
      networkMode: "always",
      retry: false,
      // Nothing reads finished mutations back, and the autosave's carry whole narratives.
      gcTime: 0,
    },
  },
});

// SessionGate: on a team server, the sign-in page until someone is signed in (see api/team.ts).
// HashRouter: the app is served from a custom protocol in the window and from `/` in a browser,
// and neither server knows about client-side paths. No transitions: the catalogue's filter
// inputs are controlled by the URL, and a deferred URL update would make them lag and jump.
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <HashRouter useTransitions={false}>
        <SessionGate>
          <App />
        </SessionGate>
      </HashRouter>
    </QueryClientProvider>
  </StrictMode>,
);
