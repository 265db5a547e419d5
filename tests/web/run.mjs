// Browser and API tests of `soso serve` (CTest web/serve): starts the real binary on
// 127.0.0.1 with a free port and a fresh store, drives Debian's Chromium through
// playwright-core, and stops the server at the end. Exit 77 (SKIP) only when
// Chromium or playwright-core is not installed (scripts/install-deps.sh installs
// both); every other failure is a test failure.
//
// usage: node run.mjs SOSO_BINARY SOURCE_DIR [SHOTS_DIR]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';

const [soso, src, shots] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';
let chromium;
try { ({ chromium } = await import('playwright-core')); } catch (e) {
  console.log('SKIP: playwright-core is not installed (npm ci in tests/web)'); process.exit(77);
}
if (!existsSync(CHROMIUM)) { console.log('SKIP: ' + CHROMIUM + ' is missing'); process.exit(77); }

const region = path.join(src, 'examples/drina/drina.region.yaml');
const PATHS = 60, SEED = 7;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'soso-web-'));
const deadline = setTimeout(() => { console.error('FAIL: the web tests took longer than 240 s'); cleanup(1); }, 240000);
let server = null, browser = null, serverErr = () => '';

async function cleanup(code) {
  try { if (browser) await browser.close(); } catch (e) { /* already closed */ }
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { server.once('exit', r); setTimeout(r, 8000); });
  }
  try { rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* a browser file still closing */ }
  process.exit(code);
}

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

