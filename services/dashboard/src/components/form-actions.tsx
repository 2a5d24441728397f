import { useTranslation } from 'react-i18next';

/** A form's buttons: the main one submits, "cancel" closes without saving. */
export function FormActions({
  submitLabel,
  submitDisabled,
  onCancel,
}: {
  submitLabel: string;
  submitDisabled: boolean;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" className="button button--primary" disabled={submitDisabled}>
        {submitLabel}
      </button>
      <button type="button" className="button button--ghost" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
