import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

type Props = {
  label: string;
  prompt: string;
  confirmLabel: string;
  /** The button that answers "no" (default "Cancel"); name it when "Cancel" would be ambiguous. */
  keepLabel?: string;
  onConfirm: () => void;
  /** data-testid of the first button; the confirming one gets "<testId>-confirm". */
  testId?: string;
  className?: string;
};

/**
 * A button that asks for confirmation inline, because native confirm() is unavailable in the
 * desktop webview. Focus moves to the question and back, so keyboard users never lose their place.
 */
export function ConfirmAction({
  label,
  prompt,
  confirmLabel,
  keepLabel,
  onConfirm,
  testId,
  className,
}: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const hasAsked = useRef(false);
  const promptId = useId();

  useEffect(() => {
    if (asking) {
      hasAsked.current = true;
      confirmRef.current?.focus();
    } else if (hasAsked.current) {
      triggerRef.current?.focus();
    }
  }, [asking]);

  if (!asking) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className={className}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <div className="confirm" role="group" aria-labelledby={promptId}>
      <p id={promptId}>{prompt}</p>
      <button
        ref={confirmRef}
        type="button"
        data-testid={testId && `${testId}-confirm`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button
        type="button"
        className="secondary"
        data-testid={testId && `${testId}-keep`}
        onClick={() => setAsking(false)}
      >
        {keepLabel ?? t("detail.cancel")}
      </button>
    </div>
  );
}
