import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { coversWhole, polygonPoints, type Point } from '../lib/match-explanation.js';

/**
 * A picture with personal data in it: shown blurred, in clear once the viewer asks (the API
 * audits that request), with the matched region outlined in the picture's own coordinates.
 */
export function EvidenceFigure({
  blurredSrc,
  revealedSrc,
  revealed,
  width,
  height,
  outline,
  alt,
  caption,
}: {
  blurredSrc: string;
  /** Null when the viewer may not see this picture in clear. */
  revealedSrc: string | null;
  revealed: boolean;
  /** The coordinate space of `outline` (the source picture's size), when known. */
  width: number | null;
  height: number | null;
  outline: readonly Point[] | null;
  alt: string;
  caption: string;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const clear = revealed && revealedSrc !== null;
  const points =
    width && height && outline && !coversWhole(outline, width, height)
      ? polygonPoints(outline)
      : null;
  return (
    <figure className="evidence">
      <div className="evidence__frame">
        {failed ? (
          <p className="evidence__missing" role="status">
            {t('alertView.imageUnavailable')}
          </p>
        ) : (
          <img
            src={clear ? revealedSrc : blurredSrc}
            alt={alt}
            className="evidence__image"
            onError={() => {
              setFailed(true);
            }}
          />
        )}
        {points && width && height && !failed ? (
          <svg
            className="evidence__outline"
            viewBox={`0 0 ${width} ${height}`}
            preserveAspectRatio="none"
            aria-hidden="true"
          >
            <polygon points={points} vectorEffect="non-scaling-stroke" />
          </svg>
        ) : null}
      </div>
      <figcaption>
        {caption}
        {clear ? null : <span className="evidence__blurred"> · {t('alertView.blurredNote')}</span>}
      </figcaption>
    </figure>
  );
}
