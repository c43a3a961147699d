import { useEffect, useState } from "preact/hooks";

/** How long the confirmation waits before the button goes back to its first state. */
const CONFIRM_WINDOW_MS = 6000;

/**
 * A button for something that cannot be undone (revoking): the first press asks, the second does
 * it. Inline rather than `window.confirm`, which blocks the page and is easy to click through.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  busy = false,
  onConfirm,
}: {
  label: string;
  /** What the second press does, e.g. "Revoke agent-1 for good". */
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = setTimeout(() => setAsking(false), CONFIRM_WINDOW_MS);
    return () => clearTimeout(timer);
  }, [asking]);
  if (!asking)
    return (
      <button type="button" class="button secondary small" disabled={busy} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span class="confirm">
      <button
        type="button"
        class="button danger small"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="button secondary small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
