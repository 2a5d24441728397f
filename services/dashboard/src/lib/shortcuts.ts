/** The triage page's single-key shortcuts. */
export type TriageAction = 'next' | 'previous' | 'confirm' | 'dismiss';

const keys: Readonly<Record<string, TriageAction>> = {
  j: 'next',
  k: 'previous',
  c: 'confirm',
  d: 'dismiss',
};

export interface KeyPress {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** The focused element's tag and whether it is editable. */
  target: { tagName: string; isContentEditable: boolean } | null;
}

const typingTags = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The action a key press asks for, or null: never while typing in a field or with a modifier
 * held (browser and screen-reader shortcuts keep working).
 */
export function triageActionFor(press: KeyPress): TriageAction | null {
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  if (press.target && (typingTags.has(press.target.tagName) || press.target.isContentEditable))
    return null;
  return keys[press.key] ?? null;
}

/** The index after a move through a list of `length` items, staying within it. */
export function moveSelection(index: number, action: 'next' | 'previous', length: number): number {
  if (length === 0) return -1;
  const next = action === 'next' ? index + 1 : index - 1;
  return Math.min(Math.max(next, 0), length - 1);
}
