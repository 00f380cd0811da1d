import { mark } from "./startup";
mark("scripts run");
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { HashRouter } from "react-router";
import { App } from "./App";
import "./i18n";
import "./styles/app.css";
import { prefetchFirstPage } from "./hooks/useCommitmentPages";
import { readFilters, toCommitmentFilter } from "./filters";

// Opening on the catalogue (the usual start): ask for its first page now, not once the shell
// is drawn.
const [path, query = ""] = window.location.hash.replace(/^#/, "").split("?");
if (path === "" || path === "/") {
  prefetchFirstPage(toCommitmentFilter(readFilters(new URLSearchParams(query))));
}

// HashRouter: the app is served from a custom protocol in the window and from `/` in a browser,
// and neither server knows about client-side paths. No transitions: the catalogue's filter
// inputs are controlled by the URL, and a deferred URL update would make them lag and jump.
createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <HashRouter useTransitions={false}>
      <App />
    </HashRouter>
  </StrictMode>,
);
