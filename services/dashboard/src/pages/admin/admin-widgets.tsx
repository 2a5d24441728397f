import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/error-message.js';
import type { FormProblem } from '../../lib/admin-forms.js';

/** What a form found wrong before sending, one line each; announced as soon as it appears. */
export function FormProblems({ problems }: { problems: readonly FormProblem[] }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <ul className="notice notice--error" role="alert">
      {problems.map((problem) => (
        <li key={`${problem.field}-${problem.key}`}>
          {t(`adminForms.problems.${problem.key}`, problem.values)}
        </li>
      ))}
    </ul>
  );
}

export function hasProblem(problems: readonly FormProblem[], field: string): boolean {
  return problems.some((problem) => problem.field === field);
}

/** After a refused submit, the keyboard lands on the first field to correct. */
export function useFocusFirstProblem(
  form: RefObject<HTMLFormElement | null>,
  problems: readonly FormProblem[],
): void {
  useEffect(() => {
    if (problems.length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, problems]);
}

/** The outcome of the last action, in a live region that exists before anything is said. */
export function StatusMessage({ message }: { message: string | null }) {
  return (
    <div role="status" className="admin-status">
      {message ? <p className="notice notice--success">{message}</p> : null}
    </div>
  );
}

/**
 * A one-time password, shown once: the API keeps only its hash. A copy button, and a button to
 * put it away once it has been handed over.
 */
export function OneTimePassword({
  email,
  password,
  onDone,
}: {
  email: string;
  password: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section className="one-time-password" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {t('usersAdmin.password.title', { email })}
      </h3>
      <p>{t('usersAdmin.password.explain')}</p>
      <p className="one-time-password__value">
        <code data-testid="one-time-password">{password}</code>
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => {
            navigator.clipboard.writeText(password).then(
              () => {
                setCopied('yes');
              },
              () => {
                setCopied('failed');
              },
            );
          }}
        >
          {t('usersAdmin.password.copy')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('usersAdmin.password.done')}
        </button>
      </div>
      <p role="status" className="small">
        {copied === 'yes'
          ? t('usersAdmin.password.copied')
          : copied === 'failed'
            ? t('usersAdmin.password.copyFailed')
            : ''}
      </p>
    </section>
  );
}

/**
 * A question before something that cannot be taken back lightly. A modal <dialog>: focus stays
 * inside, Escape cancels, and focus returns to the button that opened it.
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  busy,
  error,
  danger = true,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  error: unknown;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog && !dialog.open) dialog.showModal();
    // The safe answer first: Enter on a dialog just opened must not destroy anything.
    cancelRef.current?.focus();
    return () => {
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={titleId} onClose={onCancel}>
      <h2 id={titleId}>{title}</h2>
      {children}
      {error ? <ErrorMessage error={error} /> : null}
      <div className="actions">
        <button
          type="button"
          className={danger ? 'button button--danger' : 'button button--primary'}
          disabled={busy}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button ref={cancelRef} type="button" className="button button--ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
