import { useTranslation } from "react-i18next";
import type { FieldName } from "../importFields";

/** An import field's name in the current language ("next_steps" → "Next steps"). */
export function useFieldLabel() {
  const { t } = useTranslation("exchange");
  // (The names come from the server; one the translations lack shows as it is.)
  return (field: FieldName) =>
    t(`mapping.field.${field}` as "mapping.field.id", { defaultValue: field });
}
