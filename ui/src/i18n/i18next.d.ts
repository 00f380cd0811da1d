import type { resources } from "./index";

// Typed keys: tsc rejects t("a.key") that is not in en.json.
declare module "i18next" {
  interface CustomTypeOptions {
    resources: (typeof resources)["en"];
  }
}
