import { useDebouncedCallback } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';

/**
 * A typed filter (a search box, an id) kept in the URL: the field shows every key at once, the URL gets the
 * trimmed text after a pause (replacing the history entry, so Back skips the keystrokes), and the field
 * follows the URL when it changes from elsewhere — Back, a saved view, "Clear filters" — but not when the
 * change is its own write coming back.
 */
export function useUrlTextFilter(
  urlValue: string | undefined,
  write: (value: string | undefined) => void,
  delayMs = 350,
): { draft: string; onDraftChange: (value: string) => void } {
  const [draft, setDraft] = useState(urlValue ?? '');
  const lastWritten = useRef(urlValue ?? '');
  const writeLater = useDebouncedCallback((value: string) => {
    lastWritten.current = value.trim();
    write(value.trim() || undefined);
  }, delayMs);

  const current = urlValue ?? '';
  useEffect(() => {
    if (current !== lastWritten.current) {
      lastWritten.current = current;
      setDraft(current);
    }
  }, [current]);

  return {
    draft,
    onDraftChange: (value: string) => {
      setDraft(value);
      writeLater(value);
    },
  };
}
