// Loads a narrate review page in Debian's headless Chromium, as a reader on
// a phone would, and prints what it found as one JSON line: the segments,
// each audio source and whether it loaded, whether playing one (from the
// keyboard) advanced its time, and any console error. tests/script.rs runs
// it and asserts on the result; a screenshot is left beside the page.
//
//   node tests/review/check.mjs /abs/path/review/SLUG.html /abs/path/shot.png
import { chromium } from 'playwright-core';

const [pagePath, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--mute-audio'],
});
const result = { errors: [] };
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('console', (m) => { if (m.type() === 'error') result.errors.push(m.text()); });
  page.on('pageerror', (e) => result.errors.push(String(e)));
  await page.goto('file://' + pagePath);
  result.segments = await page.locator('li.seg').count();
  result.changed = await page.locator('li.seg.changed').count();
  result.sources = await page.$$eval('audio', (as) => as.map((a) => a.getAttribute('src')));
  result.durations = await page.$$eval('audio', (as) => Promise.all(as.map((a) => new Promise((res) => {
    a.addEventListener('loadedmetadata', () => res(a.duration), { once: true });
    a.addEventListener('error', () => res(-1), { once: true });
    a.preload = 'metadata';
    a.load();
  }))));
  result.overflowsPhone = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  // The keyboard: j moves to the second segment, space plays it.
  await page.locator('li.seg').first().focus();
  await page.keyboard.press('j');
  await page.keyboard.press(' ');
  await page.waitForFunction(() => document.querySelectorAll('audio')[1].currentTime > 0, null, { timeout: 15000 });
  result.played = await page.$$eval('audio', (as) => as[1].currentTime);
  if (shot) await page.screenshot({ path: shot, fullPage: false });
} catch (e) {
  result.errors.push('check: ' + String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
