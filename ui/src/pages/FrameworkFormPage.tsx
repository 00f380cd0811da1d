import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useCatalogue } from "../catalogue";
import { FrameworkForm } from "../components/FrameworkForm";
import { PageHeading } from "../components/PageHeading";
import {
  frameworkHref,
  FRAMEWORKS_HREF,
  useAddressedFramework,
  type SavedState,
} from "../frameworkAddresses";
import { NotFoundPage } from "./NotFoundPage";

/** `#/frameworks/new` and `#/frameworks/:code/edit`. */
export function FrameworkFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { reload } = useCatalogue();
  const framework = useAddressedFramework();
  if (framework === null) return <NotFoundPage />;

  return (
    <>
      <PageHeading id="framework-form-heading">
        {framework
          ? t("frameworks.form.editTitle", { code: framework.code })
          : t("frameworks.form.newTitle")}
      </PageHeading>
      <FrameworkForm
        // A reloaded version (after a conflict) starts a fresh form from the new data.
        key={framework ? `${framework.code}@${framework.version}` : "new"}
        framework={framework ?? null}
        cancelHref={framework ? frameworkHref(framework.code) : FRAMEWORKS_HREF}
        onSaved={(saved) => {
          // (The catalogue is asked again by the save's own invalidation; until it has the
          // saved version, the next page shows the one passed on.)
          const state: SavedState = { saved };
          navigate(frameworkHref(saved.code), { replace: true, state });
        }}
        onReload={reload}
        labelledBy="framework-form-heading"
      />
    </>
  );
}
