// The report's HTML as a reader opens it (CTest web/report_phone): `soso report` on
// the one-site fixture, then Debian's Chromium through playwright-core at a 390 px
// phone and a 1280 px desktop. On the phone every table row is a card whose cells
// each name their column ("capital cost: 8.2"); on both, no table is wider than the
// text column, and no table cell breaks a word in two. Exit 77 (SKIP) only when
// Chromium or playwright-core is not installed.
//
// usage: node report_phone.mjs SOSO_BINARY SOURCE_DIR
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [soso, src] = process.argv.slice(2);
const CHROMIUM = '/usr/bin/chromium';
let chromium;
try { ({ chromium } = await import('playwright-core')); } catch (e) {
  console.log('SKIP: playwright-core is not installed (npm ci in tests/web)'); process.exit(77);
}
if (!existsSync(CHROMIUM)) { console.log('SKIP: ' + CHROMIUM + ' is missing'); process.exit(77); }

const tmp = mkdtempSync(path.join(os.tmpdir(), 'soso-rphone-'));
let fails = 0;
const fail = (m) => { console.log('FAIL ' + m); fails++; };
const out = path.join(tmp, 'rep');
const r = spawnSync(soso, ['--db', path.join(tmp, 'none.db'), 'report',
  path.join(src, 'tests/data/fault_report/one_site.region.yaml'), '--out', out, '--paths', '20'],
  { encoding: 'utf8', timeout: 120000 });
if (r.status !== 0) { console.log('FAIL soso report: ' + r.stderr); process.exit(1); }

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  for (const [width, name] of [[390, 'phone'], [1280, 'desktop']]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto('file://' + path.join(out, 'report.html'));
    const t = await page.evaluate(() => {
      const tables = [...document.querySelectorAll('.tbl')];
      const res = { n: tables.length, wide: 0, cards: 0, rows: 0, unlabelled: 0, broken: [] };
      for (const t of tables) {
        if (t.scrollWidth > t.clientWidth + 1) res.wide++;
        const heads = [...t.querySelectorAll('th')].map((h) => h.textContent);
        for (const tr of t.querySelectorAll('tbody tr')) {
          res.rows++;
          if (getComputedStyle(tr).display === 'block') res.cards++;
          [...tr.children].forEach((td, i) => { if (td.dataset.label !== heads[i]) res.unlabelled++; });
        }
        // a word broken in two: one of a cell's words wider than the cell's content box
        for (const cell of t.querySelectorAll('td, th')) {
          if (!cell.offsetParent) continue; /* hidden (the phone's column headings) */
          const cs = getComputedStyle(cell);
          const box = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
          const probe = document.createElement('span');
          probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:' + cs.font;
          document.body.appendChild(probe);
          /* a browser may break after a hyphen or a slash: those are not broken words */
          for (const w of cell.textContent.split(/\s+|(?<=[-/])/).filter(Boolean)) {
            probe.textContent = w;
            if (probe.getBoundingClientRect().width > box + 1) res.broken.push(w);
          }
          probe.remove();
        }
      }
      return res;
    });
    console.log(`${name}: ${t.n} tables, ${t.rows} rows, ${t.cards} shown as cards, ${t.wide} wider than the column, ${t.broken.length} words broken`);
    if (t.n < 5) fail(`${name}: only ${t.n} tables in the report`);
    if (t.wide) fail(`${name}: ${t.wide} tables wider than the text column`);
    if (t.unlabelled) fail(`${name}: ${t.unlabelled} cells without their column's heading`);
    if (t.broken.length) fail(`${name}: words broken inside table cells: ${t.broken.slice(0, 5).join(', ')}`);
    if (name === 'phone' && t.cards !== t.rows) fail(`phone: ${t.rows - t.cards} rows not shown as cards`);
    if (name === 'desktop' && t.cards !== 0) fail(`desktop: ${t.cards} rows shown as cards`);
    if (name === 'phone') {
      const label = await page.evaluate(() => {
        const td = document.querySelector('.tbl tbody td');
        return getComputedStyle(td, '::before').content;
      });
      if (!/: "$/.test(label) && !/^".*: "$/.test(label)) fail(`phone: a cell does not show its heading (${label})`);
    }
    await page.close();
  }
} finally {
  await browser.close();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(fails + ' failed');
process.exit(fails ? 1 : 0);
