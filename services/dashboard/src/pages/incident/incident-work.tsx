import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { apiRequest } from '../../api/client.js';
import type { IncidentDetail, IncidentStatus, Sighting } from '../../api/types.js';
import { useSignedIn } from '../../app/session.js';
import { EvidenceFigure } from '../../components/evidence-figure.js';
import { ErrorMessage } from '../../components/error-message.js';
import { formatDateTime } from '../../lib/dates.js';
import {
  movesFrom,
  resolutionProblem,
  spreadPath,
  spreadSeries,
  usualNextStep,
} from '../../lib/incident-course.js';

function useIncidentChange(incidentId: string) {
  const session = useSignedIn();
  const queryClient = useQueryClient();
  return {
    csrfToken: session.csrfToken,
    refresh: () => queryClient.invalidateQueries({ queryKey: ['incidents'] }),
    path: `/api/incidents/${encodeURIComponent(incidentId)}`,
  };
}

/** Status, what to do next, and the buttons to move the incident on. */
export function NextStep({
  incident,
  canManage,
}: {
  incident: IncidentDetail['incident'];
  canManage: boolean;
}) {
  const { t } = useTranslation();
  const { csrfToken, refresh, path } = useIncidentChange(incident.id);
  const [target, setTarget] = useState<IncidentStatus | null>(null);
  const [resolution, setResolution] = useState('');
  const resolutionId = useId();
  const move = useMutation({
    mutationFn: (body: { status: IncidentStatus; resolution?: string }) =>
      apiRequest(path, { method: 'PATCH', body, csrfToken }),
    onSuccess: async () => {
      setTarget(null);
      setResolution('');
      await refresh();
    },
  });
  const usual = usualNextStep(incident.status);
  // Closing asks for the resolution first; every other move happens on its button.
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (target !== 'closed' || resolutionProblem('closed', resolution)) return;
    move.mutate({ status: 'closed', resolution: resolution.trim() });
  };
  return (
    <section className="next-step" aria-labelledby="next-step-title">
      <h2 id="next-step-title">{t('incidentWork.nextStep')}</h2>
      <p>{t(`incidentWork.advice.${incident.status}`)}</p>
      {canManage ? (
        <form className="form" onSubmit={submit} aria-label={t('incidentWork.moveForm')}>
          <div className="actions">
            {movesFrom(incident.status).map((status) => (
              <button
                key={status}
                type="button"
                className={status === usual ? 'button button--primary' : 'button'}
                disabled={move.isPending}
                aria-expanded={status === 'closed' ? target === 'closed' : undefined}
                onClick={() => {
                  if (status === 'closed') setTarget(target === 'closed' ? null : 'closed');
                  else move.mutate({ status });
                }}
              >
                {t(`incidentWork.moveTo.${status}`)}
              </button>
            ))}
          </div>
          {target === 'closed' ? (
            <div className="field">
              <label htmlFor={resolutionId}>{t('incidentWork.resolution')}</label>
              <textarea
                id={resolutionId}
                rows={3}
                required
                minLength={3}
                maxLength={4000}
                value={resolution}
                onChange={(event) => {
                  setResolution(event.target.value);
                }}
              />
              <div className="actions">
                <button
                  type="submit"
                  className="button button--primary"
                  disabled={move.isPending || resolutionProblem('closed', resolution) !== null}
                >
                  {t('incidentWork.closeSubmit')}
                </button>
              </div>
            </div>
          ) : null}
          {move.isError ? <ErrorMessage error={move.error} /> : null}
        </form>
      ) : null}
    </section>
  );
}

