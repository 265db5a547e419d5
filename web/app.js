/* soso serve - the community meeting's single-page app.
 *
 * Plain JavaScript, no framework, no network but this server. Every value from the
 * server or a resident is put on the page with textContent or setAttribute (never
 * innerHTML), so nothing is interpreted as markup. Strings of the interface are
 * msgids of the "soso-web" catalogs (po/web/LANG.po), looked up with t(). Text that
 * comes from input files (place names) carries class "data"; explanations written
 * by the library (reasons, measures) are English until the report's catalogs land
 * and are marked lang="en".
 *
 * State: the base case (GET /api/region) and at most one what-if result on screen;
 * a what-if runs on the server as a job, its progress arrives by Server-Sent Events,
 * and the previous numbers stay visible (dimmed) until the new ones arrive. Posts
 * (answers, comments) go through a queue kept in localStorage and are sent when the
 * connection allows; each carries a client id, so a resend is never stored twice.
 */
'use strict';

const S = {
  session: null, lang: 'en', cat: {}, base: null, cur: null, curId: null, map: null,
  survey: null, strategy: null, job: null, token: '', lastInputs: null,
};
const QKEY = 'soso.queue.v1';
const SVGNS = 'http://www.w3.org/2000/svg';

/* Text ---------------------------------------------------------------------------- */
function N_(s) { return s; } /* marks a msgid for the catalogs without translating it */
/* Words the library writes into its results (vec, significance, strategy, stage,
 * impact dimension, site choices): the page shows them through the catalogs. */
const DATA_WORDS = [N_('employment'), N_('noise'), N_('dust'), N_('traffic'), N_('water'), N_('land'), N_('general'),
  N_('negligible'), N_('minor'), N_('moderate'), N_('major'), N_('low'), N_('medium'), N_('high'),
  N_('all'), N_('concurrent'), N_('sequential'), N_('optimised'), N_('load'), N_('impacts'), N_('json'), N_('queued'), N_('done'),
  N_('socio_economic_welfare'), N_('housing'), N_('ecology_living_environment'), N_('health_safety_security'), N_('land_use'),
  N_('other_livelihoods'), N_('identity_culture'), N_('local_governance'), N_('uncertainty_fears_aspirations'),
  N_('backfill'), N_('dry_stack'), N_('pond'), N_('modular'), N_('fixed')];
function t(s) { return (S.cat && S.cat[s]) || s; }
function tf(s, vars) { return t(s).replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)); }
function locale() {
  return { 'sr': 'sr-Cyrl', 'sr@latin': 'sr-Latn', 'bs': 'bs', 'hr': 'hr' }[S.lang] || 'en-GB';
}
function num(v, d) {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: d === undefined ? 0 : d,
    minimumFractionDigits: d === undefined ? 0 : Math.min(d, 1) }).format(v);
}
function pct(v) { return num(100 * v, 0) + ' %'; }
function money(v) { return num(v / 1e6, 1) + ' ' + t('million') + ' ' + (S.cur ? S.cur.currency : ''); }
function sigWord(s) { return t(s); }

/* DOM ----------------------------------------------------------------------------- */
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined && k !== false)
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
function sv(tag, attrs, ...kids) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v;
    else if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, String(v));
  }
  for (const k of kids.flat()) if (k) e.append(k);
  return e;
}
function T(msgid) { return el('span', { 'data-i18n': msgid, text: t(msgid) }); }
function data(text) { return el('span', { class: 'data', text }); }
function en(text, tag) { return el(tag || 'span', { lang: 'en', text }); }
function sigBadge(level, positive) {
  const i = ['negligible', 'minor', 'moderate', 'major'].indexOf(level);
  return el('span', { class: 'sig s' + Math.max(i, 0) + (positive && i > 0 ? ' pos' : ''), text: sigWord(level) });
}
function kpi(label, value, id) {
  return el('div', { class: 'kpi' }, el('div', { class: 'v', 'data-kpi': id || null, text: value }),
    el('div', { class: 'l', text: t(label) }));
}
function view() { return document.getElementById('view'); }
function setView(...kids) {
  const v = view();
  v.replaceChildren(...kids);
  v.focus({ preventScroll: true });
}

/* Network ------------------------------------------------------------------------- */
async function getJSON(url, opts) {
  const r = await fetch(url, Object.assign({ credentials: 'same-origin' }, opts || {}));
  const body = await r.json().catch(() => ({}));
  if (!r.ok) { const e = new Error(body.error || ('HTTP ' + r.status)); e.status = r.status; e.field = body.field; throw e; }
  return body;
}
async function post(url, body, extra) {
  const headers = Object.assign({ 'Content-Type': 'application/json', 'X-CSRF-Token': S.session ? S.session.csrf : '' }, extra || {});
  return getJSON(url, { method: 'POST', headers, body: JSON.stringify(body) });
}
function facHeaders() { return S.token ? { 'X-Soso-Token': S.token } : {}; }

/* The offline queue of posts ------------------------------------------------------------ */
function queue() { try { return JSON.parse(localStorage.getItem(QKEY) || '[]'); } catch (e) { return []; } }
function saveQueue(q) { localStorage.setItem(QKEY, JSON.stringify(q)); showNet(); }
function clientId() {
  const a = new Uint8Array(12); crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}
