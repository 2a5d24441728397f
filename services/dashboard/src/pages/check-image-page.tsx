import { useMutation } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImageMatchResult } from '../api/types.js';
import { uploadFile } from '../api/upload.js';
import { hasPermission, useSignedIn } from '../app/session.js';
import { useDocumentTitle } from '../components/document-title.js';
import { FileDrop } from '../components/file-drop.js';
import {
  fileProblemMessage,
  formatFileSize,
  imageAccept,
  imageFileProblem,
  matchReasons,
  maxImageBytes,
  megabytes,
  pickPastedFile,
  uploadErrorMessage,
  type FileProblem,
} from '../lib/document-uploads.js';

interface Chosen {
  file: File;
  /** An object URL for the preview; revoked when another image replaces it or the page closes. */
  url: string;
  pasted: boolean;
}

const editableTags = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function CheckImagePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('checkImage.title'));
  const session = useSignedIn();
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [uploaded, setUploaded] = useState(0);
  const [previewFailed, setPreviewFailed] = useState(false);
  const urlRef = useRef<string | null>(null);
  const requestRef = useRef<AbortController | null>(null);
  // "Check another image" returns the focus to the visible picker button.
  const chooseRef = useRef<HTMLButtonElement>(null);
  const progressId = useId();

  const check = useMutation({
    mutationFn: ({ file, signal }: { file: File; signal: AbortSignal }) =>
      uploadFile<ImageMatchResult>('/api/match', file, {
        fileName: file.name || 'image',
        csrfToken: session.csrfToken,
        signal,
        onProgress: (loaded, total) => {
          setUploaded(total > 0 ? Math.min(99, Math.floor((loaded / total) * 100)) : 0);
        },
      }),
  });

  const forget = () => {
    requestRef.current?.abort();
    requestRef.current = null;
    if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    urlRef.current = null;
  };

  useEffect(
    () => () => {
      requestRef.current?.abort();
      if (urlRef.current) URL.revokeObjectURL(urlRef.current);
    },
    [],
  );

  const choose = (file: File, pasted: boolean) => {
    forget();
    check.reset();
    setPreviewFailed(false);
    const found = imageFileProblem(file);
    setProblem(found);
    if (found) {
      setChosen(null);
      return;
    }
    const url = URL.createObjectURL(file);
    urlRef.current = url;
    setChosen({ file, url, pasted });
    setUploaded(0);
    const controller = new AbortController();
    requestRef.current = controller;
    check.mutate({ file, signal: controller.signal });
  };

  const clear = () => {
    forget();
    check.reset();
    setChosen(null);
    setProblem(null);
    chooseRef.current?.focus();
  };

  // Ctrl+V anywhere on the page checks the image on the clipboard (not inside a text field).
  const onPaste = useEffectEvent((event: ClipboardEvent) => {
    const target = event.target;
    if (
      target instanceof HTMLElement &&
      (editableTags.has(target.tagName) || target.isContentEditable)
    )
      return;
    const picked = pickPastedFile(Array.from(event.clipboardData?.files ?? []));
    event.preventDefault();
    if ('file' in picked) choose(picked.file, true);
    else {
      forget();
      check.reset();
      setChosen(null);
      setProblem(picked.problem);
    }
  });
  useEffect(() => {
    const listener = (event: ClipboardEvent) => {
      onPaste(event);
    };
    document.addEventListener('paste', listener);
    return () => {
      document.removeEventListener('paste', listener);
    };
  }, []);

  const problemText = problem
    ? (() => {
        const { key, values } = fileProblemMessage(problem);
        return t(key, values);
      })()
    : null;
  const failure = check.isError ? uploadErrorMessage(check.error) : null;

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page__header">
        <h1 id="page-title" tabIndex={-1}>
          {t('checkImage.title')}
        </h1>
      </div>
      <p className="muted">{t('checkImage.intro')}</p>

      <FileDrop
        text={t('checkImage.dropHere')}
        chooseLabel={t('checkImage.choose')}
        chooseClassName="button button--primary"
        chooseRef={chooseRef}
        accept={imageAccept}
        testId="check-image-file"
        hint={
          <>
            <kbd>Ctrl</kbd>+<kbd>V</kbd> {t('checkImage.pasteHint')}{' '}
            {t('checkImage.accepted', { max: megabytes(maxImageBytes) })}
          </>
        }
        onFiles={([file]) => {
          if (file) choose(file, false);
        }}
      />

      {problemText ? (
        <p className="notice notice--error" role="alert">
          {problemText}
        </p>
      ) : null}

      {chosen ? (
        <div className="image-check">
          <figure className="image-check__preview">
            {previewFailed ? (
              <p className="image-check__no-preview">{t('checkImage.noPreview')}</p>
            ) : (
              <img
                src={chosen.url}
                alt={t('checkImage.previewAlt', { name: chosen.file.name })}
                onError={() => {
                  setPreviewFailed(true);
                }}
              />
            )}
            <figcaption>
              {chosen.pasted ? t('checkImage.pasted') : chosen.file.name} ·{' '}
              {formatFileSize(chosen.file.size, i18n.language)}
            </figcaption>
          </figure>

          <div className="image-check__result" aria-live="polite" aria-busy={check.isPending}>
            {check.isPending ? (
              <div className="image-check__pending">
                <span id={progressId}>
                  {uploaded < 99
                    ? t('checkImage.sending', { percent: uploaded })
                    : t('checkImage.checking')}
                </span>
                <progress aria-labelledby={progressId} max={100} />
              </div>
            ) : failure ? (
              <p className="notice notice--error" role="alert">
                {t(failure.key, failure.values)}
              </p>
            ) : check.data ? (
              <Verdict result={check.data} />
            ) : null}
            <div className="actions">
              <button type="button" className="button" onClick={clear}>
                {t('checkImage.another')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Verdict({ result }: { result: ImageMatchResult }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const canSeeDocuments = hasPermission(session, 'documents:read');
  const headingId = useId();
  const percent = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  const seconds = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', {
    maximumFractionDigits: 1,
  });
  return (
    <article
      className={`match-verdict match-verdict--${result.verdict}`}
      aria-labelledby={headingId}
    >
      <h2 id={headingId} className="match-verdict__heading">
        {t(`checkImage.verdict.${result.verdict}`)}
      </h2>
      <p className="match-verdict__explain">{t(`checkImage.explain.${result.verdict}`)}</p>

      {result.matches.length > 0 ? (
        <ol className="match-verdict__matches">
          {result.matches.map((match) => (
            <li key={`${match.documentId}-${match.page}`} className="match-verdict__match">
              <p className="match-verdict__document">
                {canSeeDocuments ? (
                  <Link
                    to={`/documents?${new URLSearchParams({ q: match.title, status: 'all' }).toString()}`}
                  >
                    {match.title}
                  </Link>
                ) : (
                  match.title
                )}
              </p>
              <dl className="facts">
                <div>
                  <dt>{t('checkImage.page')}</dt>
                  <dd>{match.page}</dd>
                </div>
                <div>
                  <dt>{t('checkImage.score')}</dt>
                  <dd>{percent.format(match.score)}</dd>
                </div>
              </dl>
              <h3>{t('checkImage.reasons')}</h3>
              <ul className="match-verdict__reasons">
                {matchReasons(match.signals).map((reason) => (
                  <li key={reason.signal}>
                    {t(`checkImage.signals.${reason.signal}`)}{' '}
                    <span className="muted small">
                      {reason.decisive ? t('checkImage.decisive') : t('checkImage.supporting')}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      ) : null}

      {result.findings.length > 0 ? (
        <>
          <h3>{t('checkImage.findings')}</h3>
          <ul className="match-verdict__findings">
            {result.findings.map((finding) => (
              <li key={finding.kind}>
                {t(`findings.${finding.kind}`, { defaultValue: finding.kind })}: {finding.count}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.risk > 0 ? (
        <p>{t('checkImage.risk', { percent: percent.format(result.risk) })}</p>
      ) : null}
      {result.suppressed.length > 0 ? (
        <p className="muted">{t('checkImage.suppressed', { count: result.suppressed.length })}</p>
      ) : null}
      <p className="muted small">
        {t('checkImage.took', { seconds: seconds.format(result.seconds) })}{' '}
        <span className="match-verdict__sha">{t('checkImage.sha', { sha: result.sha256 })}</span>
      </p>
    </article>
  );
}