export function Tasks({
  incidentId,
  tasks,
  canManage,
}: {
  incidentId: string;
  tasks: IncidentDetail['tasks'];
  canManage: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { csrfToken, refresh, path } = useIncidentChange(incidentId);
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const titleId = useId();
  const dueId = useId();
  const add = useMutation({
    mutationFn: () =>
      apiRequest(`${path}/tasks`, {
        method: 'POST',
        csrfToken,
        body: { title: title.trim(), dueAt: due ? new Date(due).toISOString() : null },
      }),
    onSuccess: async () => {
      setTitle('');
      setDue('');
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: ({ id, done }: { id: string; done: boolean }) =>
      apiRequest(`${path}/tasks/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        csrfToken,
        body: { done },
      }),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">{t('incidentWork.tasks')}</h2>
      {tasks.length === 0 ? (
        <p className="empty">{t('incidentWork.noTasks')}</p>
      ) : (
        <ul className="tasks">
          {tasks.map((task) => (
            <li
              key={task.id}
              className={task.done ? 'tasks__item tasks__item--done' : 'tasks__item'}
            >
              <label>
                <input
                  type="checkbox"
                  checked={task.done}
                  disabled={!canManage || toggle.isPending}
                  onChange={(event) => {
                    toggle.mutate({ id: task.id, done: event.target.checked });
                  }}
                />{' '}
                {task.title}
              </label>
              {task.dueAt ? (
                <span className="tasks__due">
                  {' '}
                  · {t('incidentWork.due', { at: formatDateTime(task.dueAt, i18n.language) })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {toggle.isError ? <ErrorMessage error={toggle.error} /> : null}
      {canManage ? (
        <form
          className="form form--inline"
          aria-label={t('incidentWork.addTask')}
          onSubmit={(event) => {
            event.preventDefault();
            if (title.trim().length >= 3) add.mutate();
          }}
        >
          <div className="field">
            <label htmlFor={titleId}>{t('incidentWork.taskTitle')}</label>
            <input
              id={titleId}
              required
              minLength={3}
              maxLength={500}
              value={title}
              onChange={(event) => {
                setTitle(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={dueId}>{t('incidentWork.taskDue')}</label>
            <input
              id={dueId}
              type="datetime-local"
              value={due}
              onChange={(event) => {
                setDue(event.target.value);
              }}
            />
          </div>
          <button
            type="submit"
            className="button"
            disabled={add.isPending || title.trim().length < 3}
          >
            {t('incidentWork.addTask')}
          </button>
          {add.isError ? <ErrorMessage error={add.error} /> : null}
        </form>
      ) : null}
    </section>
  );
}

export function CommentForm({ incidentId }: { incidentId: string }) {
  const { t } = useTranslation();
  const { csrfToken, refresh, path } = useIncidentChange(incidentId);
  const [text, setText] = useState('');
  const textId = useId();
  const add = useMutation({
    mutationFn: () =>
      apiRequest(`${path}/comments`, { method: 'POST', csrfToken, body: { text: text.trim() } }),
    onSuccess: async () => {
      setText('');
      await refresh();
    },
  });
  return (
    <form
      className="form comment-form"
      aria-label={t('incidentWork.addComment')}
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) add.mutate();
      }}
    >
      <div className="field">
        <label htmlFor={textId}>{t('incidentWork.comment')}</label>
        <textarea
          id={textId}
          rows={2}
          maxLength={8000}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
      </div>
      <button type="submit" className="button" disabled={add.isPending || !text.trim()}>
        {t('incidentWork.addComment')}
      </button>
      {add.isError ? <ErrorMessage error={add.error} /> : null}
    </form>
  );
}

/** The leaked pictures, blurred until the viewer chooses to see them (the API audits it). */
export function EvidenceGallery({
  alerts,
  canReveal,
}: {
  alerts: IncidentDetail['alerts'];
  canReveal: boolean;
}) {
  const { t } = useTranslation();
  const [revealed, setRevealed] = useState(false);
  const images = [...new Set(alerts.map((alert) => alert.imageId))];
  return (
    <section aria-labelledby="evidence-title">
      <div className="alert-view__header">
        <h2 id="evidence-title">{t('incidentWork.evidence', { count: images.length })}</h2>
        {canReveal && images.length > 0 ? (
          <button
            type="button"
            className="button button--ghost"
            aria-pressed={revealed}
            onClick={() => {
              setRevealed(!revealed);
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
      <div className="gallery">
        {images.map((imageId, index) => (
          <EvidenceFigure
            key={imageId}
            blurredSrc={`/api/images/${imageId}/preview`}
            revealedSrc={canReveal ? `/api/images/${imageId}/revealed` : null}
            revealed={revealed}
            width={null}
            height={null}
            outline={null}
            alt={t('incidentWork.evidenceAlt', { number: index + 1 })}
            caption={t('incidentWork.evidenceCaption', { number: index + 1 })}
          />
        ))}
      </div>
    </section>
  );
}

/** Posts over time, as a step line, with the same figures in words for screen readers. */
export function SpreadChart({ sightings }: { sightings: Sighting[] }) {
  const { t, i18n } = useTranslation();
  const [now] = useState(() => Date.now());
  const points = spreadSeries(sightings, now);
  const path = spreadPath(points, 600, 120);
  const first = points[0];
  const last = points.at(-1);
  if (!path || !first || !last) return null;
  return (
    <figure className="spread-chart">
      <svg viewBox="-4 -8 608 136" role="img" aria-labelledby="spread-chart-caption">
        <path d={path} />
      </svg>
      <figcaption id="spread-chart-caption">
        {t('incidentWork.spreadCaption', {
          count: last.posts,
          from: formatDateTime(new Date(first.at).toISOString(), i18n.language),
          to: formatDateTime(new Date(last.at).toISOString(), i18n.language),
        })}
      </figcaption>
    </figure>
  );
}
