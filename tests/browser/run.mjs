#!/usr/bin/env node
// Real-browser checks of the CMS: accessibility (axe-core, WCAG 2.2 AA and
// more), Exit this page, privacy, layout, a keyboard-only run, screenshots.
//
// Starts the already-built `target/debug/cms serve --demo` on a free
// loopback port with a fresh SQLite database, drives Debian's Chromium
// with playwright-core over every page in pages.mjs, stops the server.
// No request leaves the machine: anything for another origin is answered
// locally (the exit link's neutral site) or refused.
//
//   cargo build -p server && (cd tests/browser && npm ci && node run.mjs)
//
// Environment: CMS_BIN (default target/debug/cms), CHROMIUM_PATH (default
// /usr/bin/chromium), SCREENSHOTS_DIR (default target/screenshots).
// The last line is `N passed, M failed`; the exit status is 1 on any failure.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import * as C from './lib/checks.mjs';
import { Report } from './lib/report.mjs';
import { startServer } from './lib/server.mjs';
import { DEMO_COUNTY, KEYBOARD_USER, pages } from './pages.mjs';
import { totp } from './lib/totp.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const BIN = process.env.CMS_BIN || path.join(root, 'target', 'debug', 'cms');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOTS_DIR || path.join(root, 'target', 'screenshots');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 640 };
// 200 % zoom of a 1280 px wide window is a 640 CSS px wide viewport.
const ZOOM_200 = { width: 640, height: 450 };
const ADMIN_EMAIL = 'admin@example.org';
// ONLY=pages,exit,privacy,keyboard runs some groups of checks (development).
const ONLY = process.env.ONLY ? new Set(process.env.ONLY.split(',')) : null;
const runs = (group) => ONLY === null || ONLY.has(group);

const report = new Report();
let server = null;
let browser = null;

// ---------------------------------------------------------------------------
// Browser contexts: nothing leaves the machine.
// ---------------------------------------------------------------------------

/**
 * A new context whose requests to any other origin never reach the network:
 * a page navigation (the exit link) gets a tiny neutral page, anything else
 * is refused. Such requests are recorded in `ctx.foreign`. Set
 * `ctx.hold` to a promise to delay the neutral page until it settles.
 */
async function newContext(options = {}) {
  const ctx = await browser.newContext({
    viewport: DESKTOP,
    locale: 'en-GB',
    serviceWorkers: 'block',
    ...options,
  });
  ctx.foreign = [];
  ctx.hold = null;
  const appOrigin = server.origin;
  await ctx.route(
    (url) => url.origin !== appOrigin,
    async (route) => {
      const req = route.request();
      ctx.foreign.push(req.url());
      if (req.isNavigationRequest() && req.resourceType() === 'document') {
        if (ctx.hold) {
          await ctx.hold;
        }
        await route.fulfill(C.neutralPage());
      } else {
        await route.abort('blockedbyclient');
      }
    },
  );
  return ctx;
}

/** Collects console errors and uncaught exceptions of a page. Failed
 * loads of the main document itself (an expected 401, 404 or 422) are not
 * errors of the page. */
function watchConsole(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url;
    if (/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text()) && where === page.url()) {
      return;
    }
    errors.push(`console: ${msg.text()} (${where})`);
  });
  page.on('pageerror', (err) => errors.push(`exception: ${err.message}`));
  return errors;
}

const url = (p) => new URL(p, server.origin).href;

async function signIn(ctx, password) {
  const page = await ctx.newPage();
  await page.goto(url('/admin/login'));
  await page.fill('#email', ADMIN_EMAIL);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(url('/admin')), page.click('form[action="/admin/login"] button[type="submit"]')]);
  await page.close();
}

// ---------------------------------------------------------------------------
// Every page: accessibility, keyboard, layout, print, safety bar.
// ---------------------------------------------------------------------------

