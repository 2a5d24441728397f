import type { Random } from '../random.js';
import {
  captions,
  cardTexts,
  memeCaptions,
  newsHeadlines,
  newsParagraph,
  pageNames,
} from '../content/social-content.js';
import { escapeHtml } from './document-html.js';

/**
 * HTML for ordinary feed images — text cards, memes, news-post screenshots — rendered at their
 * pixel size. `photo` is a data URL of a generated scene where the layout embeds one.
 */

const sans = "'Liberation Sans', Arial, sans-serif";
const emoji = "'Noto Color Emoji'";

function palette(random: Random): [string, string] {
  const hue = random.int(0, 359);
  return [
    `hsl(${hue} ${random.int(45, 80)}% ${random.int(35, 60)}%)`,
    `hsl(${(hue + random.int(30, 90)) % 360} ${random.int(45, 80)}% ${random.int(25, 55)}%)`,
  ];
}

export function textCardHtml(random: Random, size: number): string {
  const [a, b] = palette(random);
  const text = random.pick(cardTexts);
  const icon = random.pick(['🌸', '☕', '🌧️', '📢', '❤️', '🙏', '🍀', '']);
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body{margin:0;width:${size}px;height:${size}px;display:flex;align-items:center;justify-content:center;background:linear-gradient(${random.int(0, 360)}deg,${a},${b});font-family:${sans},${emoji}}
.t{color:#fff;font-weight:bold;font-size:${random.int(56, 84)}px;text-align:center;padding:80px;line-height:1.25;text-shadow:0 3px 8px rgba(0,0,0,.35)}
.f{position:absolute;bottom:30px;right:40px;color:rgba(255,255,255,.85);font-size:30px;font-family:${sans}}
</style></head><body><div class="t">${escapeHtml(text)} ${icon}</div><div class="f">@${escapeHtml(random.pick(pageNames))}</div></body></html>`;
}

export function memeHtml(random: Random, photo: string, width: number, height: number): string {
  const [top, bottom] = random.pick(memeCaptions);
  const caption = (text: string, where: 'top' | 'bottom') =>
    `<div style="position:absolute;${where}:24px;left:0;right:0;text-align:center;color:#fff;font:bold ${Math.round(width / 13)}px ${sans};-webkit-text-stroke:4px #000;paint-order:stroke fill">${escapeHtml(text)}</div>`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body style="margin:0;width:${width}px;height:${height}px;position:relative;overflow:hidden"><img src="${photo}" style="width:100%;height:100%;object-fit:cover">${caption(top, 'top')}${caption(bottom, 'bottom')}</body></html>`;
}

export function newsScreenshotHtml(random: Random, photo: string): string {
  const page = random.pick(pageNames);
  const dark = random.chance(0.3);
  const bg = dark ? '#18191a' : '#ffffff';
  const fg = dark ? '#e4e6eb' : '#050505';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
body{margin:0;width:1080px;height:2160px;background:${dark ? '#000' : '#f0f2f5'};font-family:${sans},${emoji};color:${fg}}
.bar{height:72px;display:flex;justify-content:space-between;align-items:center;padding:0 36px;font-size:30px;background:${bg}}
.post{background:${bg};margin-top:18px;padding:30px 0}
.head{display:flex;align-items:center;padding:0 36px}
.av{width:96px;height:96px;border-radius:50%;background:${palette(random)[0]};margin-right:24px}
.name{font-weight:bold;font-size:36px}.time{font-size:28px;color:#65676b}
.text{font-size:38px;line-height:1.4;padding:24px 36px}
h1{font-size:44px;margin:0 36px 12px}
img{width:1080px;display:block}
.react{display:flex;justify-content:space-around;font-size:32px;color:#65676b;padding:28px 0;border-top:1px solid #ced0d4;margin:0 36px}
</style></head><body>
<div class="bar"><span>${random.int(6, 22)}:${String(random.int(0, 59)).padStart(2, '0')}</span><span>📶 🔋 ${random.int(20, 99)}%</span></div>
<div class="post"><div class="head"><div class="av"></div><div><div class="name">${escapeHtml(page)}</div><div class="time">${random.int(1, 23)} giờ · 🌏</div></div></div>
<div class="text"><h1>${escapeHtml(random.pick(newsHeadlines))}</h1>${escapeHtml(newsParagraph(random))}</div>
<img src="${photo}">
<div class="react"><span>👍 Thích</span><span>💬 Bình luận</span><span>↗ Chia sẻ</span></div></div>
<div class="post"><div class="head"><div class="av"></div><div><div class="name">${escapeHtml(random.pick(pageNames))}</div><div class="time">Hôm qua lúc ${random.int(6, 22)}:${String(random.int(0, 59)).padStart(2, '0')}</div></div></div>
<div class="text">${escapeHtml(newsParagraph(random))}</div></div>
</body></html>`;
}

/** The caption a person posts above a leaked page. */
export function leakCaption(random: Random): string {
  return random.pick(captions);
}
