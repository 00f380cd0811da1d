import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isSafeUrl, openExternal } from "../api";

type Props = { href: string; children: ReactNode; className?: string };

/**
 * A link to a web or mail address, opened outside the app (system browser or a new tab). An
 * address that is not http(s) or mailto is shown as plain text, never as a link.
 */
export function ExternalLink({ href, children, className }: Props) {
  const { t } = useTranslation();
  if (!isSafeUrl(href)) return <span className={className}>{children}</span>;
  return (
    <a
      href={href.trim()}
      className={className}
      rel="noopener noreferrer"
      onClick={(e) => {
        e.preventDefault();
        void openExternal(href);
      }}
    >
      {children}
      <span className="visually-hidden"> ({t("link.external")})</span>
    </a>
  );
}
