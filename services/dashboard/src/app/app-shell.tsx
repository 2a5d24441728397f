import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import type { SignedIn } from '../api/types.js';
import { ErrorMessage } from '../components/error-message.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { Loading } from '../components/loading.js';
import { visibleNavItems } from '../lib/navigation.js';
import { LiveIndicator, useLiveUpdates } from './live-updates.js';
import { useLogout, useSession } from './session.js';

/** Header, navigation and the page; signed-out visitors go to the sign-in page. */
export function AppShell() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorMessage error={session.error} />;
  if (!session.data)
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;

  const items = visibleNavItems(session.data.permissions);
  return <SignedInShell items={items} session={session.data} />;
}

/** Mounted only when signed in, so the live-update stream opens with a session. */
function SignedInShell({
  items,
  session,
}: {
  items: ReturnType<typeof visibleNavItems>;
  session: SignedIn;
}) {
  const { t } = useTranslation();
  const live = useLiveUpdates();
  const mainRef = useRef<HTMLElement>(null);
  const location = useLocation();

  // A new page moves focus to its heading, as a full page load would for screen readers.
  useEffect(() => {
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    heading?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="app-header">
        <div className="app-header__brand">
          <span className="app-header__product">{t('shell.product')}</span>
          <span className="app-header__tagline">{t('shell.tagline')}</span>
        </div>
        <nav className="app-nav" aria-label={t('shell.navigation')}>
          <ul>
            {items.map((item) => (
              <li key={item.id}>
                <NavLink to={item.path}>{t(`nav.${item.id}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="app-header__tools">
          <LiveIndicator state={live} />
          <LanguageSwitch />
          <UserMenu
            displayName={session.user.displayName}
            role={session.user.role}
            csrfToken={session.csrfToken}
          />
        </div>
      </header>
      <main id="main" ref={mainRef} className="app-main">
        <Outlet />
      </main>
    </>
  );
}

function UserMenu({
  displayName,
  role,
  csrfToken,
}: {
  displayName: string;
  role: string;
  csrfToken: string;
}) {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <details className="user-menu">
      <summary>
        <span className="user-menu__name">{displayName}</span>
        <span className="user-menu__role">{t(`roles.${role}`)}</span>
      </summary>
      <ul className="user-menu__list">
        <li>
          <NavLink to="/account/password">{t('nav.changePassword')}</NavLink>
        </li>
        <li>
          <button
            type="button"
            className="button button--ghost"
            disabled={logout.isPending}
            onClick={() => {
              logout.mutate(csrfToken, {
                onSettled: () => {
                  void navigate('/login', { replace: true });
                },
              });
            }}
          >
            {t('shell.logout')}
          </button>
        </li>
      </ul>
    </details>
  );
}
