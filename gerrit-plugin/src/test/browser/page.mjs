// Opens a page of the real Gerrit daemon in headless Chromium (Debian's chromium, driven by playwright-core), signed
// in as a dev account, waits for the page to say it is ready (body[data-state]), saves a screenshot and prints what
// the page shows as JSON on stdout for the Java test to check: {state, summary, platforms: [{name, rows, changes}]}.
// Usage: node page.mjs <gerrit-url> <page-path> <user> <screenshot.png> [host-page.html]
// With host-page.html, <page-path> is served from that file under the Gerrit origin (a stand-in for a page of Gerrit's
// web UI, which no registry here has), so its scripts load the plugin's files and REST from the real Gerrit.
import {chromium} from 'playwright-core';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const [gerrit, pagePath, user, screenshot, hostPage] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'lanes-chromium-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.LANES_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: {width: 1100, height: 900},
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = browser.pages()[0] || await browser.newPage();
  const errors = [];
  page.on('pageerror', error => errors.push(String(error)));
  // Gerrit's development sign-in sets the session cookie the page's REST calls then carry.
  await page.goto(gerrit + '/login/?user_name=' + encodeURIComponent(user));
  if (hostPage) {
    const hostUrl = gerrit + pagePath.split('?')[0];
    await page.route(url => url.href.split('?')[0] === hostUrl,
        route => route.fulfill({status: 200, contentType: 'text/html; charset=utf-8', path: hostPage}));
  }
  await page.goto(gerrit + pagePath);
  await page.waitForSelector('body[data-state]', {timeout: 30000});
  await page.screenshot({path: screenshot, fullPage: true});
  const shown = await page.evaluate(() => document.body.getAttribute('data-page') === 'checks' ? ({
    state: document.body.getAttribute('data-state'),
    summary: document.getElementById('summary').textContent,
    runs: [...document.querySelectorAll('section.run')].map(run => ({
      name: run.getAttribute('data-run'),
      status: run.getAttribute('data-status'),
      description: run.querySelector('p').textContent,
      results: [...run.querySelectorAll('li.result')].map(li => ({
        category: li.getAttribute('data-category'),
        summary: li.querySelector('.summary').textContent,
        links: [...li.querySelectorAll('a.code-pointer')].map(a => a.getAttribute('href')),
        urls: [...li.querySelectorAll('a.result-link')].map(a => a.getAttribute('href')),
      })),
    })),
  }) : ({
    state: document.body.getAttribute('data-state'),
    summary: document.getElementById('summary').textContent,
    error: document.querySelector('.error') ? document.querySelector('.error').textContent : null,
    platforms: [...document.querySelectorAll('section.platform')].map(section => ({
      name: section.getAttribute('data-platform'),
      rows: Object.fromEntries([...section.querySelectorAll('table.lane tr')].map(
        tr => [tr.querySelector('th').textContent, tr.querySelector('td').textContent])),
      changes: [...section.querySelectorAll('tr[data-change]')].map(tr => ({
        number: Number(tr.getAttribute('data-change')),
        subject: tr.children[1].textContent,
        gate: tr.children[2].querySelector('span').textContent,
        reasons: [...tr.children[2].querySelectorAll('li')].map(li => li.textContent),
        link: tr.querySelector('a').getAttribute('href'),
      })),
    })),
  }));
  shown.pageErrors = errors;
  process.stdout.write(JSON.stringify(shown) + '\n');
} finally {
  await browser.close();
  rmSync(profile, {recursive: true, force: true});
}
