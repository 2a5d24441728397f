import { Random } from '@leakwatch/corpus';

/**
 * Atomic class names like Comet's (`x1n2onr6 x9f619 …`), different for every "build": a crawler
 * that selects by class breaks on the next deploy, as on the real site.
 */
export class GeneratedClasses {
  private readonly names = new Map<string, string>();
  private readonly random: Random;

  constructor(build: string) {
    this.random = new Random(`classes-${build}`);
  }

  of(role: string): string {
    let name = this.names.get(role);
    if (!name) {
      name = Array.from(
        { length: 3 },
        () => `x${this.random.int(0x10000, 0xfffffff).toString(36)}`,
      ).join(' ');
      this.names.set(role, name);
    }
    return name;
  }
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** JSON inside a <script>: `</` must not close the element; slashes are escaped as Facebook does. */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/\//g, '\\/').replace(/<!--/g, '<\\!--');

/** Facebook's page for removed or hidden content: titled "Facebook", the reason in the body. */
export function unavailablePage(heading: string, body: string, back: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Facebook</title></head><body><div role="main"><div><span dir="auto">${escapeHtml(heading)}</span></div><div><span dir="auto">${escapeHtml(body)}</span></div><a href="/" role="link">${escapeHtml(back)}</a></div></body></html>`;
}

export function wallPage(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><div role="main"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></div></body></html>`;
}

/** The feed's own script: infinite scroll through /api/graphql/, lazy images near the viewport. */
export function feedScript(options: {
  groupId: string;
  cursor: string | null;
  hasNext: boolean;
  articleClass: string;
  textClass: string;
  /** Logged-out visitors get the "see more on Facebook" modal after this many posts. */
  loginModalAfter?: number;
  /** The cookie-consent dialog that blocks the page until it is answered (EU visitors). */
  askCookieConsent?: boolean;
  /** The pagination query and the field its edges come in: groups and pages differ. */
  friendlyName: string;
  feedField: string;
}): string {
  return `(function(){
var cursor=${JSON.stringify(options.cursor)},done=${options.hasNext ? 'false' : 'true'},loading=false,n=document.querySelectorAll('[role=article]').length;
var modalAfter=${JSON.stringify(options.loginModalAfter ?? null)},modal=null,dismissed=false;
function showModal(){modal=document.createElement('div');modal.setAttribute('role','dialog');modal.setAttribute('aria-label','Xem thêm trên Facebook');modal.style.cssText='position:fixed;inset:0;background:rgba(255,255,255,.9);z-index:9';
modal.innerHTML='<div><h2>Xem thêm trên Facebook</h2><a href="/login/">Đăng nhập</a></div><div role="button" tabindex="0" aria-label="Đóng">✕</div>';
modal.querySelector('[aria-label="Đóng"]').addEventListener('click',function(){modal.remove();modal=null;dismissed=true;});document.body.appendChild(modal);}
var consentOpen=${options.askCookieConsent ? 'true' : 'false'};
function askConsent(){var d=document.createElement('div');d.setAttribute('role','dialog');d.setAttribute('aria-label','Cho phép Facebook dùng cookie trên trình duyệt này?');d.style.cssText='position:fixed;inset:0;background:rgba(0,0,0,.6);z-index:10';
d.innerHTML='<div><h2>Cho phép Facebook dùng cookie trên trình duyệt này?</h2><div role="button" tabindex="0" data-choice="all">Cho phép tất cả cookie</div><div role="button" tabindex="0" data-choice="essential">Từ chối cookie không bắt buộc</div></div>';
d.querySelectorAll('[data-choice]').forEach(function(b){b.addEventListener('click',function(){document.cookie='consent_choice='+b.getAttribute('data-choice')+'; path=/';d.remove();consentOpen=false;});});document.body.appendChild(d);}
if(consentOpen)askConsent();
var feed=document.querySelector('[role=feed]');
function lazy(){document.querySelectorAll('img[data-src]').forEach(function(img){if(img.getBoundingClientRect().top<innerHeight*2){img.src=img.getAttribute('data-src');img.removeAttribute('data-src');}});}
function add(node){n+=1;var a=document.createElement('div');a.className=${JSON.stringify(options.articleClass)};a.setAttribute('role','article');a.setAttribute('aria-posinset',String(n));
var t=document.createElement('div');t.setAttribute('dir','auto');t.className=${JSON.stringify(options.textClass)};var m=(((node.comet_sections||{}).content||{}).story||{}).message;var text=m?m.text:'';
t.textContent=text.length>80?text.slice(0,80)+'… ':text;if(text.length>80){var b=document.createElement('div');b.setAttribute('role','button');b.textContent='Xem thêm';t.appendChild(b);}a.appendChild(t);
(node.attachments||[]).forEach(function(at){var s=(at.styles||{}).attachment||{};var ms=[];if(s.media)ms.push(s.media);((s.all_subattachments||{}).nodes||[]).forEach(function(x){ms.push(x.media);});
ms.forEach(function(md){var im=(md.photo_image||md.image||{}).uri||((md.preferred_thumbnail||{}).image||{}).uri||(md.large_share_image||{}).uri;if(im){var i=document.createElement('img');i.setAttribute('data-src',im);i.setAttribute('referrerpolicy','origin-when-cross-origin');i.setAttribute('alt','');a.appendChild(i);}});});
feed.appendChild(a);}
function more(){if(consentOpen)return;if(modalAfter!==null&&!dismissed&&n>=modalAfter){if(!modal)showModal();return;}if(loading||done)return;loading=true;var body=new URLSearchParams({fb_api_req_friendly_name:${JSON.stringify(options.friendlyName)},doc_id:'7214529231957040',variables:JSON.stringify({count:3,cursor:cursor,id:${JSON.stringify(options.groupId)}}),fb_dtsg:'NAcN-sim',lsd:'AVq-sim'});
fetch('/api/graphql/',{method:'POST',body:body,headers:{'x-fb-friendly-name':${JSON.stringify(options.friendlyName)}}}).then(function(r){return r.text();}).then(function(text){text.split('\\n').forEach(function(line){if(!line.trim())return;var o=JSON.parse(line);
if(o.errors){done=true;return;}var d=o.data||{};var edges=(((d.node||{})[${JSON.stringify(options.feedField)}])||{}).edges;if(edges)edges.forEach(function(e){add(e.node);});if(d.node&&d.node.__typename==='Story')add(d.node);if(d.page_info){cursor=d.page_info.end_cursor;done=!d.page_info.has_next_page;}});loading=false;lazy();}).catch(function(){loading=false;});}
window.addEventListener('scroll',function(){lazy();if(innerHeight+scrollY>document.body.offsetHeight-1200)more();});lazy();
})();`;
}
