import { useTranslation } from 'react-i18next';
import { errorMessageFor } from '../api/problem.js';

/** An API or network failure, said in the reader's language; announced to screen readers. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const { key, values } = errorMessageFor(error);
  return (
    <p className="notice notice--error" role="alert">
      {t(key, values)}
    </p>
  );
}
