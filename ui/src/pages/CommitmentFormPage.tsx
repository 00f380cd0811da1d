import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { commitmentHref, useAddressedCommitment } from "../addresses";
import { CommitmentForm } from "../components/CommitmentForm";
import { ErrorAlert } from "../components/ErrorAlert";
import { PageHeading } from "../components/PageHeading";
import { catalogueHref } from "../filters";
import { useQuery } from "@tanstack/react-query";
import { apiQuery } from "../api/queries";

/** `#/commitments/new` and `#/commitments/:org/:ref/edit`. */
export function CommitmentFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const organisations = useQuery(apiQuery("list_organisations", {}));
  const { named, query: existing } = useAddressedCommitment();

  const failed = organisations.error ?? existing.error;
  if (failed) {
    const retry = () => {
      void organisations.refetch();
      existing.reload();
    };
    return (
      <ErrorAlert error={failed} action={{ label: t("app.retry"), onClick: retry }}>
        {t("detail.loadFailed")}
      </ErrorAlert>
    );
  }
  const commitment = existing.data;
  if (!organisations.data || (named && !commitment)) {
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
        cancelHref={commitment ? commitmentHref(commitment) : catalogueHref()}
        onSaved={(saved) => navigate(commitmentHref(saved), { replace: true })}
        onReload={existing.reload}
        labelledBy="form-heading"
      />
    </>
  );
}