async function checkPage(entry, adminCtx, titles) {
  const label = (what) => `${entry.name} (${entry.path}): ${what}`;
  const isPublic = entry.kind === 'public';
  const ownCtx = entry.session === 'signed-in' ? null : await newContext();
  const ctx = ownCtx || adminCtx;
  const page = await ctx.newPage();
  const consoleErrors = watchConsole(page);
  try {
    let response = await page.goto(url(entry.path));
    if (entry.action) {
      response = await entry.action(page);
    }
    const status = response ? response.status() : 0;
    const loaded = await report.check(label(`answers ${entry.status}`), () =>
      status === entry.status ? [] : [`status ${status} at ${page.url()}`],
    );
    if (!loaded) {
      return;
    }
    await report.check(label('strict Content-Security-Policy (no inline script or style)'), async () => {
      const csp = (await response.allHeaders())['content-security-policy'] || '';
      const problems = [];
      if (!/(^|;)\s*default-src 'self'\s*(;|$)/.test(csp)) problems.push(`CSP is ${JSON.stringify(csp)}`);
      if (/unsafe-inline|unsafe-eval|\*/.test(csp)) problems.push(`CSP allows too much: ${csp}`);
      return problems;
    });
    if (entry.screenshot) {
      // As loaded: before the checks focus, scroll or resize anything.
      await mkdir(SHOTS, { recursive: true });
      for (const vp of [NARROW, DESKTOP]) {
        await page.setViewportSize(vp);
        await page.screenshot({ path: path.join(SHOTS, `${entry.screenshot}-${vp.width}.png`), fullPage: true });
      }
    }

    // Keyboard first, while nothing has been focused yet.
    await report.check(label('Tab: skip link first; visible focus; focus not hidden (1280 px)'), async () =>
      (await C.tabWalk(page)).problems,
    );
    await report.check(label('skip link moves focus to main content'), () => C.skipLinkWorks(page));
    await report.check(label('one h1, lang="en-GB", a title, no inline script'), async () => {
      const problems = await C.documentBasics(page);
      titles.push({ title: await page.title(), name: entry.name });
      return problems;
    });
    await report.check(label(`axe-core (${C.AXE_TAGS.join(', ')}): no violations at 1280 px`), () => C.axe(page));
    await report.check(label(`targets at least ${C.MIN_TARGET_PX}x${C.MIN_TARGET_PX} px at 1280 px`), () =>
      C.targetSizes(page),
    );
    await report.check(
      label(entry.errors ? 'error summary links to its fields' : 'error summary links (if any) lead to fields; ids unique'),
      () => C.errorSummary(page, { expected: !!entry.errors }),
    );
    if (entry.jsonLd) {
      await report.check(label('schema.org JSON-LD: one data block (allowed: browsers never run it) that parses'), () =>
        C.jsonLd(page),
      );
    }
    if (entry.signInForm) {
      await report.check(label('autocomplete on the sign-in fields'), () => C.signInAutocomplete(page));
    }
    if (isPublic) {
      await report.check(label('Exit this page: a link to a neutral site, beside the safety link and 999'), () =>
        C.exitMarkup(page),
      );
      await report.check(label('Exit this page: visible, on top, covers nothing at 1280 px'), () =>
        C.exitPlacement(page, DESKTOP.width, DESKTOP.height),
      );
      await report.check(label('Exit this page: visible, on top, covers nothing at 320 px'), () =>
        C.exitPlacement(page, NARROW.width, NARROW.height),
      );
    }
    await report.check(label('print stylesheet; controls hidden when printing'), () =>
      C.printStyles(page, { isPublic }),
    );

    // Narrow: 320 CSS px (a small phone, or 400 % zoom of a 1280 px window).
    await report.check(label('no horizontal scrolling at 320 px'), () =>
      C.noHorizontalScroll(page, NARROW.width, NARROW.height),
    );
    await report.check(label('Tab: visible focus; focus not hidden (320 px)'), async () =>
      (await C.tabWalk(page)).problems,
    );
    await report.check(label('axe-core: no violations at 320 px'), () => C.axe(page));
    await report.check(label(`targets at least ${C.MIN_TARGET_PX}x${C.MIN_TARGET_PX} px at 320 px`), () =>
      C.targetSizes(page),
    );
    await report.check(label('no horizontal scrolling at 200 % zoom (640 px)'), () =>
      C.noHorizontalScroll(page, ZOOM_200.width, ZOOM_200.height),
    );

    await report.check(label('no console errors or exceptions'), () => consoleErrors);
  } catch (err) {
    report.record(label('page checks ran to the end'), [`error: ${err.stack || err}`]);
  } finally {
    await page.close();
    if (ownCtx) await ownCtx.close();
  }
}

