import { useTranslation } from "react-i18next";

/**
 * Why a backup was made, from the last part of its file name: "daily", "manual",
 * "before-restore" (listed by the server as "restore"), "pre-v4" (listed as "v4").
 */
export function BackupReason({ reason }: { reason: string }) {
  const { t } = useTranslation("exchange");
  const upgrade = /^(?:pre-)?v(\d+)$/.exec(reason);
  let text = reason;
  if (reason === "daily") text = t("backups.reason.daily");
  else if (reason === "manual") text = t("backups.reason.manual");
  else if (reason === "before-restore" || reason === "restore") text = t("backups.reason.beforeRestore");
  else if (upgrade) text = t("backups.reason.beforeUpgrade", { version: upgrade[1] });
  return <span className={`backup-reason backup-reason-${upgrade ? "upgrade" : reason}`}>{text}</span>;
}
