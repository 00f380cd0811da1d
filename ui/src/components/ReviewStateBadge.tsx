import { useTranslation } from "react-i18next";
import type { ReviewState } from "../bindings/ReviewState";

/** A padlock drawn in the text colour (no icon font, no image request). */
function LockIcon() {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M4 7V5a4 4 0 1 1 8 0v2h1a1 1 0 0 1 1 1v7a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1h1zm2 0h4V5a2 2 0 1 0-4 0v2z"
      />
    </svg>
  );
}

/** Where a report is in its review, with a padlock on the states that cannot be edited. */
export function ReviewStateBadge({ state, testId }: { state: ReviewState; testId?: string }) {
  const { t } = useTranslation();
  const locked = state === "Submitted" || state === "Approved";
  return (
    <span className={`review-badge review-${state}`}>
      {locked && <LockIcon />}
      <span data-testid={testId}>{t(`reviewState.${state}`)}</span>
    </span>
  );
}