async function startServer(port, extra) {
  const p = spawn(soso, ['--db', path.join(tmp, 'soso.db'), 'serve', region, '--listen', `127.0.0.1:${port}`,
    '--paths', String(PATHS), '--seed', String(SEED), ...(extra || [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { err += d; });
  serverErr = () => err;
  for (let i = 0; i < 600; i++) {
    if (out.includes('stop with Ctrl-C')) return { p, out };
    if (p.exitCode !== null) throw new Error('soso serve exited: ' + err);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('soso serve did not start: ' + err);
}

let passed = 0;
async function step(name, f) {
  const t0 = Date.now();
  await f();
  passed++;
  console.log(`ok ${passed} - ${name} (${Date.now() - t0} ms)`);
}

try {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  ({ p: server } = await startServer(port, ['--rate', '5']));
  const raw = (text) => new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(text));
    let d = ''; sock.on('data', (x) => { d += x; }); sock.on('end', () => resolve(d)); sock.on('error', reject);
  });

  // --- API, no browser -------------------------------------------------------------
  const session = async () => {
    const r = await fetch(base + '/api/session');
    const cookie = r.headers.get('set-cookie').split(';')[0];
    return { cookie, csrf: (await r.json()).csrf };
  };
  const postJSON = (url, body, s, extra) => fetch(base + url, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: Object.assign({ 'Content-Type': 'application/json', Cookie: s.cookie, 'X-CSRF-Token': s.csrf }, extra || {}) });

  await step('the base case equals `soso region --format json` with the same paths and seed', async () => {
    const cli = spawnSync(soso, ['--quiet', 'region', region, '--format', 'json', '--paths', String(PATHS), '--seed', String(SEED)], { encoding: 'utf8', maxBuffer: 1 << 28 });
    assert.equal(cli.status, 0, cli.stderr);
    const a = JSON.parse(cli.stdout), b = await (await fetch(base + '/api/region')).json();
    assert.deepEqual(b.strategies, a.strategies);
    assert.deepEqual(b.comparison, a.comparison);
    assert.equal(b.seed, SEED);
  });

  await step('strict headers, no file outside the app reachable', async () => {
    const r = await fetch(base + '/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-security-policy'), /script-src 'self'/);
    assert.doesNotMatch(r.headers.get('content-security-policy'), /unsafe-inline/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    for (const bad of ['/../CMakeLists.txt', '/%2e%2e/CMakeLists.txt', '/..%2fCMakeLists.txt', '//etc/passwd',
      '/web/app.js', '/app.js/../../CMakeLists.txt', '/sw.js/..%2f..%2fCMakeLists.txt', '/.%2e/.%2e/etc/passwd', '/%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/api/../../CMakeLists.txt']) {
      const res = await raw(`GET ${bad} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      assert.match(res, /^HTTP\/1\.1 (400|404)/, bad);
      assert.doesNotMatch(res, /cmake_minimum_required|root:x:/, bad);
    }
    const evil = await raw(`GET /api/session HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`);
    assert.match(evil, /^HTTP\/1\.1 403/); /* DNS rebinding */
  });

  await step('bad requests get a 4xx with one line of JSON naming the field', async () => {
    const s = await session();
    let r = await postJSON('/api/whatif', { price_shift: 'low' }, s);
    assert.equal(r.status, 400); assert.equal((await r.json()).field, 'price_shift');
    r = await postJSON('/api/whatif', { seed: 1, colour: 'red' }, s);
    assert.equal(r.status, 400); assert.equal((await r.json()).field, 'colour');
    r = await postJSON('/api/whatif', { order: ['Sase'] }, s);
    assert.equal(r.status, 400); assert.equal((await r.json()).field, 'order');
    r = await postJSON('/api/comments', { client_id: 'abcdefgh1', community: 'Atlantis', dimension: 'noise', text: 'x' }, s);
    assert.equal(r.status, 400); assert.equal((await r.json()).field, 'community');
    r = await postJSON('/api/answers', { client_id: 'abcdefgh2', community: 'Olovo', answers: { concern_noise: 9 } }, s);
    assert.equal(r.status, 400); assert.equal((await r.json()).field, 'answers.concern_noise');
    const txt = await (await postJSON('/api/whatif', '{not json', s)).text();
    assert.equal(txt.split('\n').length, 1);
    r = await postJSON('/api/comments', { client_id: 'abcdefgh3', community: 'Olovo', dimension: 'noise', text: 'x'.repeat(70000) }, s);
    assert.equal(r.status, 413);
    r = await fetch(base + '/api/comments', { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: s.cookie }, body: '{}' });
    assert.equal(r.status, 403); assert.equal((await r.json()).field, 'X-CSRF-Token');
    r = await postJSON('/api/comments', {}, s, { 'Content-Type': 'text/plain' });
    assert.equal(r.status, 403);
    r = await postJSON('/api/comments', {}, s, { Origin: 'http://evil.example' });
    assert.equal(r.status, 403); assert.equal((await r.json()).field, 'Origin');
  });

  await step('a session that posts too fast is limited (429)', async () => {
    const s = await session();
    const codes = await Promise.all(Array.from({ length: 80 }, () => postJSON('/api/comments', {}, s).then((r) => r.status)));
    assert.ok(codes.includes(429), 'no 429 in ' + codes.join(','));
    assert.ok(codes.includes(400));
  });

  // --- Browser -----------------------------------------------------------------------------
  browser = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'] });
  const page = browser.pages()[0] || await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

  await step('the map shows every community and mine', async () => {
    await page.goto(base + '/?lang=en');
    await page.waitForSelector('svg.map a[data-community]');
    assert.equal(await page.locator('svg.map a[data-community]').count(), 5);
    assert.equal(await page.locator('svg.map a[data-site]').count(), 5);
    assert.ok(await page.locator('svg.map path.land').count() > 3);
    if (shots) await page.screenshot({ path: path.join(shots, 'serve-map-desktop.png'), fullPage: true });
  });

  await step('a community page: mines, jobs band, pressures, ratings, measures', async () => {
    await page.locator('svg.map a[data-community="Olovo"]').click();
    await page.waitForSelector('#ratings');
    assert.match(page.url(), /#\/community\/2$/);
    assert.equal((await page.locator('h1').textContent()).trim(), 'Olovo');
    assert.equal(await page.locator('#ratings tbody tr').count(), 6);
    assert.equal(await page.locator('svg.chart').count(), 2);
    assert.ok(await page.locator('svg.chart path.band').count() === 1);
    if (shots) await page.screenshot({ path: path.join(shots, 'serve-community-desktop.png'), fullPage: true });
  });

  await step('a comment is shown as text, never as markup', async () => {
    await page.locator('#comment-form select').selectOption('water');
    await page.locator('#comment-form textarea').fill('<img src=x onerror=alert(1)> the river');
    await page.locator('#comment-form button').click();
    await page.waitForSelector('#netstate[data-queue="0"]', { state: 'attached' });
    await page.reload();
    await page.waitForSelector('#comments li');
    assert.match(await page.locator('#comments').textContent(), /<img src=x onerror=alert\(1\)> the river/);
    assert.equal(await page.locator('#comments img').count(), 0);
  });

  await step('a what-if runs on the server and the numbers change', async () => {
    await page.goto(base + '/#/whatif');
    await page.waitForSelector('#whatif-compare');
    const before = await page.locator('#whatif-compare').textContent();
    await page.locator('#price-shift').evaluate((e) => { e.value = '-30'; e.dispatchEvent(new Event('input')); });
    await page.locator('#run-whatif').click();
    await page.waitForSelector('#banner:not([hidden])', { timeout: 120000 });
    await page.waitForSelector('#base-compare');
    const after = await page.locator('#whatif-compare').textContent();
    assert.notEqual(after, before);
    assert.equal(await page.locator('#base-compare').textContent(), before);
    const res = await page.evaluate(() => S.cur.inputs);
    assert.equal(res.price_shift, -0.3);
    // lower prices, lower value: the concurrent NPV must fall
    const npv = await page.evaluate(() => [S.base.comparison[0].npv_mean, S.cur.comparison[0].npv_mean]);
    assert.ok(npv[1] < npv[0], 'NPV did not fall: ' + npv);
    if (shots) await page.screenshot({ path: path.join(shots, 'serve-whatif-desktop.png'), fullPage: true });
  });

  await step('the same what-if again comes from the cache', async () => {
    const s = await session();
    const r = await postJSON('/api/whatif', { price_shift: -0.3, strategy: 'all', paths: PATHS, seed: SEED }, s);
    assert.equal((await r.json()).state, 'done');
  });

  await step('a survey answer given offline arrives after reconnection', async () => {
    await page.goto(base + '/#/survey');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload(); /* now the service worker controls the page and caches the API reads */
    await page.waitForSelector('#survey-form');
    const stats = async () => (await (await fetch(base + '/api/facilitator/stats')).json()).answers;
    const n0 = await stats();
    await browser.setOffline(true);
    await page.reload(); /* the app still loads, from the service worker's cache */
    await page.waitForSelector('#survey-form');
    await page.locator('#survey-community').selectOption('Srebrenica');
    await page.locator('input[name="concern_water"][value="5"]').check();
    await page.locator('input[name="preferred_strategy"][value="sequential"]').check();
    await page.locator('#survey-form button[type=submit]').click();
    await page.waitForSelector('#netstate[data-queue="1"]');
    assert.equal(await stats(), n0);
    await browser.setOffline(false);
    await page.waitForSelector('#netstate[data-queue="0"]', { state: 'attached', timeout: 30000 });
    assert.equal(await stats(), n0 + 1);
    const csv = await (await fetch(base + '/api/facilitator/export-answers.csv')).text();
    assert.match(csv, /Srebrenica/);
    assert.match(csv, /concern_water.*5/);
  });

  await step('small groups are suppressed in the facilitator results', async () => {
    const agg = await (await fetch(base + '/api/facilitator/aggregate')).json();
    const g = agg.groups.find((x) => x.community === 'Srebrenica' && x.question === 'concern_water');
    assert.equal(g.suppressed, true);
    assert.equal(g.mean, undefined);
  });

  await step('a page in Bosnian has no English left', async () => {
    const en = JSON.parse(await (await fetch(base + '/api/i18n/en')).text());
    const bs = JSON.parse(await (await fetch(base + '/api/i18n/bs')).text());
    assert.equal(Object.keys(bs).length, Object.keys(en).length, 'untranslated entries in bs.po');
    // English phrases a Bosnian page must not show: every msgid of the catalog (no
    // Bosnian text equals its English msgid, checked here), except words of 3 letters
    // or fewer ("no", "low", "all"), which also occur inside Bosnian words.
    const same = Object.keys(en).filter((k) => bs[k] === k);
    assert.deepEqual(same, [], 'bs.po entries still in English');
    const phrases = Object.keys(en).filter((k) => k.length >= 4);
    await page.goto(base + '/?lang=bs#/');
    const visible = async () => page.evaluate(() => {
      const skip = (n) => n.closest('.data, [lang="en"], #lang, script, style, title');
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const out = [];
      for (let n = w.nextNode(); n; n = w.nextNode()) if (!skip(n.parentElement) && n.parentElement.getClientRects().length) out.push(n.textContent);
      for (const e of document.querySelectorAll('[aria-label], input[placeholder]')) if (!skip(e)) out.push(e.getAttribute('aria-label') || '');
      return out.join('\n');
    });
    for (const route of ['#/', '#/community/1', '#/site/1', '#/strategies', '#/whatif', '#/survey', '#/facilitator']) {
      await page.goto(base + '/?lang=bs' + route);
      await page.waitForSelector('main h1');
      await page.waitForTimeout(150);
      const text = await visible();
      const left = phrases.filter((p) => new RegExp('(^|[^\\p{L}])' + p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '($|[^\\p{L}])', 'u').test(text));
      assert.deepEqual(left, [], `English left on ${route}: ${left.join(' | ')}`);
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'bs');
      if (shots && route === '#/community/1') await page.screenshot({ path: path.join(shots, 'serve-community-bs-desktop.png'), fullPage: true });
    }
  });

  await step('the app fits a 390 px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [route, name] of [['#/', 'map'], ['#/community/2', 'community'], ['#/survey', 'survey']]) {
      await page.goto(base + '/?lang=bs' + route);
      await page.waitForSelector('main h1');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `${route} is ${overflow} px wider than the phone`);
      if (shots) await page.screenshot({ path: path.join(shots, `serve-${name}-phone.png`), fullPage: true });
    }
  });

  assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED/.test(e)), [], 'errors in the page');
  await browser.close();
  browser = null;
  await step('the server stops cleanly on SIGTERM (exit 0; under ASan: no leak)', async () => {
    server.kill('SIGTERM');
    const code = await new Promise((r) => { if (server.exitCode !== null) r(server.exitCode); else server.once('exit', (c, sig) => r(sig || c)); });
    assert.equal(code, 0, 'soso serve exit ' + code + ': ' + serverErr().slice(-2000));
  });
  console.log(`all ${passed} web tests passed`);
  clearTimeout(deadline);
  cleanup(0);
} catch (e) {
  console.error('FAIL:', e && e.stack ? e.stack : e);
  clearTimeout(deadline);
  cleanup(1);
}
