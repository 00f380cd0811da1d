import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import type { Identity } from "./bindings/Identity";
import { CatalogueContext, indexCatalogue } from "./catalogue";
import { AutosaveNotice } from "./components/AutosaveNotice";
import { ErrorAlert } from "./components/ErrorAlert";
import { Header } from "./components/Header";
import { apiQuery } from "./api/queries";
import { useLiveChanges } from "./api/liveChanges";
import { mark } from "./startup";
import { CataloguePage } from "./pages/CataloguePage";
import { CommitmentDetailPage } from "./pages/CommitmentDetailPage";
import { CommitmentFormPage } from "./pages/CommitmentFormPage";
import { FirstStartPage } from "./pages/FirstStartPage";
import { FrameworkFormPage } from "./pages/FrameworkFormPage";
import { FrameworkPage } from "./pages/FrameworkPage";
import { FrameworksPage } from "./pages/FrameworksPage";
import { MyWorkPage } from "./pages/MyWorkPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { AppInfoContext, IdentityContext } from "./session";
import { LinkedAccountContext, SyncContext, useSyncPolling } from "./sync";
import { SyncBar } from "./components/SyncBar";
import { ConnectPage } from "./pages/ConnectPage";

const lazyPage = <K extends string>(load: () => Promise<Record<K, () => ReactNode>>, name: K) =>
  lazy(() => load().then((module) => ({ default: module[name] })));
// Pages with heavy libraries (charts, virtualised lists, file handling) load when first opened.
const DashboardPage = lazyPage(() => import("./pages/DashboardPage"), "DashboardPage");
const MatrixPage = lazyPage(() => import("./pages/MatrixPage"), "MatrixPage");
const SearchPage = lazyPage(() => import("./pages/SearchPage"), "SearchPage");
const ExchangePage = lazyPage(() => import("./pages/ExchangePage"), "ExchangePage");
const BackupsPage = lazyPage(() => import("./pages/BackupsPage"), "BackupsPage");
const AdminPage = lazyPage(() => import("./pages/AdminPage"), "AdminPage");
const TokensPage = lazyPage(() => import("./pages/TokensPage"), "TokensPage");
const SyncPage = lazyPage(() => import("./pages/SyncPage"), "SyncPage");

// The report page brings the Markdown renderer and the diff library: loaded when first opened.
const ReportPage = lazy(() =>
  import("./pages/ReportPage").then((module) => ({ default: module.ReportPage })),
);

export function App() {
  const { t } = useTranslation();
  const catalogue = useQuery(apiQuery("catalogue", {}));
  const info = useQuery(apiQuery("app_info", {}));
  const storedIdentity = useQuery(apiQuery("get_identity", {}));
  // A team server announces colleagues' changes; one computer has none.
  useLiveChanges();
  // An offline copy of a team server: where it stands, and the account it acts as.
  const sync = useSyncPolling();
  // The identity given in this run wins over the one loaded at start; a copy's is its
  // account's (also right after linking, whatever was given before).
  const [changedIdentity, setIdentity] = useState<Identity | null>(null);
  const identity = sync.status ? storedIdentity.data : (changedIdentity ?? storedIdentity.data);
  const reloadCatalogue = catalogue.refetch;
  const index = useMemo(
    () => catalogue.data && indexCatalogue(catalogue.data, () => void reloadCatalogue()),
    [catalogue.data, reloadCatalogue],
  );
  const identityState = useMemo(
    () => (identity ? { identity, setIdentity } : null),
    [identity],
  );

  const failed = catalogue.error ?? info.error ?? storedIdentity.error;
  let content: ReactNode;
  mark("app rendered");
  if (index && info.data && identityState) {
    mark("app data received");
    content = (
      <Suspense fallback={<p role="status">{t("app.loading")}</p>}>
        <Routes>
          <Route path="/" element={<CataloguePage />} />
          <Route path="/frameworks" element={<FrameworksPage />} />
          <Route path="/frameworks/new" element={<FrameworkFormPage />} />
          <Route path="/frameworks/:code" element={<FrameworkPage />} />
          <Route path="/frameworks/:code/edit" element={<FrameworkFormPage />} />
          <Route path="/my-work" element={<MyWorkPage />} />
          <Route path="/dashboard" element={<DashboardPage />} />
          <Route path="/matrix" element={<MatrixPage />} />
          <Route path="/search" element={<SearchPage />} />
          <Route path="/exchange" element={<ExchangePage />} />
          <Route path="/backups" element={<BackupsPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/tokens" element={<TokensPage />} />
          <Route path="/sync" element={<SyncPage />} />
          <Route path="/connect" element={<ConnectPage />} />
          <Route path="/commitments/new" element={<CommitmentFormPage />} />
          {/* `:ref` is a Commitment ID (or a UUID); `:org` the organisation's code. */}
          <Route path="/commitments/:ref" element={<CommitmentDetailPage />} />
          <Route path="/commitments/:org/:ref" element={<CommitmentDetailPage />} />
          <Route path="/commitments/:ref/edit" element={<CommitmentFormPage />} />
          <Route path="/commitments/:org/:ref/edit" element={<CommitmentFormPage />} />
          <Route path="/commitments/:ref/reports/:year" element={<ReportPage />} />
          <Route path="/commitments/:org/:ref/reports/:year" element={<ReportPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    );
  } else if (index && info.data && identity === null) {
    // Nobody has said who they are on this computer yet: ask before anything else.
    content = <FirstStartPage newDatabase={info.data.newDatabase} onSaved={setIdentity} />;
  } else if (failed) {
    const retry = () => {
      void catalogue.refetch();
      void info.refetch();
      void storedIdentity.refetch();
    };
    content = (
      <ErrorAlert error={failed} action={{ label: t("app.retry"), onClick: retry }}>
        {t("app.loadFailed")}
      </ErrorAlert>
    );
  } else {
    content = <p role="status">{t("app.loading")}</p>;
  }

  return (
    <AppInfoContext value={info.data ?? null}>
      <SyncContext value={sync.status}>
        <LinkedAccountContext value={sync.account}>
          <CatalogueContext value={index ?? null}>
            <IdentityContext value={identityState}>
              <Header identified={identityState !== null} />
              {sync.status && <SyncBar status={sync.status} />}
              {identityState && <AutosaveNotice />}
              <main className="app-main">{content}</main>
            </IdentityContext>
          </CatalogueContext>
        </LinkedAccountContext>
      </SyncContext>
    </AppInfoContext>
  );
}
