export type Messages = Record<string, unknown>;

/**
 * A language's messages come in several files (one per part of the app, so each part's texts
 * sit together); each file owns its top-level groups. Two files claiming the same group is a
 * mistake that would silently hide texts, so it stops the app instead.
 */
export function mergeLocaleFiles(files: Readonly<Record<string, Messages>>): Messages {
  const merged: Messages = {};
  const owner = new Map<string, string>();
  for (const [file, messages] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [group, value] of Object.entries(messages)) {
      const earlier = owner.get(group);
      if (earlier !== undefined)
        throw new Error(`translation group "${group}" is in both ${earlier} and ${file}`);
      owner.set(group, file);
      merged[group] = value;
    }
  }
  return merged;
}
