import { useEffect } from 'react';

/** The tab's title follows the page, so history and assistive technology name it. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · LeakWatch`;
  }, [title]);
}
