/**
 * Facebook's CDN URLs are signed and expire (`oh`, `oe`); size variants of one photo share the
 * file name (`<a>_<b>_<c>_n.jpg`), which is therefore the image's stable key.
 */
export function cdnKey(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const name = parsed.pathname.split('/').pop() ?? '';
  return /^\d+_\d+_\d+_[a-z]\.(jpe?g|png|webp|gif)$/i.test(name) ? name : undefined;
}

/** Profile pictures and UI sprites live under their own CDN buckets and are never post images. */
export function isProfileOrUiImage(url: string): boolean {
  return /\/t39\.30808-1\/|\/t1\.30497-1\/|\/rsrc\.php\/|\/emoji\.php\//.test(url);
}

/** Video posters (`/t15.5256-10/`) and link previews (`safe_image.php`, `external…`). */
export function imageKindOf(url: string): 'photo' | 'video-thumb' | 'link-preview' {
  if (/\/t15\.5256-10\/|\/t15\.13418-10\//.test(url)) return 'video-thumb';
  if (/safe_image\.php|^https?:\/\/external[.-]/.test(url)) return 'link-preview';
  return 'photo';
}

/** The edge of the declared size: `s640x640`, `p720x720` in `stp`, when no width is given. */
export function sizeFromUrl(url: string): { width: number; height: number } | undefined {
  const match = /[_=]([sp])(\d{2,4})x(\d{2,4})/.exec(url);
  if (!match) return undefined;
  return { width: Number(match[2]), height: Number(match[3]) };
}
