import { useId, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useLogin, useSession } from '../app/session.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { Loading } from '../components/loading.js';
import { homePathFor } from '../lib/navigation.js';

/** Where to go after signing in: the page that sent the visitor here, if it was one of ours. */
function returnPath(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('from' in state)) return null;
  const from = state.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : null;
}

export function LoginPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('login.title'));
  const session = useSession();
  const login = useLogin();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const emailId = useId();
  const passwordId = useId();

  if (session.isPending) return <Loading />;
  if (session.data)
    return (
      <Navigate to={returnPath(location.state) ?? homePathFor(session.data.permissions)} replace />
    );

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      {
        onSuccess: (signedIn) => {
          void navigate(returnPath(location.state) ?? homePathFor(signedIn.permissions), {
            replace: true,
          });
        },
        onError: () => {
          setPassword('');
        },
      },
    );
  };

  return (
    <main id="main" className="login">
      <div className="login__card">
        <div className="login__top">
          <p className="login__product">{t('shell.product')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={submit} className="form">
          <div className="field">
            <label htmlFor={emailId}>{t('login.email')}</label>
            <input
              id={emailId}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={passwordId}>{t('login.password')}</label>
            <input
              id={passwordId}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </div>
          {login.isError ? <ErrorMessage error={login.error} /> : null}
          <button type="submit" className="button button--primary" disabled={login.isPending}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="muted small">{t('login.help')}</p>
      </div>
    </main>
  );
}