function enqueue(kind, body) {
  const q = queue(); q.push({ kind, body, tries: 0 }); saveQueue(q); flush();
}
let flushing = false;
async function flush() {
  if (flushing) return;
  flushing = true;
  try {
    if (!S.session || !S.session.csrf) await loadSession();
    let q = queue();
    while (q.length) {
      const item = q[0];
      try {
        await post('/api/' + item.kind, item.body);
        item.sent = true;
      } catch (e) {
        if (!e.status || e.status >= 500 || e.status === 429 || e.status === 403) {
          if (e.status === 403) S.session = null; /* a new session, then try again */
          break;
        }
        item.rejected = e.message; /* a 4xx: the server will never take it */
      }
      q = queue(); q.shift(); saveQueue(q);
      window.dispatchEvent(new CustomEvent('soso-sent', { detail: item }));
    }
  } catch (e) { /* offline: keep the queue */ }
  flushing = false;
  showNet();
}
function showNet() {
  const n = queue().length, box = document.getElementById('netstate');
  if (!box) return;
  box.className = 'netstate' + (navigator.onLine ? '' : ' off');
  const parts = [];
  if (!navigator.onLine) parts.push(t('You are offline. Answers are kept on this device and sent later.'));
  if (n) parts.push(tf('{n} answers waiting to be sent', { n }));
  box.textContent = parts.join(' ');
  box.setAttribute('data-queue', String(n));
}
window.addEventListener('online', () => { showNet(); flush(); });
window.addEventListener('offline', showNet);
setInterval(flush, 8000);

/* Loading ------------------------------------------------------------------------- */
async function loadSession() {
  S.session = await getJSON('/api/session');
  localStorage.setItem('soso.session', JSON.stringify(S.session));
}
async function loadLang(lang) {
  try { S.cat = await getJSON('/api/i18n/' + encodeURIComponent(lang)); }
  catch (e) { S.cat = {}; }
  S.lang = lang;
  localStorage.setItem('soso.lang', lang);
  document.documentElement.setAttribute('lang', lang === 'sr@latin' ? 'sr-Latn' : lang);
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.getAttribute('data-i18n'));
  document.title = 'soso - ' + t('Community meeting');
}
function langName(l) {
  return { en: 'English', bs: 'Bosanski', hr: 'Hrvatski', sr: 'Српски', 'sr@latin': 'Srpski' }[l] || l;
}

async function start() {
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/sw.js').catch(() => {});
  try { await loadSession(); }
  catch (e) { S.session = JSON.parse(localStorage.getItem('soso.session') || 'null'); }
  const params = new URLSearchParams(location.search);
  const langs = (S.session && S.session.langs) || ['en'];
  let lang = params.get('lang') || localStorage.getItem('soso.lang') || (S.session && S.session.lang) || 'en';
  if (!langs.includes(lang)) lang = 'en';
  const sel = document.getElementById('lang');
  sel.replaceChildren(...langs.map((l) => el('option', { value: l, text: langName(l), selected: l === lang })));
  sel.addEventListener('change', async () => { await loadLang(sel.value); route(); });
  await loadLang(lang);
  try {
    [S.base, S.map, S.survey] = await Promise.all([getJSON('/api/region'), getJSON('/api/map'), getJSON('/api/survey')]);
  } catch (e) {
    setView(el('p', { class: 'err', text: t('The district could not be loaded.') + ' ' + e.message }));
    return;
  }
  S.cur = S.base;
  S.curId = S.session ? S.session.base : null;
  S.strategy = S.base.strategy;
  document.getElementById('region-name').textContent = S.base.region;
  window.addEventListener('hashchange', route);
  showNet();
  flush();
  route();
}

/* Helpers over the result --------------------------------------------------------------- */
function strat(name) {
  const list = S.cur.strategies;
  return list.find((s) => s.strategy === (name || S.strategy)) || list[0];
}
function commIndex(name) { return S.cur.communities.findIndex((c) => c.name === name); }
function worstAdverse(commResult) {
  let w = 0;
  for (const c of commResult.cumulative) if (c.direction === '-') w = Math.max(w, ['negligible', 'minor', 'moderate', 'major'].indexOf(c.significance));
  return w;
}
function year(month) { return S.cur.start_year + month / 12; }
function strategyPicker(onChange) {
  const s = el('select', { id: 'strategy-pick', 'aria-label': t('Strategy') },
    S.cur.strategies.map((x) => el('option', { value: x.strategy, text: t(x.strategy), selected: x.strategy === strat().strategy })));
  s.addEventListener('change', () => { S.strategy = s.value; onChange(); });
  return el('label', { class: 'field inline' }, T('Strategy'), s);
}
function whatifBanner() {
  const b = document.getElementById('banner');
  if (S.cur === S.base) { b.hidden = true; b.replaceChildren(); return; }
  b.hidden = false;
  b.replaceChildren(T('You are looking at a what-if, not the base case.'), ' ',
    el('button', { class: 'small ghost', on: { click: () => { S.cur = S.base; S.curId = S.session.base; route(); } } }, T('Back to the base case')));
}

