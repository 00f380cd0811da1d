import { useMemo, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Route, Routes } from "react-router";
import { CatalogueContext, indexCatalogue } from "./catalogue";
import { ErrorAlert } from "./components/ErrorAlert";
import { Header } from "./components/Header";
import { useQuery } from "./hooks/useQuery";
import { CataloguePage } from "./pages/CataloguePage";
import { CommitmentDetailPage } from "./pages/CommitmentDetailPage";
import { CommitmentFormPage } from "./pages/CommitmentFormPage";
import { NotFoundPage } from "./pages/NotFoundPage";

export function App() {
  const { t } = useTranslation();
  const catalogue = useQuery("catalogue", {});
  const index = useMemo(() => catalogue.data && indexCatalogue(catalogue.data), [catalogue.data]);

  let content: ReactNode;
  if (index) {
    content = (
      <CatalogueContext value={index}>
        <Routes>
          <Route path="/" element={<CataloguePage />} />
          <Route path="/commitments/new" element={<CommitmentFormPage />} />
          <Route path="/commitments/:id" element={<CommitmentDetailPage />} />
          <Route path="/commitments/:id/edit" element={<CommitmentFormPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </CatalogueContext>
    );
  } else if (catalogue.error) {
    content = (
      <ErrorAlert error={catalogue.error} action={{ label: t("app.retry"), onClick: catalogue.reload }}>
        {t("app.loadFailed")}
      </ErrorAlert>
    );
  } else {
    content = <p role="status">{t("app.loading")}</p>;
  }

  return (
    <>
      <Header />
      <main className="app-main">{content}</main>
    </>
  );
}
