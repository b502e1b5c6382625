import { useCallback, useRef } from 'react';

/** The element a person acted from; an item of a menu (gone once the menu closes) stands for its button. */
function openerOf(active: Element | null): HTMLElement | null {
  if (!(active instanceof HTMLElement) || active === document.body) return null;
  const menu = active.closest<HTMLElement>('[role="menu"]');
  if (menu?.id) {
    const target = document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`);
    if (target) return target;
  }
  return active;
}

/**
 * Focus goes back where it was when a dialog closes. Dialogs that are mounted only while open (most of the
 * app's) cannot return it themselves: the page calls `capture()` as it opens one and `restore()` as it closes
 * it. If the opener is gone (the action removed it), the nearest landmark heading is left alone and the
 * browser's default applies.
 */
export function useFocusReturn(): { capture: () => void; restore: () => void } {
  const opener = useRef<HTMLElement | null>(null);
  const capture = useCallback(() => {
    opener.current = openerOf(document.activeElement);
  }, []);
  const restore = useCallback(() => {
    const target = opener.current;
    opener.current = null;
    if (!target) return;
    // After the dialog's own focus handling has run and it has left the page.
    window.setTimeout(() => {
      if (target.isConnected) target.focus();
    }, 0);
  }, []);
  return { capture, restore };
}
