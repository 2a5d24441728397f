import type { Block, DocumentSpec } from '../content/document-model.js';
import { formatDate } from '../content/document-model.js';
import type { Random } from '../random.js';

/**
 * HTML for a Decree 30/2020/NĐ-CP document: A4, Times-metric serif (Liberation Serif has full
 * Vietnamese coverage), margins 20/15/20/30 mm, the two-column header (agency left, national
 * title right), body blocks, and the recipients + signature block with a red seal. Blocks are
 * laid out in one flow; `paginationScript` then packs them into A4 sheets in the browser, so
 * the PDF and the page images are cut at exactly the same places.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const css = `
@page { size: A4; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 13pt; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { position: relative; width: 210mm; height: 297mm; padding: 20mm 15mm 20mm 30mm; overflow: hidden; page-break-after: always; break-after: page; background: #fff; }
.page:last-child { page-break-after: auto; break-after: auto; }
.page .body { height: 257mm; overflow: hidden; }
.pageno { position: absolute; top: 9mm; left: 0; right: 0; text-align: center; font-size: 13pt; }
.header { display: grid; grid-template-columns: 44% 56%; text-align: center; line-height: 1.25; margin-bottom: 5mm; }
.header .left .parent { font-size: 12.5pt; }
.header .left .agency { font-weight: bold; font-size: 12.5pt; }
.rule { margin: 1mm auto 2mm; height: 0; border-top: 0.8pt solid #111; }
.header .left .rule { width: 30%; }
.header .right .motto { font-weight: bold; font-size: 13pt; display: inline-block; }
.header .right .nation { font-weight: bold; font-size: 12pt; }
.header .right .rule { width: 62%; }
.header .number { font-size: 13pt; margin-top: 1mm; }
.header .subject { font-size: 12pt; margin: 1mm 4mm 0; }
.header .date { font-style: italic; margin-top: 2mm; }
.mark { display: inline-block; border: 1.2pt solid #111; font-weight: bold; padding: 0.5mm 3mm; margin-top: 2mm; font-size: 12pt; }
.mark.secret { color: #c1121f; border-color: #c1121f; }
.title { text-align: center; font-weight: bold; margin: 3mm 0 3mm; line-height: 1.3; }
.title .first { font-size: 14pt; }
.authority { text-align: center; font-weight: bold; margin-bottom: 3mm; }
.addressee { display: grid; grid-template-columns: 26mm 1fr; margin: 2mm 0 3mm 12mm; line-height: 1.35; }
.heading { font-weight: bold; margin: 2.5mm 0 1mm; }
p.par { margin: 0 0 2mm; text-align: justify; line-height: 1.35; }
p.indent { text-indent: 12.7mm; }
p.centered { text-align: center; }
.trow { display: grid; border-left: 0.7pt solid #111; font-size: 10.5pt; line-height: 1.25; }
.trow > div { border-right: 0.7pt solid #111; border-bottom: 0.7pt solid #111; padding: 1mm 1mm; overflow-wrap: break-word; }
.trow > div.c { white-space: nowrap; overflow: hidden; }
.trow.thead { border-top: 0.7pt solid #111; font-weight: bold; text-align: center; }
.trow.thead > div { display: flex; align-items: center; justify-content: center; }
.trow.first-after-break { border-top: 0.7pt solid #111; }
.c { text-align: center; }
.closing { display: grid; grid-template-columns: 50% 50%; margin-top: 4mm; }
.receivers { font-size: 11pt; line-height: 1.3; }
.receivers .label { font-weight: bold; font-style: italic; font-size: 12pt; }
.signer { position: relative; text-align: center; font-weight: bold; line-height: 1.3; min-height: 52mm; }
.signer .name { position: absolute; left: 0; right: 0; bottom: 0; }
.signer svg { position: absolute; }
`;

function header(spec: DocumentSpec): string {
  const { agency } = spec;
  const marks = [
    spec.urgency ? `<div><span class="mark">${spec.urgency}</span></div>` : '',
    spec.secret ? `<div><span class="mark secret">${spec.secret}</span></div>` : '',
  ].join('');
  return `<div class="blk header">
  <div class="left">
    <div class="parent">${escapeHtml(agency.parent)}</div>
    <div class="agency">${escapeHtml(agency.name)}</div>
    <div class="rule"></div>
    <div class="number">Số: ${escapeHtml(spec.numberSymbol)}</div>
    ${spec.subjectLine ? `<div class="subject">${escapeHtml(spec.subjectLine)}</div>` : ''}
    ${marks}
  </div>
  <div class="right">
    <div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
    <div class="motto">Độc lập - Tự do - Hạnh phúc</div>
    <div class="rule"></div>
    <div class="date">${escapeHtml(spec.place)}, ${formatDate(spec.date)}</div>
  </div>
</div>`;
}

function tableRows(block: Extract<Block, { type: 'table' }>, tableId: string): string {
  const template = block.columns.map((c) => `${c.width}fr`).join(' ');
  const row = (cells: string[], head: boolean) =>
    `<div class="blk trow${head ? ' thead kwn' : ''}" data-table="${tableId}" style="grid-template-columns:${template}">${cells
      .map(
        (cell, i) =>
          `<div class="${!head && block.columns[i]?.align === 'center' ? 'c' : ''}">${escapeHtml(cell)}</div>`,
      )
      .join('')}</div>`;
  return [
    row(
      block.columns.map((c) => c.title),
      true,
    ),
    ...block.rows.map((r) => row(r, false)),
  ].join('\n');
}

function blockHtml(block: Block, index: number): string {
  switch (block.type) {
    case 'title':
      return `<div class="blk title kwn">${block.lines.map((line, i) => `<div class="${i === 0 ? 'first' : ''}">${escapeHtml(line)}</div>`).join('')}</div>`;
    case 'authority':
      return `<div class="blk authority kwn">${escapeHtml(block.text)}</div>`;
    case 'addressee':
      return `<div class="blk addressee"><div>Kính gửi:</div><div>${block.lines.map((line) => `<div>- ${escapeHtml(line)}</div>`).join('')}</div></div>`;
    case 'heading':
      return `<div class="blk heading kwn">${escapeHtml(block.text)}</div>`;
    case 'paragraph': {
      const classes = ['blk', 'par', block.indent ? 'indent' : '', block.centered ? 'centered' : '']
        .filter(Boolean)
        .join(' ');
      const style = [block.bold ? 'font-weight:bold' : '', block.italic ? 'font-style:italic' : '']
        .filter(Boolean)
        .join(';');
      return `<p class="${classes}"${style ? ` style="${style}"` : ''}>${escapeHtml(block.text)}</p>`;
    }
    case 'table':
      return tableRows(block, `t${index}`);
  }
}

/** A red round seal: double ring, the agency's name around, a star in the middle. */
function seal(random: Random, text: string): string {
  const rotation = random.int(-40, 40);
  const size = 40;
  return `<svg width="${size}mm" height="${size}mm" viewBox="0 0 100 100" style="left:${random.int(2, 14)}mm;top:${random.int(4, 12)}mm;opacity:${random.float(0.72, 0.9).toFixed(2)};transform:rotate(${rotation}deg)">
  <defs><path id="ring" d="M50,50 m-36,0 a36,36 0 1,1 72,0 a36,36 0 1,1 -72,0"/></defs>
  <circle cx="50" cy="50" r="47" fill="none" stroke="#d32f2f" stroke-width="2.6"/>
  <circle cx="50" cy="50" r="29" fill="none" stroke="#d32f2f" stroke-width="1.4"/>
  <text font-family="Liberation Sans, Arial, sans-serif" font-size="9.2" font-weight="bold" fill="#d32f2f"><textPath href="#ring" textLength="222" lengthAdjust="spacing">${escapeHtml(text)}</textPath></text>
  <polygon points="50,33 54,45 66,45 56,52 60,64 50,57 40,64 44,52 34,45 46,45" fill="#d32f2f"/>
</svg>`;
}

