import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../components/document-title.js';
import type { NavItem } from '../lib/navigation.js';

/** A section whose page is not built yet (issue 11 brings them one by one). */
export function ComingSoonPage({ section }: { section: NavItem['id'] }) {
  const { t } = useTranslation();
  const title = t(`nav.${section}`);
  useDocumentTitle(title);
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p className="notice">{t('comingSoon.body')}</p>
    </section>
  );
}
