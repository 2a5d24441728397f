import { useMutation } from '@tanstack/react-query';
import { useId, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../api/client.js';
import { useSignedIn } from '../app/session.js';
import { useDocumentTitle } from '../components/document-title.js';
import { ErrorMessage } from '../components/error-message.js';
import { newPasswordProblems, passwordMinLength, type PasswordProblem } from '../lib/password.js';

export function ChangePasswordPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('password.title'));
  const session = useSignedIn();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problems, setProblems] = useState<PasswordProblem[]>([]);
  const ids = { current: useId(), next: useId(), confirmation: useId(), rules: useId() };
  const change = useMutation({
    mutationFn: () =>
      apiRequest<undefined>('/api/auth/password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
        csrfToken: session.csrfToken,
      }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setConfirmation('');
    },
  });

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const found = newPasswordProblems({ current, next, confirmation, email: session.user.email });
    setProblems(found);
    if (found.length === 0) change.mutate();
  };

  return (
    <section className="page page--narrow" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('password.title')}
      </h1>
      <p className="muted" id={ids.rules}>
        {t('password.rules', { min: passwordMinLength })}
      </p>
      <form className="form" onSubmit={submit}>
        <div className="field">
          <label htmlFor={ids.current}>{t('password.current')}</label>
          <input
            id={ids.current}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(event) => {
              setCurrent(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.next}>{t('password.new')}</label>
          <input
            id={ids.next}
            type="password"
            autoComplete="new-password"
            required
            aria-describedby={ids.rules}
            value={next}
            onChange={(event) => {
              setNext(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.confirmation}>{t('password.confirm')}</label>
          <input
            id={ids.confirmation}
            type="password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(event) => {
              setConfirmation(event.target.value);
            }}
          />
        </div>
        {problems.length > 0 ? (
          <ul className="notice notice--error" role="alert">
            {problems.map((problem) => (
              <li key={problem}>{t(`password.problems.${problem}`, { min: passwordMinLength })}</li>
            ))}
          </ul>
        ) : null}
        {change.isError ? <ErrorMessage error={change.error} /> : null}
        {change.isSuccess ? (
          <p className="notice notice--success" role="status">
            {t('password.changed')}
          </p>
        ) : null}
        <button type="submit" className="button button--primary" disabled={change.isPending}>
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}