// ---------------------------------------------------------------------------
// Exit this page, in the browser.
// ---------------------------------------------------------------------------

/** Opens `entry.path` with a page of the site before it in the history. */
async function openAfterAnotherPage(ctx, entry) {
  const page = await ctx.newPage();
  await page.goto(url('/healthz'));
  await page.goto(url(entry.path));
  const href = await page.getAttribute('#exit-this-page', 'href');
  const historyBefore = await page.evaluate(() => history.length);
  return { page, href, historyBefore };
}

/** After leaving: the neutral site is shown, the history did not grow, and
 * Back skips the page that was left. */
async function afterExit(page, href, historyBefore) {
  const problems = [];
  await page.waitForURL(href, { timeout: 10_000 });
  const historyAfter = await page.evaluate(() => history.length);
  if (historyAfter !== historyBefore) {
    problems.push(`history.length grew from ${historyBefore} to ${historyAfter} (location.replace not used)`);
  }
  await page.goBack();
  if (page.url() !== url('/healthz')) {
    problems.push(`Back returned to ${page.url()}, not to the page before`);
  }
  return problems;
}

async function checkExit(entry) {
  const label = (what) => `${entry.name} (${entry.path}): Exit this page ${what}`;

  await report.check(label('by click: blanks at once, replaces history, goes to the neutral site'), async () => {
    const ctx = await newContext();
    try {
      const { page, href, historyBefore } = await openAfterAnotherPage(ctx, entry);
      let release;
      ctx.hold = new Promise((resolve) => (release = resolve));
      const stateAfter = await C.watchBlanking(page);
      const box = await page.locator('#exit-this-page').boundingBox();
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const state = await stateAfter(1);
      release();
      return [...C.blankedProblems(state), ...(await afterExit(page, href, historyBefore))];
    } finally {
      await ctx.close();
    }
  });

  await report.check(label('by Shift x3: status counts down; other keys reset; blanks; replaces history'), async () => {
    const ctx = await newContext();
    const problems = [];
    try {
      const { page, href, historyBefore } = await openAfterAnotherPage(ctx, entry);
      const status = () =>
        page.locator('.exit-this-page [role="status"]').textContent({ timeout: 2000 });
      const expectStatus = async (after, pattern) => {
        await page.waitForTimeout(50);
        if (page.url() !== url(entry.path)) {
          throw new Error(`after ${after} the page was left for ${page.url()}`);
        }
        const text = (await status()).trim();
        if (!pattern.test(text)) {
          problems.push(`after ${after} the status says ${JSON.stringify(text)}, expected ${pattern}`);
        }
      };
      await page.keyboard.press('Shift');
      await expectStatus('1 Shift', /press 2 more times/i);
      await page.keyboard.press('Shift');
      await expectStatus('2 Shifts', /press 1 more time\b/i);
      await page.keyboard.press('a');
      await expectStatus('another key', /^$/);
      await page.waitForTimeout(300);
      if (page.url() !== url(entry.path)) {
        problems.push(`Shift, Shift, a, left the page for ${page.url()}`);
        return problems;
      }
      await page.keyboard.press('Shift');
      await expectStatus('a key then 1 Shift', /press 2 more times/i);
      await page.keyboard.press('Shift');
      let release;
      ctx.hold = new Promise((resolve) => (release = resolve));
      const stateAfter = await C.watchBlanking(page);
      await page.keyboard.press('Shift');
      const state = await stateAfter(1);
      release();
      problems.push(...C.blankedProblems(state), ...(await afterExit(page, href, historyBefore)));
      return problems;
    } finally {
      await ctx.close();
    }
  });

  await report.check(label('without JavaScript: still a working link'), async () => {
    const ctx = await newContext({ javaScriptEnabled: false });
    try {
      const page = await ctx.newPage();
      await page.goto(url(entry.path));
      const href = await page.getAttribute('#exit-this-page', 'href');
      await page.click('#exit-this-page');
      await page.waitForURL(href, { timeout: 10_000 });
      return [];
    } finally {
      await ctx.close();
    }
  });
}

