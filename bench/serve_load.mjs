// Load test of `soso serve` (a benchmark, not a test): N simulated residents browse
// the app and submit survey answers and comments while W what-if jobs run, all on
// loopback, bounded in count and time. Each resident connects from its own loopback
// address (127.0.0.2, 127.0.0.3, ...), as phones in a hall have their own, so the
// server's default per-address and per-session rate limits apply unchanged.
//
// usage: node bench/serve_load.mjs SOSO_BINARY [RESIDENTS=200] [WHATIFS=10]
// Prints a JSON summary: errors, answers sent and stored, latency p50/p95 per kind.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [soso, nRes = '200', nWhat = '10'] = process.argv.slice(2);
const RESIDENTS = Math.min(Number(nRes), 250), WHATIFS = Math.min(Number(nWhat), 20);
const ANSWERS_EACH = 3, COMMENTS_EACH = 1;
const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const region = path.join(src, 'examples/drina/drina.region.yaml');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'soso-load-'));
const db = path.join(tmp, 'soso.db');
const hardStop = setTimeout(() => { console.error('load test: over 600 s, stopped'); finish(2); }, 600000);
let server;

function finish(code) {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  setTimeout(() => { rmSync(tmp, { recursive: true, force: true }); process.exit(code); }, 1000);
}
const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });

const lat = {}; let errors = 0; const errorSamples = [];
function record(kind, ms) { (lat[kind] = lat[kind] || []).push(ms); }
function q(a, p) { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; }

function request(agent, local, port, method, url, body, headers, kind) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port, localAddress: local, agent, method, path: url,
      headers: Object.assign({ Host: `127.0.0.1:${port}` }, headers || {}) }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        record(kind, ms);
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 400) { errors++; if (errorSamples.length < 5) errorSamples.push(`${kind} ${res.statusCode} ${text.slice(0, 200)}`); }
        resolve({ status: res.statusCode, headers: res.headers, text });
      });
    });
    req.on('error', (e) => { errors++; if (errorSamples.length < 5) errorSamples.push(`${kind} ${e.message}`); resolve({ status: 0, text: '' }); });
    if (body) req.write(body);
    req.end();
  });
}

async function resident(i, port, communities) {
  const local = `127.0.${1 + Math.floor((i + 2) / 250)}.${(i + 2) % 250 + 1}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const s = await request(agent, local, port, 'GET', '/api/session', null, null, 'session');
  const cookie = (s.headers && s.headers['set-cookie'] ? s.headers['set-cookie'][0] : '').split(';')[0];
  const csrf = s.text ? JSON.parse(s.text).csrf : '';
  const h = { Cookie: cookie };
  await Promise.all(['/', '/app.js', '/app.css', '/api/survey', '/api/i18n/bs', '/api/map'].map((u) => request(agent, local, port, 'GET', u, null, h, 'static+small')));
  await request(agent, local, port, 'GET', '/api/region', null, h, 'region');
  const community = communities[i % communities.length];
  await request(agent, local, port, 'GET', '/api/comments?community=' + encodeURIComponent(community), null, h, 'comments-read');
  let sent = 0;
  const ph = Object.assign({ 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, h);
  for (let k = 0; k < ANSWERS_EACH; k++) {
    const body = JSON.stringify({ client_id: `load-${i}-${k}-${process.pid}`, community, wave: 'load', lang: 'bs',
      answers: { concern_water: 1 + ((i + k) % 5), concern_noise: 1 + (i % 5), preferred_strategy: ['concurrent', 'sequential', 'no_opinion'][k % 3] } });
    const r = await request(agent, local, port, 'POST', '/api/answers', body, ph, 'answer-post');
    if (r.status === 201) sent++;
  }
  for (let k = 0; k < COMMENTS_EACH; k++)
    await request(agent, local, port, 'POST', '/api/comments', JSON.stringify({ client_id: `loadc-${i}-${k}-${process.pid}`, community, dimension: 'water', text: `comment ${i}` }), ph, 'comment-post');
  agent.destroy();
  return sent;
}

async function whatif(j, port) {
  const agent = new http.Agent({ keepAlive: true });
  const local = `127.0.200.${j + 1}`;
  const s = await request(agent, local, port, 'GET', '/api/session', null, null, 'session');
  const cookie = s.headers['set-cookie'][0].split(';')[0], csrf = JSON.parse(s.text).csrf;
  const t0 = Date.now();
  const r = await request(agent, local, port, 'POST', '/api/whatif', JSON.stringify({ price_shift: -0.45 + 0.1 * j, strategy: 'all' }),
    { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookie }, 'whatif-post');
  const id = JSON.parse(r.text).id;
  await request(agent, local, port, 'GET', `/api/jobs/${id}/events`, null, { Cookie: cookie }, 'whatif-events');
  await request(agent, local, port, 'GET', `/api/results/${id}`, null, { Cookie: cookie }, 'whatif-result');
  record('whatif-total', Date.now() - t0);
  agent.destroy();
}

const port = await freePort();
server = spawn(soso, ['--db', db, '--quiet', 'serve', region, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
server.stdout.on('data', (d) => { out += d; });
for (let i = 0; i < 600 && !out.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
if (!out.includes('Ctrl-C')) { console.error('server did not start'); finish(2); }
const base = JSON.parse((await request(undefined, '127.0.0.1', port, 'GET', '/api/region', null, null, 'warmup')).text);
const communities = base.communities.map((c) => c.name);
delete lat.warmup;

const t0 = Date.now();
const [sentList] = await Promise.all([
  Promise.all(Array.from({ length: RESIDENTS }, (_, i) => resident(i, port, communities))),
  Promise.all(Array.from({ length: WHATIFS }, (_, j) => whatif(j, port)))]);
const wall = (Date.now() - t0) / 1000;
const sent = sentList.reduce((a, b) => a + b, 0);
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
const count = spawnSync('sqlite3', [db, "SELECT count(*) FROM serve_answer WHERE wave = 'load'"], { encoding: 'utf8' });
const stored = Number(count.stdout.trim());
const summary = { residents: RESIDENTS, whatifs: WHATIFS, wall_s: wall, requests: Object.values(lat).reduce((a, l) => a + l.length, 0),
  errors, error_samples: errorSamples, answers_sent: sent, answers_stored: stored, lost: sent - stored, latency_ms: {} };
for (const [k, l] of Object.entries(lat)) summary.latency_ms[k] = { n: l.length, p50: +q(l, 0.5).toFixed(1), p95: +q(l, 0.95).toFixed(1) };
console.log(JSON.stringify(summary, null, 2));
clearTimeout(hardStop);
finish(errors === 0 && sent === stored && sent === RESIDENTS * ANSWERS_EACH ? 0 : 1);