/* Map ------------------------------------------------------------------------------------ */
function projector(bbox) {
  const lat0 = (bbox[1] + bbox[3]) / 2, k = Math.cos(lat0 * Math.PI / 180);
  const padX = 0.5, padY = 0.35;
  const x0 = bbox[0] - padX, x1 = bbox[2] + padX, y0 = bbox[1] - padY, y1 = bbox[3] + padY;
  const W = 800, H = Math.round(W * (y1 - y0) / ((x1 - x0) * k));
  return { W, H, p: (lon, lat) => [((lon - x0) / (x1 - x0)) * W, ((y1 - lat) / (y1 - y0)) * H], kmPerPx: (x1 - x0) * k * 111.32 / W };
}
function ringPath(ring, P) {
  return ring.map((c, i) => { const [x, y] = P(c[0], c[1]); return (i ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1); }).join('') + 'Z';
}
/* A point's label, to its right, or to its left in the map's eastern quarter so it
 * is not cut off at the edge. */
function label(x, y, dx, dy, text, W) {
  const east = x > 0.75 * W;
  return sv('text', { x: east ? x - dx : x + dx, y: y + dy, 'text-anchor': east ? 'end' : 'start', text });
}
function drawMap() {
  const pr = projector(S.map.bbox);
  const svg = sv('svg', { class: 'map', viewBox: `0 0 ${pr.W} ${pr.H}`, role: 'img', 'aria-label': t('Map of the district') });
  for (const f of S.map.features) {
    const g = f.geometry, polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    svg.append(sv('path', { class: 'land', d: polys.map((p) => p.map((r) => ringPath(r, pr.p)).join('')).join('') },
      sv('title', { text: f.properties.name })));
  }
  const st = strat(), R = S.cur.assumptions.radius_km;
  S.cur.communities.forEach((c, i) => {
    const [x, y] = pr.p(c.lon, c.lat), w = worstAdverse(st.communities[i]);
    svg.append(sv('circle', { class: 'radius', cx: x, cy: y, r: R / pr.kmPerPx }));
    const a = sv('a', { href: '#/community/' + i, 'data-community': c.name },
      sv('circle', { class: 'comm', cx: x, cy: y, r: 8, fill: ['#9e9e9e', '#e6c229', '#e07b22', '#b3261e'][w] }),
      label(x, y, 11, 4, c.name, pr.W), sv('title', { text: c.name }));
    svg.append(a);
  });
  S.cur.sites.forEach((s, i) => {
    const [x, y] = pr.p(s.lon, s.lat);
    svg.append(sv('a', { href: '#/site/' + i, 'data-site': s.name },
      sv('rect', { class: 'site', x: x - 6, y: y - 6, width: 12, height: 12, transform: `rotate(45 ${x} ${y})` }),
      label(x, y, 9, -8, s.name, pr.W), sv('title', { text: s.name })));
  });
  return svg;
}
function legend() {
  return el('div', { class: 'legend' },
    el('span', {}, el('span', { class: 'sw s0' }), t('negligible')), el('span', {}, el('span', { class: 'sw s1' }), t('minor')),
    el('span', {}, el('span', { class: 'sw s2' }), t('moderate')), el('span', {}, el('span', { class: 'sw s3' }), t('major')),
    el('span', { text: t('Communities are coloured by their most significant adverse cumulative impact; the dashed circle is the radius of the crowding rule.') }));
}
function districtKpis(st) {
  return el('div', { class: 'kpis' },
    kpi('District value (mean NPV)', money(st.npv.mean), 'npv'),
    kpi('Chance of a loss', pct(st.p_npv_negative), 'ploss'),
    kpi('Mining jobs on average', num(st.jobs.mean.mean), 'jobs'),
    kpi('Mining jobs at the peak', num(st.jobs.peak.mean), 'peak'),
    kpi('Years of remediation', num(st.remediation_years.mean, 1), 'remed'),
    kpi('Times mines crowd a community', num(st.crowding_events.mean, 1), 'crowd'));
}
function pageMap() {
  const st = strat();
  const list = el('ul', { class: 'plain' }, S.cur.communities.map((c, i) =>
    el('li', {}, el('a', { href: '#/community/' + i, class: 'data', text: c.name }), ' ', sigBadge(['negligible', 'minor', 'moderate', 'major'][worstAdverse(st.communities[i])]))));
  const sites = el('ul', { class: 'plain' }, S.cur.sites.map((s, i) => el('li', {}, el('a', { href: '#/site/' + i, class: 'data', text: s.name }))));
  setView(el('h1', { text: t('The district') }),
    el('div', { class: 'cols' },
      el('div', {}, drawMap(), legend()),
      el('div', {}, strategyPicker(route), el('div', { class: 'card' }, districtKpis(st),
        el('p', { class: 'muted', text: tf('{paths} price paths, seed {seed}.', { paths: S.cur.paths, seed: S.cur.seed }) })),
        el('h2', { text: t('Communities') }), list, el('h2', { text: t('Mines') }), sites)));
}

