import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes } from 'react-router';
import { useSignedIn } from '../app/session.js';
import { useDocumentTitle } from '../components/document-title.js';
import { visibleAdminSections, type AdminSection } from '../lib/admin-forms.js';
import { DeadlinesAdmin } from './admin/deadlines-admin.js';
import { FloodHoldsAdmin } from './admin/flood-holds-admin.js';
import { RoutingAdmin } from './admin/routing-admin.js';
import { SuppressedAdmin } from './admin/suppressed-admin.js';
import { UsersAdmin } from './admin/users-admin.js';

const pages: Record<AdminSection['id'], () => ReactNode> = {
  users: () => <UsersAdmin />,
  routing: () => <RoutingAdmin />,
  deadlines: () => <DeadlinesAdmin />,
  suppressed: () => <SuppressedAdmin />,
  'flood-holds': () => <FloodHoldsAdmin />,
};

/**
 * Administration: accounts, routing, deadline rules, the negative bank, flood holds. Each section
 * is a page of its own (/admin/<section>); the sub-navigation lists only those the person may use.
 */
export function AdminPage() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const sections = visibleAdminSections(session.permissions);
  const first = sections[0];

  return (
    <section className="page admin-area" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('nav.admin')}
      </h1>
      {sections.length > 1 ? (
        <nav className="sub-nav" aria-label={t('adminPage.sectionsLabel')}>
          <ul>
            {sections.map((section) => (
              <li key={section.id}>
                <NavLink to={section.path}>
                  {section.labelKey ? t(section.labelKey) : t(`adminPage.sections.${section.id}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Routes>
        <Route index element={first ? <Navigate to={first.path} replace /> : <NoAdminAccess />} />
        {sections.map((section) => (
          <Route key={section.id} path={section.id} element={pages[section.id]()} />
        ))}
        {sections
          .filter((section) => section.recordPages)
          .map((section) => (
            <Route
              key={`${section.id}/:id`}
              path={`${section.id}/:id`}
              element={pages[section.id]()}
            />
          ))}
        <Route path="*" element={<NoAdminAccess />} />
      </Routes>
    </section>
  );
}

/** An address under /admin that is not a section, or one this person may not use. */
function NoAdminAccess() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.admin'));
  return (
    <div className="notice" role="status">
      <p>{t('adminPage.unavailable')}</p>
      <p>
        <Link to="/">{t('adminPage.home')}</Link>
      </p>
    </div>
  );
}