/** Shift presses more than 5 seconds apart do not exit. Once, on one page. */
async function checkExitTimeLimit(entry) {
  await report.check(`${entry.name} (${entry.path}): Exit this page: Shift presses expire after 5 s`, async () => {
    const ctx = await newContext();
    const problems = [];
    try {
      const page = await ctx.newPage();
      await page.goto(url(entry.path));
      const status = page.locator('.exit-this-page [role="status"]');
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.waitForTimeout(5300);
      const expired = (await status.textContent()).trim();
      if (!/expired/i.test(expired)) {
        problems.push(`after 5 s the status says ${JSON.stringify(expired)}, expected it to say the count expired`);
      }
      await page.keyboard.press('Shift');
      const text = (await status.textContent()).trim();
      if (!/press 2 more times/i.test(text)) {
        problems.push(`a Shift after the time limit: status ${JSON.stringify(text)}, expected a new count`);
      }
      await page.waitForTimeout(300);
      if (page.url() !== url(entry.path)) {
        problems.push(`left the page for ${page.url()}`);
      }
      return problems;
    } finally {
      await ctx.close();
    }
  });
}

// ---------------------------------------------------------------------------
// Privacy over every public page.
// ---------------------------------------------------------------------------

async function checkPrivacy(publicPages) {
  const ctx = await newContext();
  const requests = [];
  const setCookies = [];
  ctx.on('request', (r) => requests.push(r.url()));
  ctx.on('response', async (r) => {
    try {
      const headers = await r.headersArray();
      if (headers.some((h) => h.name.toLowerCase() === 'set-cookie')) {
        setCookies.push(r.url());
      }
    } catch {
      // The response went away with its page.
    }
  });
  const storageProblems = [];
  try {
    const page = await ctx.newPage();
    for (const entry of publicPages) {
      await page.goto(url(entry.path), { waitUntil: 'networkidle' });
      // Use the page a little: focus moves, one Shift press is counted.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Shift');
      await page.keyboard.press('Escape');
      const state = await page.evaluate(() => ({
        cookie: document.cookie,
        local: window.localStorage.length,
        session: window.sessionStorage.length,
      }));
      if (state.cookie !== '') storageProblems.push(`${entry.path}: document.cookie is ${JSON.stringify(state.cookie)}`);
      if (state.local !== 0) storageProblems.push(`${entry.path}: ${state.local} items in localStorage`);
      if (state.session !== 0) storageProblems.push(`${entry.path}: ${state.session} items in sessionStorage`);
    }
    // And through the safety link, as a visitor would.
    await page.goto(url(`/${DEMO_COUNTY}/`));
    await Promise.all([page.waitForURL(url(`/${DEMO_COUNTY}/safety`)), page.click('.exit-this-page a[href$="/safety"]')]);
    await page.waitForLoadState('networkidle');
    const jar = await ctx.cookies();
    if (jar.length) storageProblems.push(`the browser holds cookies: ${jar.map((c) => c.name).join(', ')}`);
    await page.close();
  } finally {
    await ctx.close();
  }
  const foreign = requests.filter((u) => new URL(u).origin !== server.origin);
  await report.check(`privacy: ${requests.length} requests over ${publicPages.length} public pages, all to ${server.origin}`, () =>
    foreign.map((u) => `request to another origin: ${u}`),
  );
  await report.check('privacy: no Set-Cookie on any public response', () =>
    setCookies.map((u) => `Set-Cookie from ${u}`),
  );
  await report.check('privacy: document.cookie empty, nothing in local or session storage, no cookies', () => storageProblems);
}

// ---------------------------------------------------------------------------
// Keyboard only: sign in, add a user, add a provider, save and publish a
// page, sign out.
// ---------------------------------------------------------------------------

/** Presses Tab (or Shift+Tab) until the focused element matches `want`. */
async function tabTo(page, want, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const hit = await page.evaluate((want) => {
      const el = document.activeElement;
      if (!el) return false;
      if (want.id) return el.id === want.id;
      if (want.href) return el.getAttribute('href') === want.href;
      if (want.text) return (el.textContent || '').trim().replace(/\s+/g, ' ') === want.text;
      return false;
    }, want);
    if (hit) return i + 1;
  }
  throw new Error(`could not reach ${JSON.stringify(want)} with ${back ? 'Shift+Tab' : 'Tab'}`);
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement && document.activeElement.id);
}