/* Charts --------------------------------------------------------------------------------- */
function chart(series, opts) {
  const W = 640, H = 220, L = 44, B = 26, Tp = 10, Rr = 10;
  const n = series[0].values.length;
  let ymax = 0;
  for (const s of series) for (const v of (s.hi || s.values)) ymax = Math.max(ymax, v);
  if (!(ymax > 0)) ymax = 1;
  const X = (i) => L + (i / (n - 1)) * (W - L - Rr), Y = (v) => H - B - (v / ymax) * (H - B - Tp);
  const svg = sv('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts.label });
  svg.append(sv('line', { class: 'axis', x1: L, y1: H - B, x2: W - Rr, y2: H - B }), sv('line', { class: 'axis', x1: L, y1: Tp, x2: L, y2: H - B }));
  for (let k = 0; k <= 4; k++) { const v = ymax * k / 4; svg.append(sv('text', { x: L - 4, y: Y(v) + 4, 'text-anchor': 'end', text: num(v, ymax < 4 ? 2 : 0) })); }
  for (let m = 0; m < n; m += 60) svg.append(sv('text', { x: X(m), y: H - 8, 'text-anchor': 'middle', text: String(Math.round(year(m))) }));
  series.forEach((s, k) => {
    if (s.lo) {
      let d = '';
      for (let i = 0; i < n; i++) d += (i ? 'L' : 'M') + X(i).toFixed(1) + ' ' + Y(s.hi[i]).toFixed(1);
      for (let i = n - 1; i >= 0; i--) d += 'L' + X(i).toFixed(1) + ' ' + Y(s.lo[i]).toFixed(1);
      svg.append(sv('path', { class: 'band', d: d + 'Z' }));
    }
    let d = '';
    for (let i = 0; i < n; i++) d += (i ? 'L' : 'M') + X(i).toFixed(1) + ' ' + Y(s.values[i]).toFixed(1);
    svg.append(sv('path', { class: s.lo ? 'mid' : 'line p' + k, d }));
  });
  return svg;
}

/* Community page ------------------------------------------------------------------------- */
function pageCommunity(i) {
  const c = S.cur.communities[i];
  if (!c) return pageMissing();
  const st = strat(), cr = st.communities[i], R = S.cur.assumptions.radius_km;
  const near = S.cur.sites.map((s, k) => ({ s, k, d: s.distances[i].distance_km })).sort((a, b) => a.d - b.d);
  const startOf = (k) => { const j = st.order.indexOf(S.cur.sites[k].name); return j >= 0 ? st.planned_start_month[j] : null; };
  const mines = el('table', {}, el('thead', {}, el('tr', {}, el('th', { text: t('Mine') }), el('th', { class: 'num', text: t('Distance (km)') }), el('th', { class: 'num', text: t('Planned start') }))),
    el('tbody', {}, near.map(({ s, k, d }) => el('tr', {}, el('td', {}, el('a', { href: '#/site/' + k, class: 'data', text: s.name }), d <= R ? ' *' : ''),
      el('td', { class: 'num', text: num(d, 1) }), el('td', { class: 'num', text: startOf(k) === null ? t('not started') : String(Math.round(year(startOf(k)))) })))));
  const tl = cr.timeline;
  const jobs = chart([{ values: tl.jobs_p50, lo: tl.jobs_p05, hi: tl.jobs_p95 }], { label: t('Mining jobs for residents') });
  const press = chart(['noise', 'dust', 'traffic', 'water'].map((p) => ({ values: tl[p] })), { label: t('Pressures') });
  const ratings = el('table', { id: 'ratings' }, el('thead', {}, el('tr', {}, el('th', { text: t('Impact') }), el('th', { text: t('All mines together') }), el('th', { text: t('Largest single mine') }), el('th', { text: t('Adds up?') }))),
    el('tbody', {}, cr.cumulative.map((v) => el('tr', {}, el('td', {}, t(v.vec), v.direction === '+' ? ' (+)' : ''),
      el('td', {}, sigBadge(v.significance, v.direction === '+')), el('td', {}, sigBadge(v.significance_single, v.direction === '+')),
      el('td', { text: v.adds_up ? t('yes') : t('no') })))));
  const measures = cr.cumulative.filter((v) => v.measure);
  const reasons = el('details', {}, el('summary', { text: t('How each rating was made (technical, in English)') }),
    el('ul', { class: 'plain' }, cr.cumulative.map((v) => el('li', {}, t(v.vec) + ': ', en(v.reason)))));
  setView(el('h1', {}, data(c.name)), strategyPicker(route),
    el('div', { class: 'cols' },
      el('div', {},
        el('div', { class: 'card kpis' }, kpi('Residents', num(c.population), null),
          kpi('Chance of two or more mines near at once', pct(cr.p_two_or_more), 'p2'),
          kpi('Chance of crowding', pct(cr.p_crowding), 'pcrowd')),
        el('h2', { text: t('Mining jobs for residents') }), jobs,
        el('p', { class: 'muted', text: t('Line: median; band: 5 % to 95 % of the price paths.') }),
        el('h2', { text: t('Pressures') }), press,
        el('div', { class: 'legend' }, ['noise', 'dust', 'traffic', 'water'].map((p, k) => el('span', {}, el('span', { class: 'sw', 'data-p': k }), t(p))))),
      el('div', {},
        el('h2', { text: t('Mines') }), mines, el('p', { class: 'muted', text: tf('* within {r} km', { r: num(R, 0) }) }),
        el('h2', { text: t('Ratings') }), el('div', { class: 'scroll' }, ratings), reasons,
        el('h2', { text: t('Measures') }),
        measures.length ? el('ul', { class: 'plain' }, measures.map((v) => el('li', {}, t(v.vec) + ': ', en(v.measure))))
          : el('p', { text: t('No cumulative impact is significant, so no measure is required.') }),
        commentBox(c.name))));
  for (const [k, col] of ['#E69F00', '#56B4E9', '#009E73', '#0072B2'].entries()) {
    const swatch = view().querySelector(`.sw[data-p="${k}"]`);
    if (swatch) swatch.style.background = col; /* CSSOM, allowed by the CSP */
  }
}

function commentBox(community) {
  const dims = ['general', 'employment', 'noise', 'dust', 'traffic', 'water', 'land'];
  const dim = el('select', { name: 'dimension' }, dims.map((d) => el('option', { value: d, text: t(d) })));
  const text = el('textarea', { name: 'text', maxlength: 2000, required: true });
  const msg = el('p', { class: 'muted', role: 'status' });
  const list = el('ul', { class: 'plain', id: 'comments' });
  const form = el('form', { id: 'comment-form', on: { submit: (e) => {
    e.preventDefault();
    if (!text.value.trim()) return;
    enqueue('comments', { client_id: clientId(), community, dimension: dim.value, text: text.value.trim(), lang: S.lang });
    text.value = '';
    msg.textContent = navigator.onLine ? t('Thank you. Your comment is being sent.') : t('Thank you. Your comment will be sent when the connection returns.');
  } } },
  el('label', { class: 'field' }, T('About'), dim), el('label', { class: 'field' }, T('Your comment'), text),
  el('button', { type: 'submit' }, T('Send comment')), msg);
  getJSON('/api/comments?community=' + encodeURIComponent(community)).then((r) => {
    list.replaceChildren(...r.comments.map((c) => el('li', {}, el('strong', { text: t(c.dimension) + ': ' }), el('span', { class: 'data', text: c.text }))));
  }).catch(() => {});
  return el('div', { class: 'card' }, el('h2', { text: t('Comments') }), form, list);
}

/* Site page --------------------------------------------------------------------------------- */
function pageSite(i) {
  const s = S.cur.sites[i];
  if (!s) return pageMissing();
  const imp = (S.cur.impacts || [])[i];
  const rows = S.cur.strategies.map((st) => {
    const j = st.order.indexOf(s.name), ss = st.sites.find((x) => x.name === s.name) || {};
    return el('tr', {}, el('td', { text: t(st.strategy) }), el('td', { class: 'num', text: j >= 0 ? String(Math.round(year(st.planned_start_month[j]))) : t('not started') }),
      el('td', { class: 'num', text: money(ss.value_mean || 0) }), el('td', { class: 'num', text: pct(ss.p_started || 0) }),
      el('td', { class: 'num', text: num((ss.operating_months_mean || 0) / 12, 1) }));
  });
  const parts = [el('h1', {}, data(s.name)), el('p', { class: 'muted' }, data(s.deposit || '')),
    el('div', { class: 'scroll' }, el('table', {}, el('thead', {}, el('tr', {}, el('th', { text: t('Strategy') }), el('th', { class: 'num', text: t('Planned start') }),
      el('th', { class: 'num', text: t('Value (mean)') }), el('th', { class: 'num', text: t('Chance it starts') }), el('th', { class: 'num', text: t('Years operating') }))), el('tbody', {}, rows)))];
  if (imp && imp.assessment) {
    const a = imp.assessment;
    parts.push(el('h2', { text: tf('Impacts on {c}', { c: a.community || imp.community_file }) }),
      el('p', { class: 'muted', text: tf('Tailings: {t}; plant: {p}.', { t: t(imp.tailings), p: t(imp.plant) }) }),
      el('div', { class: 'scroll' }, el('table', { id: 'site-impacts' }, el('thead', {}, el('tr', {}, el('th', { text: t('Impact') }), el('th', { text: t('Without measures') }), el('th', { text: t('With measures') }))),
        el('tbody', {}, a.dimensions.map((d) => el('tr', { 'data-dim': d.id }, el('td', { text: t(d.id) }),
          el('td', {}, sigBadge(d.significance.level, d.direction.value === '+')), el('td', {}, sigBadge(d.significance_after.level, d.direction.value === '+'))))))),
      el('details', {}, el('summary', { text: t('Measures (technical, in English)') }),
        el('ul', { class: 'plain' }, a.dimensions.flatMap((d) => d.measures.map((m) => el('li', {}, t(d.id) + ': ', en(m.text)))))),
      siteChoices(s.name, imp));
  } else {
    parts.push(el('p', { class: 'muted', text: t('No site file lies near this mine, so its own impacts are not assessed.') }));
  }
  setView(...parts);
}
function siteChoices(name, imp) {
  const tail = el('select', { id: 'tailings' }, ['backfill', 'dry_stack', 'pond'].map((v) => el('option', { value: v, text: t(v), selected: v === imp.tailings })));
  const plant = el('select', { id: 'plant' }, ['modular', 'fixed'].map((v) => el('option', { value: v, text: t(v), selected: v === imp.plant })));
  const go = el('button', { type: 'button', on: { click: () => {
    const inputs = Object.assign({}, S.cur.inputs || {});
    const choices = Object.assign({}, inputs.site || {});
    choices[name] = { tailings: tail.value, plant: plant.value };
    runWhatif(cleanInputs(Object.assign(inputs, { site: choices })));
  } } }, T('Recompute'));
  return el('div', { class: 'card' }, el('h2', { text: t('What if this mine chose differently?') }),
    el('label', { class: 'field inline' }, T('Tailings'), tail), el('label', { class: 'field inline' }, T('Plant'), plant), go, jobBox());
}

/* Strategies side by side -------------------------------------------------------------------- */
function comparisonTable(res, id) {
  const rows = [
    [N_('District value (mean NPV)'), (c) => money(c.npv_mean)], [N_('Value in a bad case (5 %)'), (c) => money(c.npv_p05)],
    [N_('Mining jobs on average'), (c) => num(c.jobs_mean)], [N_('Mining jobs at the peak'), (c) => num(c.jobs_peak)],
    [N_('Months without mining jobs'), (c) => num(c.months_no_jobs, 1)], [N_('Times mines crowd a community'), (c) => num(c.crowding_events, 1)],
    [N_('Most mines open at once'), (c) => num(c.max_concurrent)], [N_('Years of remediation'), (c) => num(c.remediation_years, 1)],
    [N_('Hectare-years of land not restored'), (c) => num(c.disturbed_ha_years)]];
  return el('div', { class: 'scroll' }, el('table', { id },
    el('thead', {}, el('tr', {}, el('th', {}), res.comparison.map((c) => el('th', { class: 'num', text: t(c.strategy) })))),
    el('tbody', {}, rows.map(([label, f]) => el('tr', { 'data-row': label }, el('th', { text: t(label) }), res.comparison.map((c) => el('td', { class: 'num', text: f(c) })))),
      el('tr', {}, el('th', { text: t('Order of the mines') }), res.strategies.map((s) => el('td', { class: 'data', text: s.order.slice(0, s.order.length).join(' → ') }))))));
}
function pageStrategies() {
  setView(el('h1', { text: t('The strategies side by side') }),
    el('p', { text: t('Concurrent: every mine with its own plant, each at its planned start. Sequential: one plant moves from mine to mine in the given order. Optimised: one plant in the best order found.') }),
    comparisonTable(S.cur, 'compare'));
}

/* What-if ---------------------------------------------------------------------------------- */
function cleanInputs(x) {
  const o = {};
  for (const k of ['strategy', 'price_shift', 'drift', 'order', 'start_year', 'site', 'paths', 'seed'])
    if (x[k] !== undefined && x[k] !== null) o[k] = x[k];
  return o;
}
function jobBox() {
  return el('div', { class: 'jobbox' }, el('div', { class: 'progress', 'aria-hidden': 'true' }, el('div', { id: 'job-bar' })),
    el('p', { id: 'job-state', class: 'muted', role: 'status' }));
}
function setJobState(text, frac) {
  const st = document.getElementById('job-state'), bar = document.getElementById('job-bar');
  if (st) st.textContent = text;
  if (bar) bar.style.width = Math.round(100 * frac) + '%';
}
async function runWhatif(inputs) {
  S.lastInputs = inputs;
  document.querySelectorAll('[data-result]').forEach((e) => e.classList.add('stale'));
  setJobState(t('Sending...'), 0.01);
  let job;
  try { job = await post('/api/whatif', inputs); }
  catch (e) { setJobState(t('Could not start:') + ' ' + (e.field ? e.field + ': ' : '') + e.message, 0); return; }
  if (S.job) S.job.close();
  const done = async () => {
    try {
      const res = await getJSON('/api/results/' + job.id);
      S.cur = res; S.curId = job.id;
      if (!res.strategies.some((s) => s.strategy === S.strategy)) S.strategy = res.strategies[0].strategy;
      setJobState(t('Done.'), 1);
      route(true);
    } catch (e) { setJobState(e.message, 0); }
  };
  if (job.state === 'done') return done();
  const es = new EventSource('/api/jobs/' + job.id + '/events');
  S.job = es;
  es.addEventListener('progress', (ev) => { const d = JSON.parse(ev.data); setJobState(tf('Computing ({stage})...', { stage: t(d.stage) }), d.progress); });
  es.addEventListener('done', () => { es.close(); S.job = null; done(); });
  es.addEventListener('failed', (ev) => { es.close(); S.job = null; let m = ''; try { m = JSON.parse(ev.data).error; } catch (e) { /* none */ } setJobState(t('The computation failed.') + ' ' + m, 0); });
  es.onerror = () => { /* EventSource reconnects by itself */ };
}
function pageWhatif() {
  const inp = S.cur.inputs || {}, sites = S.base.sites.map((s) => s.name);
  const shift = el('input', { id: 'price-shift', type: 'range', min: -50, max: 50, step: 5, value: Math.round(100 * (inp.price_shift || 0)) });
  const shiftOut = el('output', { for: 'price-shift', text: shift.value + ' %' });
  shift.addEventListener('input', () => { shiftOut.textContent = shift.value + ' %'; });
  const drift = el('select', { id: 'drift' }, [['file', N_('As in the region file (no trend)')], ['-0.05', N_('Falling 5 % a year')], ['0.05', N_('Rising 5 % a year')]]
    .map(([v, l]) => el('option', { value: v, text: t(l), selected: String(inp.drift === null || inp.drift === undefined ? 'file' : inp.drift) === v })));
  const strategy = el('select', { id: 'whatif-strategy' }, ['all', 'concurrent', 'sequential', 'optimised'].map((v) => el('option', { value: v, text: t(v), selected: (inp.strategy || 'all') === v })));
  let order = (inp.order || (S.base.strategies.find((s) => s.strategy === 'sequential') || S.base.strategies[0]).order).slice();
  if (order.length !== sites.length) order = sites.slice(); /* a plan may leave sites out */
  const order0 = order.slice(); /* what the page started with: an order is sent only when moved */
  const ol = el('ol', { class: 'order', id: 'order' });
  const drawOrder = () => ol.replaceChildren(...order.map((n, k) => el('li', {}, data(n), ' ',
    el('button', { type: 'button', class: 'small ghost', 'aria-label': t('earlier'), disabled: k === 0, on: { click: () => { [order[k - 1], order[k]] = [order[k], order[k - 1]]; drawOrder(); } } }, '↑'), ' ',
    el('button', { type: 'button', class: 'small ghost', 'aria-label': t('later'), disabled: k === order.length - 1, on: { click: () => { [order[k + 1], order[k]] = [order[k], order[k + 1]]; drawOrder(); } } }, '↓'))));
  drawOrder();
  const conc = S.base.strategies.find((s) => s.strategy === 'concurrent');
  const years = sites.map((n) => {
    const j = conc ? conc.order.indexOf(n) : -1, y0 = j >= 0 ? Math.round(year(conc.planned_start_month[j])) : S.base.start_year;
    const v = inp.start_year && inp.start_year[n] ? inp.start_year[n] : y0;
    return el('input', { type: 'number', min: S.base.start_year, max: S.base.start_year + S.base.horizon_months / 12 - 1, step: 1, value: v, 'data-site': n, 'data-file': y0, 'aria-label': n });
  });
  const paths = el('input', { id: 'paths', type: 'number', min: 10, max: 5000, step: 10, value: inp.paths || S.base.paths });
  const seed = el('input', { id: 'seed', type: 'number', min: 0, step: 1, value: inp.seed === undefined ? S.base.seed : inp.seed });
  const go = el('button', { id: 'run-whatif', type: 'button', on: { click: () => {
    const x = { strategy: strategy.value, price_shift: Number(shift.value) / 100, paths: Number(paths.value), seed: Number(seed.value) };
    if (drift.value !== 'file') x.drift = Number(drift.value);
    if (inp.order || order.join('\u0000') !== order0.join('\u0000')) x.order = order; /* keep an order set earlier */
    const sy = {};
    for (const e of years) if (Number(e.value) !== Number(e.getAttribute('data-file'))) sy[e.getAttribute('data-site')] = Number(e.value);
    if (Object.keys(sy).length) x.start_year = sy;
    if (inp.site) x.site = inp.site;
    runWhatif(x);
  } } }, T('Recompute'));
  setView(el('h1', { text: t('What if?') }),
    el('div', { class: 'cols' },
      el('div', { class: 'card' },
        el('label', { class: 'field' }, T('Metal prices compared with today'), el('div', { class: 'field inline' }, shift, shiftOut)),
        el('label', { class: 'field' }, T('Price trend'), drift),
        el('label', { class: 'field' }, T('Strategy'), strategy),
        el('div', { class: 'field' }, T('Order of the mines (one plant)'), ol),
        el('div', { class: 'field' }, T('Start year of each mine (all at once)'),
          el('table', {}, el('tbody', {}, sites.map((n, k) => el('tr', {}, el('td', { class: 'data', text: n }), el('td', {}, years[k])))))),
        el('details', {}, el('summary', { text: t('Precision') }),
          el('label', { class: 'field inline' }, T('Price paths'), paths), el('label', { class: 'field inline' }, T('Seed'), seed)),
        go, jobBox()),
      el('div', { 'data-result': '' },
        el('h2', { text: S.cur === S.base ? t('Base case') : t('This what-if') }),
        comparisonTable(S.cur, 'whatif-compare'),
        S.cur === S.base ? null : el('h2', { text: t('Base case') }),
        S.cur === S.base ? null : comparisonTable(S.base, 'base-compare'))));
}

/* Survey ------------------------------------------------------------------------------------ */
function pageSurvey(pre) {
  const comm = el('select', { id: 'survey-community', name: 'community', required: true },
    el('option', { value: '', text: t('Choose your community') }),
    S.base.communities.map((c) => el('option', { value: c.name, text: c.name, selected: c.name === pre })));
  const qs = S.survey.questions.map((q) => {
    if (q.type === 'scale') {
      const opts = [];
      for (let v = q.min; v <= q.max; v++) opts.push(el('label', {}, el('input', { type: 'radio', name: q.id, value: v }), String(v)));
      return el('fieldset', { class: 'field' }, el('legend', { text: t(q.text) }),
        el('div', { class: 'scale' }, opts), el('span', { class: 'muted', text: t('1 = not at all, 5 = very much') }));
    }
    if (q.type === 'choice')
      return el('fieldset', { class: 'field' }, el('legend', { text: t(q.text) }),
        q.options.map((o) => el('label', { class: 'choice' }, el('input', { type: 'radio', name: q.id, value: o.value }), el('span', { text: t(o.text) }))));
    return el('label', { class: 'field' }, el('span', { text: t(q.text) }), el('textarea', { name: q.id, maxlength: 2000 }));
  });
  const msg = el('p', { id: 'survey-msg', role: 'status' });
  const form = el('form', { id: 'survey-form', on: { submit: (e) => {
    e.preventDefault();
    const f = new FormData(form), answers = {};
    for (const q of S.survey.questions) {
      const v = f.get(q.id);
      if (v === null || v === '') continue;
      answers[q.id] = q.type === 'scale' ? Number(v) : String(v);
    }
    if (!comm.value) { msg.className = 'err'; msg.textContent = t('Please choose your community.'); return; }
    if (!Object.keys(answers).length) { msg.className = 'err'; msg.textContent = t('Please answer at least one question.'); return; }
    enqueue('answers', { client_id: clientId(), community: comm.value, wave: 'meeting', lang: S.lang, answers });
    form.reset();
    msg.className = 'ok';
    msg.textContent = navigator.onLine ? t('Thank you. Your answers are being sent.') : t('Thank you. Your answers are kept on this device and will be sent when the connection returns.');
  } } }, el('label', { class: 'field' }, T('Your community'), comm), qs, el('button', { type: 'submit' }, T('Send answers')), msg);
  setView(el('h1', { text: t('Have your say') }), el('p', { text: t('Your answers are anonymous. Results are only shown for groups of five people or more.') }), form);
}

/* Facilitator ------------------------------------------------------------------------------------ */
async function pageFacilitator() {
  const tok = el('input', { id: 'token', type: 'password', value: S.token, autocomplete: 'off' });
  const out = el('div', { id: 'fac' });
  const load = async () => {
    S.token = tok.value.trim();
    try {
      const [stats, agg, com] = await Promise.all([getJSON('/api/facilitator/stats', { headers: facHeaders() }),
        getJSON('/api/facilitator/aggregate', { headers: facHeaders() }), getJSON('/api/facilitator/comments', { headers: facHeaders() })]);
      const dl = (what) => el('button', { type: 'button', class: 'ghost', on: { click: async () => {
        const r = await fetch('/api/facilitator/' + what, { headers: facHeaders() });
        const a = el('a', { href: URL.createObjectURL(await r.blob()), download: what });
        document.body.append(a); a.click(); a.remove();
      } } }, what === 'export-answers.csv' ? t('Export answers (CSV)') : t('Export comments (CSV)'));
      out.replaceChildren(
        el('div', { class: 'kpis' }, kpi('Answers', num(stats.answers), 'answers'), kpi('Comments', num(stats.comments), 'comments'), kpi('What-ifs computed', num(stats.jobs_run), null)),
        el('p', {}, dl('export-answers.csv'), ' ', dl('export-comments.csv')),
        el('h2', { text: t('Results by community') }),
        el('p', { class: 'muted', text: tf('Groups smaller than {n} are not shown.', { n: agg.min_group }) }),
        el('div', { class: 'scroll' }, el('table', { id: 'aggregate' }, el('thead', {}, el('tr', {}, el('th', { text: t('Community') }), el('th', { text: t('Question') }), el('th', { class: 'num', text: t('Answers') }), el('th', { class: 'num', text: t('Mean') }))),
          el('tbody', {}, agg.groups.map((g) => el('tr', {}, el('td', { class: 'data', text: g.community }), el('td', { text: t(questionText(g.question)) }),
            el('td', { class: 'num', text: g.suppressed ? t('fewer than 5') : num(g.n) }), el('td', { class: 'num', text: g.suppressed || g.mean === null || g.mean === undefined ? '-' : num(g.mean, 1) })))))),
        el('h2', { text: t('Moderation') }),
        el('ul', { class: 'plain', id: 'moderation' }, com.comments.map((c) => el('li', { class: c.hidden ? 'stale' : null },
          el('span', { class: 'data', text: c.community + ' / ' + t(c.dimension) + ': ' + c.text }), ' ',
          el('button', { type: 'button', class: 'small ghost', on: { click: async () => {
            await post('/api/facilitator/moderate', { id: c.id, hidden: !c.hidden }, facHeaders()); load();
          } } }, c.hidden ? t('Show') : t('Hide'))))));
    } catch (e) { out.replaceChildren(el('p', { class: 'err', text: e.status === 401 ? t('The facilitator token is missing or wrong.') : e.message })); }
  };
  setView(el('h1', { text: t('Facilitator') }),
    el('div', { class: 'field inline' }, el('label', { for: 'token', text: t('Facilitator token') }), tok, el('button', { type: 'button', on: { click: load } }, T('Open'))),
    out);
  load();
}
function questionText(id) { const q = S.survey.questions.find((x) => x.id === id); return q ? q.text : id; }

function pageMissing() { setView(el('h1', { text: t('Not found') }), el('p', {}, el('a', { href: '#/', text: t('Map') }))); }

/* Routing ---------------------------------------------------------------------------------------- */
function route(keepScroll) {
  if (!S.cur) return;
  const h = location.hash.replace(/^#/, '') || '/';
  const parts = h.split('/').filter(Boolean);
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('on', a.getAttribute('href') === '#/' + (parts[0] || ''));
  whatifBanner();
  const y = window.scrollY;
  if (!parts.length) pageMap();
  else if (parts[0] === 'community') pageCommunity(Number(parts[1]));
  else if (parts[0] === 'site') pageSite(Number(parts[1]));
  else if (parts[0] === 'strategies') pageStrategies();
  else if (parts[0] === 'whatif') pageWhatif();
  else if (parts[0] === 'survey') pageSurvey(parts[1] ? decodeURIComponent(parts[1]) : '');
  else if (parts[0] === 'facilitator') pageFacilitator();
  else pageMissing();
  if (keepScroll === true) window.scrollTo(0, y);
}

document.addEventListener('DOMContentLoaded', start);