/** A hand signature: a few connected random strokes in dark-blue ink. */
function signature(random: Random): string {
  let x = 10;
  let y = 30 + random.int(-4, 4);
  let d = `M${x},${y}`;
  for (let i = 0; i < random.int(4, 7); i += 1) {
    const nx = x + random.int(8, 18);
    const ny = 30 + random.int(-14, 12);
    d += ` C${x + random.int(2, 8)},${y - random.int(10, 22)} ${nx - random.int(2, 8)},${ny + random.int(10, 22)} ${nx},${ny}`;
    x = nx;
    y = ny;
  }
  return `<svg width="42mm" height="18mm" viewBox="0 0 120 55" style="left:${random.int(16, 26)}mm;top:${random.int(18, 24)}mm"><path d="${d}" fill="none" stroke="#1b2a6b" stroke-width="${random.float(1.2, 2).toFixed(2)}" stroke-linecap="round"/></svg>`;
}

function closing(spec: DocumentSpec, random: Random): string {
  const { signer } = spec;
  return `<div class="blk closing">
  <div class="receivers"><div class="label">Nơi nhận:</div>${spec.receivers.map((r) => `<div>- ${escapeHtml(r)}</div>`).join('')}</div>
  <div class="signer">
    ${signer.authority ? `<div>${escapeHtml(signer.authority)}</div>` : ''}
    <div>${escapeHtml(signer.title)}</div>
    ${signature(random)}
    ${seal(random, spec.agency.sealText)}
    <div class="name">${escapeHtml(signer.name)}</div>
  </div>
</div>`;
}

export function documentHtml(spec: DocumentSpec, random: Random): string {
  const body = [header(spec), ...spec.blocks.map(blockHtml), closing(spec, random)].join('\n');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(spec.numberSymbol)}</title><style>${css}</style></head><body><div id="flow">${body}</div><div id="pages"></div></body></html>`;
}

/**
 * Runs in the page: moves the flow's blocks into A4 sheets, starting a new sheet when a block
 * does not fit, carrying "keep with next" blocks (titles, headings, table headers) along and
 * repeating a table's header row at the top of each continuation. Returns the sheet count.
 */
export const paginationScript = `(() => {
  const flow = document.getElementById('flow');
  const pages = document.getElementById('pages');
  const headers = {};
  let count = 0;
  const newPage = () => {
    count += 1;
    const page = document.createElement('section');
    page.className = 'page';
    if (count > 1) { const n = document.createElement('div'); n.className = 'pageno'; n.textContent = String(count); page.appendChild(n); }
    const body = document.createElement('div');
    body.className = 'body';
    page.appendChild(body);
    pages.appendChild(page);
    return body;
  };
  const overflows = (body) => body.scrollHeight > body.clientHeight + 1;
  let body = newPage();
  for (const block of [...flow.children]) {
    const table = block.dataset.table;
    if (table && block.classList.contains('thead')) headers[table] = block;
    body.appendChild(block);
    if (!overflows(body) || body.children.length === 1) continue;
    const carried = [];
    block.remove();
    while (body.lastElementChild && body.lastElementChild.classList.contains('kwn') && body.children.length > 1) {
      carried.unshift(body.lastElementChild);
      body.lastElementChild.remove();
    }
    body = newPage();
    if (table && !block.classList.contains('thead') && !carried.some((b) => b.dataset.table === table)) {
      body.appendChild(headers[table].cloneNode(true));
    }
    for (const b of carried) body.appendChild(b);
    body.appendChild(block);
  }
  flow.remove();
  return count;
})()`;
