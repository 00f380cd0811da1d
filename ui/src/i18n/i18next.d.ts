import type { resources } from "./index";

// Typed keys: tsc rejects t("a.key") that is not in en.json.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: (typeof resources)["en"];
  }
}
