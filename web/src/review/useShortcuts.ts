import { useEffect } from 'react';

/**
 * Single-key shortcuts (e.g. A, R, T, N) for the page, ignored while the user types in a field or a dialog
 * is open, and with modifier keys (those belong to the browser).
 */
export function useShortcuts(handlers: Record<string, (() => void) | undefined>, enabled = true) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return;
      const handler = handlers[event.key.toLowerCase()];
      if (!handler) return;
      event.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [handlers, enabled]);
}
