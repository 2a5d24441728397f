/**
 * Every JSON document a Facebook response carries, whatever the wrapping:
 * - `/api/graphql/` bodies: NDJSON (one JSON object per line: `data`, Relay `$stream` edges, a
 *   `$defer` line with `page_info`, `extensions.is_final`);
 * - `/ajax/` bodies: the `for (;;);` anti-hijacking prefix before one object;
 * - page HTML: `<script type="application/json" data-sjs>` blocks (2024+), and older script calls
 *   such as `ScheduledApplyEach`/`handleWithCustomApplyEach(…, {…})` with object literals inside;
 * - the mobile site's `<code><!-- … --></code>` wrapped fragments (parsed as HTML again).
 */
export function extractJsonDocuments(body: string): unknown[] {
  const text = body.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('for (;;);')) return extractJsonDocuments(text.slice('for (;;);'.length));
  if (text.startsWith('{') || text.startsWith('[')) {
    const lines = parseJsonLines(text);
    if (lines.length > 0) return lines;
  }
  return extractFromHtml(body);
}

/** One object per line (NDJSON), or the whole body as one document. */
function parseJsonLines(text: string): unknown[] {
  const whole = tryParse(text);
  if (whole !== undefined) return [whole];
  const documents: unknown[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const parsed = tryParse(trimmed);
    if (parsed !== undefined) documents.push(parsed);
  }
  return documents;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const scriptPattern = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const commentedCodePattern = /<code\b[^>]*><!--([\s\S]*?)--><\/code>/gi;

function extractFromHtml(html: string): unknown[] {
  const documents: unknown[] = [];
  for (const [, attributes = '', content = ''] of html.matchAll(scriptPattern)) {
    if (/type\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)) {
      const parsed = tryParse(content.trim());
      if (parsed !== undefined) {
        documents.push(parsed);
        continue;
      }
    }
    // Script calls carry object literals that are valid JSON; take every balanced one.
    documents.push(...balancedJsonObjects(content));
  }
  for (const [, inner = ''] of html.matchAll(commentedCodePattern))
    documents.push(...extractFromHtml(inner));
  return documents;
}

/**
 * The top-level `{…}` spans in a script that parse as JSON. Strings are tracked so braces inside
 * them do not count; spans that are JavaScript rather than JSON are skipped.
 */
export function balancedJsonObjects(script: string): unknown[] {
  const found: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString: '"' | "'" | undefined;
  for (let i = 0; i < script.length; i += 1) {
    const char = script[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === inString) inString = undefined;
      continue;
    }
    if (char === '"' || char === "'") inString = char;
    else if (char === '{') {
      if (depth === 0) start = i;
      depth += 1;
    } else if (char === '}' && depth > 0) {
      depth -= 1;
      if (depth === 0 && start >= 0) {
        const parsed = tryParse(script.slice(start, i + 1));
        // A JavaScript object around JSON ones: look inside it instead.
        if (parsed !== undefined) found.push(parsed);
        else found.push(...balancedJsonObjects(script.slice(start + 1, i)));
        start = -1;
      }
    }
  }
  return found;
}