/** Types the keyboard run's user's email and password into the sign-in
 * form and presses Enter; waits for `landing`. */
async function passwordByKeyboard(page, landing) {
  await page.goto(url('/admin/login'));
  await tabTo(page, { id: 'email' });
  await page.keyboard.type(KEYBOARD_USER.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(KEYBOARD_USER.password);
  await Promise.all([page.waitForURL(url(landing)), page.keyboard.press('Enter')]);
}

/** The keyboard run's new user turns on two-factor (the code computed from
 * the key the page shows, as an authenticator app would), signs out, and
 * signs in again with the password and a code. */
async function twoFactorByKeyboard(page, step) {
  const enrol = '/admin/account/two-factor';
  let secret = '';
  await step('sign in as the new user', () => passwordByKeyboard(page, '/admin'));
  await step('turn on two-factor', async () => {
    await page.goto(url(enrol));
    secret = (await page.locator('#totp-secret').textContent()).trim();
    await tabTo(page, { id: 'code' });
    await page.keyboard.type(totp(secret));
    await tabTo(page, { text: 'Turn on two-factor sign-in' });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
      page.keyboard.press('Enter'),
    ]);
    await page.waitForLoadState('load');
    if (response.status() !== 200) throw new Error(`turning it on answered ${response.status()}`);
    // The POST's answer may arrive before the new document replaces the old.
    await page.locator('#recovery-codes').waitFor({ timeout: 5000 });
    const codes = await page.locator('#recovery-codes code').count();
    if (codes !== 10) throw new Error(`${codes} recovery codes shown, not 10`);
  });
  await step('sign out after turning on two-factor', async () => {
    await tabTo(page, { text: 'Sign out' });
    await Promise.all([page.waitForURL(url('/admin/login')), page.keyboard.press('Enter')]);
  });
  await step('sign in with a password and a code', async () => {
    await passwordByKeyboard(page, '/admin/login/two-factor');
    await tabTo(page, { id: 'code' });
    // The next step's code: the one turning it on took was used up, and a
    // code is accepted once.
    await page.keyboard.type(totp(secret, Date.now() + 30_000));
    await Promise.all([page.waitForURL(url('/admin')), page.keyboard.press('Enter')]);
    const who = await page.locator('.admin-user__who').textContent();
    if (!who.includes(KEYBOARD_USER.name)) throw new Error(`signed in as ${who.trim()}`);
  });
  await step('sign out after the code', async () => {
    await tabTo(page, { text: 'Sign out' });
    await Promise.all([page.waitForURL(url('/admin/login')), page.keyboard.press('Enter')]);
  });
}

