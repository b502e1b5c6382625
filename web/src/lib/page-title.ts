import { useEffect } from 'react';

/** Screen-reader users hear the document title on navigation; every page names itself. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Privacy Desk`;
  }, [title]);
}
