import { useTranslation } from 'react-i18next';
import type { IncidentStatus, Severity } from '../api/types.js';

export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return <span className={`badge badge--severity-${severity}`}>{t(`severity.${severity}`)}</span>;
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--status-${status}`}>{t(`incidentStatus.${status}`)}</span>;
}