async function checkKeyboardRun(password) {
  await report.check('keyboard only (Tab, Shift+Tab, Enter, Space, typing): sign in, add a user, add a provider, save and publish a page, sign out; the new user turns on two-factor and signs in with a code', async () => {
    const ctx = await newContext();
    const problems = [];
    const step = async (what, fn) => {
      try {
        await fn();
      } catch (err) {
        throw new Error(`${what}: ${err.message.split('\n')[0]}`);
      }
    };
    try {
      const page = await ctx.newPage();
      await page.goto(url('/admin/login'));
      await step('sign in', async () => {
        await tabTo(page, { id: 'email' });
        await page.keyboard.type(ADMIN_EMAIL);
        await page.keyboard.press('Tab');
        if ((await focusedId(page)) !== 'password') throw new Error('Tab from email did not reach password');
        await page.keyboard.type(password);
        await page.keyboard.press('Shift+Tab');
        if ((await focusedId(page)) !== 'email') throw new Error('Shift+Tab from password did not go back to email');
        await tabTo(page, { text: 'Sign in' });
        await Promise.all([page.waitForURL(url('/admin')), page.keyboard.press('Enter')]);
      });
      await step('open the county', async () => {
        await tabTo(page, { href: `/admin/${DEMO_COUNTY}` });
        await Promise.all([page.waitForURL(url(`/admin/${DEMO_COUNTY}`)), page.keyboard.press('Enter')]);
      });
      await step('open its users', async () => {
        await tabTo(page, { href: `/admin/${DEMO_COUNTY}/users` });
        await Promise.all([page.waitForURL(url(`/admin/${DEMO_COUNTY}/users`)), page.keyboard.press('Enter')]);
      });
      const newEmail = KEYBOARD_USER.email;
      await step('fill in the form', async () => {
        await tabTo(page, { id: 'name' });
        await page.keyboard.type(KEYBOARD_USER.name);
        await page.keyboard.press('Tab');
        await page.keyboard.type(newEmail);
        await page.keyboard.press('Tab');
        if ((await focusedId(page)) !== 'role') throw new Error('Tab from email did not reach role');
        // Type-ahead picks the option on a closed select.
        await page.keyboard.type('County');
        const role = await page.inputValue('#role');
        if (role !== 'county_admin') throw new Error(`typing "County" on the role select chose ${role}`);
        await page.keyboard.press('Tab');
        if ((await focusedId(page)) !== 'password') throw new Error('Tab from role did not reach password');
        await page.keyboard.type(KEYBOARD_USER.password);
      });
      await step('submit with Space', async () => {
        await tabTo(page, { text: 'Add user' });
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
          page.keyboard.press('Space'),
        ]);
        await page.waitForLoadState('load');
        if (response.status() !== 303) {
          const summary = await page.locator('.error-summary').textContent().catch(() => '');
          throw new Error(`adding the user answered ${response.status()} ${summary.trim().replace(/\s+/g, ' ')}`);
        }
        const table = await page.locator('table').textContent();
        if (!table.includes(newEmail)) throw new Error('the new user is not in the table');
      });
      // A provider, published, with a phone number: it must then be in the
      // public directory.
      const provider = {
        name: "Kay's Keyboard Helpline",
        summary: 'A test service added with the keyboard only.',
        // Ofcom's range for drama (01632 960000 to 960999): never a real line.
        phone: 'Helpline: 01632 960 123',
        tel: 'tel:01632960123',
      };
      const providersPath = `/admin/${DEMO_COUNTY}/providers`;
      await step('open the providers', async () => {
        await tabTo(page, { href: providersPath });
        await Promise.all([page.waitForURL(url(providersPath)), page.keyboard.press('Enter')]);
      });
      await step('open "Add a provider"', async () => {
        await tabTo(page, { href: `${providersPath}/new` });
        await Promise.all([page.waitForURL(url(`${providersPath}/new`)), page.keyboard.press('Enter')]);
      });
      await step('fill in the provider form', async () => {
        await tabTo(page, { id: 'name' });
        await page.keyboard.type(provider.name);
        await page.keyboard.press('Tab');
        if ((await focusedId(page)) !== 'slug') throw new Error('Tab from name did not reach slug');
        await page.keyboard.press('Tab');
        if ((await focusedId(page)) !== 'summary') throw new Error('Tab from slug did not reach summary');
        await page.keyboard.type(provider.summary);
        await tabTo(page, { id: 'phone' });
        await page.keyboard.type(provider.phone);
        await page.keyboard.press('Shift+Tab');
        if ((await focusedId(page)) !== 'description') throw new Error('Shift+Tab from phone did not go back to description');
        await tabTo(page, { id: 'self_referral' });
        await page.keyboard.press('Space');
        if (!(await page.isChecked('#self_referral'))) throw new Error('Space did not tick "People can refer themselves"');
        // Past the categories and the week of opening hours (seven days,
        // each a select and three pairs of times).
        await tabTo(page, { id: 'status' }, { max: 200 });
        await page.keyboard.type('Published');
        const status = await page.inputValue('#status');
        if (status !== 'published') throw new Error(`typing "Published" on the status select chose ${status}`);
      });
      await step('submit the provider with Enter', async () => {
        await tabTo(page, { text: 'Add provider' });
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
          page.keyboard.press('Enter'),
        ]);
        await page.waitForLoadState('load');
        if (response.status() !== 303) {
          const summary = await page.locator('.error-summary').textContent().catch(() => '');
          throw new Error(`adding the provider answered ${response.status()} ${summary.trim().replace(/\s+/g, ' ')}`);
        }
        const location = response.headers().location || '';
        const isEditPage = (p) => new RegExp(`^${providersPath}/[^/]+$`).test(p) && p !== `${providersPath}/new`;
        if (!isEditPage(new URL(location, page.url()).pathname)) {
          throw new Error(`the 303 leads to ${JSON.stringify(location)}, not to the new provider's edit page`);
        }
        await page.waitForURL((u) => isEditPage(u.pathname), { timeout: 10_000 });
        await page.waitForLoadState('load');
        const notice = (await page.locator('.notice--success').textContent({ timeout: 2000 }).catch(() => '')).trim();
        if (!notice.includes(`${provider.name} was added`)) {
          throw new Error(`no success message on the edit page (found ${JSON.stringify(notice)})`);
        }
        const name = await page.inputValue('#name');
        if (name !== provider.name) throw new Error(`the edit form shows the name ${JSON.stringify(name)}`);
      });
      await step('the provider is in the public directory', async () => {
        const visitor = await ctx.newPage();
        try {
          await visitor.goto(url(`/${DEMO_COUNTY}/support`));
          const entry = visitor.locator('.provider-list__item').filter({
            has: visitor.locator('.provider-list__name', { hasText: provider.name }),
          });
          if ((await entry.count()) !== 1) throw new Error(`${provider.name} is not listed once in /${DEMO_COUNTY}/support`);
          const text = (await entry.textContent()).replace(/\s+/g, ' ');
          if (!text.includes(provider.summary)) throw new Error('its entry does not show the summary');
          if ((await entry.locator(`a[href="${provider.tel}"]`).count()) !== 1) {
            throw new Error(`its entry has no ${provider.tel} link`);
          }
          const href = await entry.locator('.provider-list__name a').getAttribute('href');
          const shown = await visitor.goto(url(href));
          if (shown.status() !== 200) throw new Error(`its page ${href} answered ${shown.status()}`);
          const h1 = (await visitor.locator('h1').textContent()).trim();
          if (h1 !== provider.name) throw new Error(`its page ${href} has the h1 ${JSON.stringify(h1)}`);
        } finally {
          await visitor.close();
        }
      });
      // A page, saved as a draft and then published: it must then be on
      // the public site.
      const pagesPath = `/admin/${DEMO_COUNTY}/pages`;
      const newPage = { title: 'Keyboard news', slug: 'keyboard-news', body: 'Written with the keyboard only.' };
      await step('open the pages', async () => {
        await tabTo(page, { href: pagesPath });
        await Promise.all([page.waitForURL(url(pagesPath)), page.keyboard.press('Enter')]);
      });
      await step('open "Add a page"', async () => {
        await tabTo(page, { href: `${pagesPath}/new` });
        await Promise.all([page.waitForURL(url(`${pagesPath}/new`)), page.keyboard.press('Enter')]);
      });
      await step('fill in the page form', async () => {
        await tabTo(page, { id: 'title' });
        await page.keyboard.type(newPage.title);
        await tabTo(page, { id: 'body' });
        await page.keyboard.type(newPage.body);
      });
      await step('save the draft with Enter', async () => {
        await tabTo(page, { text: 'Save draft' });
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
          page.keyboard.press('Enter'),
        ]);
        await page.waitForLoadState('load');
        if (response.status() !== 303) {
          const summary = await page.locator('.error-summary').textContent().catch(() => '');
          throw new Error(`saving the page answered ${response.status()} ${summary.trim().replace(/\s+/g, ' ')}`);
        }
        await page.waitForURL((u) => new RegExp(`^${pagesPath}/[0-9a-f-]{36}$`).test(u.pathname), { timeout: 10_000 });
      });
      await step('publish it with Space', async () => {
        await tabTo(page, { text: 'Publish the draft now' });
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest()),
          page.keyboard.press('Space'),
        ]);
        await page.waitForLoadState('load');
        if (response.status() !== 303) throw new Error(`publishing answered ${response.status()}`);
        const notice = (await page.locator('.notice--success').textContent({ timeout: 2000 }).catch(() => '')).trim();
        if (!notice.includes('Published')) throw new Error(`no success message (found ${JSON.stringify(notice)})`);
      });
      await step('the page is on the public site', async () => {
        const visitor = await ctx.newPage();
        try {
          const shown = await visitor.goto(url(`/${DEMO_COUNTY}/${newPage.slug}`));
          if (shown.status() !== 200) throw new Error(`/${DEMO_COUNTY}/${newPage.slug} answered ${shown.status()}`);
          const h1 = (await visitor.locator('h1').textContent()).trim();
          if (h1 !== newPage.title) throw new Error(`its h1 is ${JSON.stringify(h1)}`);
          const text = await visitor.locator('main').textContent();
          if (!text.includes(newPage.body)) throw new Error('its text is not shown');
        } finally {
          await visitor.close();
        }
      });
      await step('sign out', async () => {
        await tabTo(page, { text: 'Sign out' });
        await Promise.all([page.waitForURL(url('/admin/login')), page.keyboard.press('Enter')]);
        await page.goto(url('/admin'));
        if (!page.url().startsWith(url('/admin/login'))) {
          throw new Error(`after signing out /admin shows ${page.url()}`);
        }
      });
      await twoFactorByKeyboard(page, step);
      if (ctx.foreign.length) problems.push(`requests to other origins: ${ctx.foreign.join(', ')}`);
      return problems;
    } finally {
      await ctx.close();
    }
  });
}

