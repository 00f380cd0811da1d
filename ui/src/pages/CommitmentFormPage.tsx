import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { CommitmentForm } from "../components/CommitmentForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { catalogueHref } from "../filters";
import { useQuery } from "../hooks/useQuery";

/** `#/commitments/new` and `#/commitments/:id/edit`. */
export function CommitmentFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const organisations = useQuery("list_organisations", {});
  const existing = useQuery("get_commitment", id === undefined ? null : { id });

  const failed = organisations.error ?? existing.error;
  if (failed) {
    const retry = () => {
      organisations.reload();
      existing.reload();
    };
    return (
      <ErrorAlert error={failed} action={{ label: t("app.retry"), onClick: retry }}>
        {t("detail.loadFailed")}
      </ErrorAlert>
    );
  }
  const commitment = existing.data?.id === id ? existing.data : undefined;
  if (!organisations.data || (id !== undefined && !commitment)) {
    return <p role="status">{t("app.loading")}</p>;
  }

  return (
    <>
      <PageHeading id="form-heading">
        {commitment
          ? t("form.editTitle", { id: commitment.commitmentId })
          : t("form.newTitle")}
      </PageHeading>
      <CommitmentForm
        // A reloaded version (after a conflict) starts a fresh form from the new data.
        key={commitment ? `${commitment.id}@${commitment.version}` : "new"}
        commitment={commitment ?? null}
        organisations={organisations.data}
        cancelHref={commitment ? `/commitments/${commitment.id}` : catalogueHref()}
        onSaved={(saved) => navigate(`/commitments/${saved.id}`, { replace: true })}
        onReload={existing.reload}
        labelledBy="form-heading"
      />
    </>
  );
}
