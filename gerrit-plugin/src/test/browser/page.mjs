// Opens a page of the real Gerrit daemon in headless Chromium (Debian's chromium, driven by playwright-core), signed
// in as a dev account, waits for the page to say it is ready (body[data-state]), saves a screenshot and prints what
// the page shows as JSON on stdout for the Java test to check: {state, summary, platforms: [{name, rows, changes}]}.
// Usage: node page.mjs <gerrit-url> <page-path> <user> <screenshot.png>
import {chromium} from 'playwright-core';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const [gerrit, pagePath, user, screenshot] = process.argv.slice(2);
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
  await page.goto(gerrit + pagePath);
  await page.waitForSelector('body[data-state]', {timeout: 30000});
  await page.screenshot({path: screenshot, fullPage: true});
  const shown = await page.evaluate(() => ({
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