// ---------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  server = await startServer({ bin: BIN, cwd: root });
  console.log(`cms serve --demo at ${server.origin}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  console.log(`Chromium ${browser.version()} (${CHROMIUM})`);
  console.log('');

  const adminCtx = await newContext();
  await report.check('sign in as the demo platform admin', async () => {
    await signIn(adminCtx, server.password);
    return [];
  });

  // First, so that the county has a member for the users page and its
  // controls to be checked.
  if (runs('keyboard')) await checkKeyboardRun(server.password);

  const titles = [];
  for (const entry of runs('pages') ? pages : []) {
    await checkPage(entry, adminCtx, titles);
  }
  if (runs('pages')) await report.check(`titles are unique across ${titles.length} pages`, () => {
    const problems = [];
    const byTitle = new Map();
    for (const { title, name } of titles) {
      byTitle.set(title, [...(byTitle.get(title) || []), name]);
    }
    for (const [title, names] of byTitle) {
      if (names.length > 1) problems.push(`${JSON.stringify(title)} on: ${names.join(', ')}`);
    }
    return problems;
  });

  const publicPages = pages.filter((p) => p.kind === 'public');
  if (runs('exit')) {
    for (const entry of publicPages) {
      await checkExit(entry);
    }
    await checkExitTimeLimit(publicPages.find((p) => p.path === `/${DEMO_COUNTY}/`) || publicPages[0]);
  }
  if (runs('privacy')) await checkPrivacy(publicPages);
  await report.check('the admin session made no requests to other origins', () =>
    adminCtx.foreign.map((u) => `request to ${u}`),
  );
  await adminCtx.close();
  console.log('');
  console.log(`Screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
  console.log(`Browser checks took ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Once, whoever asks first (the end of the run or a signal); both wait for it.
let cleaning = null;
function cleanUp() {
  cleaning ??= (async () => {
    if (browser) {
      await browser.close().catch(() => {});
    }
    if (server) {
      await server.stop().catch((err) => console.error(`stopping the server: ${err}`));
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    console.error(`\n${signal}: stopping the browser and the server`);
    await cleanUp();
    report.record(`the harness ran to the end (stopped by ${signal})`, [signal]);
    report.summary();
    process.exit(130);
  });
}

let crashed = false;
try {
  await main();
} catch (err) {
  crashed = true;
  report.record('the harness ran to the end', [err.stack || String(err)]);
}
if ((report.failed > 0 || crashed) && server && cleaning === null) {
  console.log('');
  console.log('--- last lines of the server log ---');
  console.log(server.log().split('\n').slice(-40).join('\n'));
}
await cleanUp();
report.summary();
process.exitCode = report.failed > 0 ? 1 : 0;
