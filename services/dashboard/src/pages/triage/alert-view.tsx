import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { AlertDetail } from '../../api/types.js';
import { EvidenceFigure } from '../../components/evidence-figure.js';
import { ErrorMessage } from '../../components/error-message.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime } from '../../lib/dates.js';
import { explainMatch } from '../../lib/match-explanation.js';

/**
 * One alert side by side with what it matched: the posted picture and the registered page,
 * the same region outlined in both, the explanation in words, the post and where else the
 * picture appeared.
 */
export function AlertView({
  alertId,
  revealed,
  canReveal,
  onReveal,
}: {
  alertId: string;
  revealed: boolean;
  canReveal: boolean;
  onReveal: (revealed: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const detail = useQuery({
    queryKey: ['alert', alertId],
    queryFn: ({ signal }) =>
      apiRequest<AlertDetail>(`/api/alerts/${encodeURIComponent(alertId)}`, { signal }),
  });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorMessage error={detail.error} />;
  const { alert, explanation, region, image, document, page, sightings } = detail.data;
  const lines = explainMatch(explanation);
  const language = i18n.language;
  const percent = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'vi-VN', {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  const [firstPost, ...otherPosts] = sightings;

  return (
    <section className="alert-view" aria-labelledby="alert-view-title">
      <div className="alert-view__header">
        <h3 id="alert-view-title">{t('alertView.title')}</h3>
        {canReveal ? (
          <button
            type="button"
            className="button button--ghost"
            aria-pressed={revealed}
            onClick={() => {
              onReveal(!revealed);
            }}
          >
            {revealed ? t('alertView.blur') : t('alertView.reveal')}
          </button>
        ) : null}
      </div>
      {revealed ? (
        <p className="notice notice--warning" role="status">
          {t('alertView.revealedNotice')}
        </p>
      ) : null}

      <div className="side-by-side">
        <EvidenceFigure
          blurredSrc={`/api/images/${image.id}/preview`}
          revealedSrc={canReveal ? `/api/images/${image.id}/revealed` : null}
          revealed={revealed}
          width={image.width}
          height={image.height}
          outline={region?.inImage ?? null}
          alt={t('alertView.postedAlt')}
          caption={t('alertView.posted')}
        />
        {document && page?.hasThumbnail ? (
          <EvidenceFigure
            blurredSrc={`/api/documents/${document.id}/pages/${page.pageNumber}/thumbnail`}
            revealedSrc={
              canReveal
                ? `/api/documents/${document.id}/pages/${page.pageNumber}/thumbnail/revealed`
                : null
            }
            revealed={revealed}
            width={page.width}
            height={page.height}
            outline={region?.inPage ?? null}
            alt={t('alertView.registeredAlt', { title: document.title, page: page.pageNumber })}
            caption={t('alertView.registered', { title: document.title, page: page.pageNumber })}
          />
        ) : (
          <div className="evidence evidence--none">
            <p>{document ? t('alertView.noThumbnail') : t('alertView.unregistered')}</p>
          </div>
        )}
      </div>

      <h4>{t('alertView.why')}</h4>
      {alert.kind === 'sensitive_unregistered' ? (
        <p>
          {t('alertView.unregisteredWhy', {
            risk: alert.score === null ? '—' : percent.format(alert.score),
          })}
        </p>
      ) : lines.length === 0 ? (
        <p className="empty">{t('alertView.noExplanation')}</p>
      ) : (
        <>
          <p>
            {t('alertView.score', {
              score: alert.score === null ? '—' : percent.format(alert.score),
            })}
          </p>
          <ul className="explanation">
            {lines.map((line) => (
              <li
                key={line.signal}
                className={`explanation__line explanation__line--${line.strength}`}
              >
                <span className={`badge badge--strength-${line.strength}`}>
                  {t(`explanation.strength.${line.strength}`)}
                </span>{' '}
                {t(`explanation.${line.signal}`, line.values)}
                {line.decisive ? <strong> · {t('explanation.decisive')}</strong> : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {alert.findings.length > 0 ? (
        <p>
          {t('alertView.findings')}{' '}
          {alert.findings
            .map(
              (finding) =>
                `${t(`findings.${finding.kind}`, { defaultValue: finding.kind })}: ${finding.count}`,
            )
            .join(', ')}
        </p>
      ) : null}

      <h4>{t('alertView.post')}</h4>
      {firstPost ? (
        <div className="post">
          <p className="post__meta">
            {firstPost.source.name ?? firstPost.source.url} ·{' '}
            {t('alertView.postedAt', {
              at: formatDateTime(firstPost.postedAt ?? firstPost.firstSeenAt, language),
            })}
            {firstPost.permalink ? (
              <>
                {' · '}
                <a href={firstPost.permalink} target="_blank" rel="noopener noreferrer">
                  {t('alertView.openPost')}
                </a>
              </>
            ) : null}
          </p>
          {firstPost.text ? <blockquote className="post__text">{firstPost.text}</blockquote> : null}
        </div>
      ) : (
        <p className="empty">{t('alertView.noPost')}</p>
      )}

      <h4>{t('alertView.elsewhere', { count: otherPosts.length })}</h4>
      {otherPosts.length === 0 ? (
        <p className="empty">{t('alertView.nowhereElse')}</p>
      ) : (
        <ul className="sightings">
          {otherPosts.map((sighting) => (
            <li key={sighting.postId}>
              {sighting.source.name ?? sighting.source.url} ·{' '}
              {formatDateTime(sighting.postedAt ?? sighting.firstSeenAt, language)}
              {sighting.goneAt ? ` · ${t('alertView.gone')}` : ''}
              {sighting.permalink ? (
                <>
                  {' · '}
                  <a href={sighting.permalink} target="_blank" rel="noopener noreferrer">
                    {t('alertView.openPost')}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
