// The checks themselves. Each returns an array of problems (empty: passed).
// Functions handed to page.evaluate run inside the page and must be
// self-contained.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Smallest size of a pointer target outside running text (WCAG 2.5.8). */
export const MIN_TARGET_PX = 24;

/**
 * Targets that are not in running text, so must be at least 24x24 px:
 * controls, navigation, the safety bar, card and summary links.
 */
export const TARGET_SELECTOR = [
  'button',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  '#exit-this-page',
  '.exit-this-page__safety',
  'nav a',
  '.site-header__name',
  '.admin-header__brand',
  '.card__title a',
  '.error-summary a',
  '.site-footer a',
  '.pagination a',
].join(', ');

// ---------------------------------------------------------------------------
// Accessibility
// ---------------------------------------------------------------------------

/** axe-core with the WCAG 2.2 AA tags: no violations. */
export async function axe(page) {
  // Evaluated through the DevTools protocol, so the page's strict CSP
  // (no inline script) stays on and still applies to the page itself.
  // At the top of the page, as after loading: scrolled down, the sticky
  // Exit this page bar lies over content, which axe counts against targets.
  await page.evaluate(() => window.scrollTo(0, 0));
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) {
    await page.evaluate(AXE_SOURCE);
  }
  const result = await page.evaluate(
    async (tags) => {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    },
    AXE_TAGS,
  );
  const problems = [];
  for (const v of result) {
    for (const n of v.nodes) {
      problems.push(
        `${v.id} (${v.impact}) at ${n.target}: ${v.help}\n  ${(n.summary || '').replace(/\n/g, ' / ')}\n  ${v.helpUrl}`,
      );
    }
  }
  return problems;
}

/** One h1, lang="en-GB", a non-empty title, no inline script. */
export async function documentBasics(page) {
  return page.evaluate(() => {
    const problems = [];
    const h1s = document.querySelectorAll('h1');
    if (h1s.length !== 1) {
      problems.push(`expected exactly one h1, found ${h1s.length}`);
    }
    const lang = document.documentElement.getAttribute('lang');
    if (lang !== 'en-GB') {
      problems.push(`<html lang> is ${JSON.stringify(lang)}, expected "en-GB"`);
    }
    if (document.title.trim() === '') {
      problems.push('the title is empty');
    }
    for (const s of document.querySelectorAll('script')) {
      // Data blocks (JSON-LD) are not run, and CSP does not apply to them.
      const type = (s.type || '').trim().toLowerCase();
      const runs = type === '' || type === 'module' || /javascript|ecmascript/.test(type);
      if (!runs) continue;
      if (!s.src) {
        problems.push('inline <script> (CSP forbids it)');
      } else if (new URL(s.src).origin !== location.origin) {
        problems.push(`script from another origin: ${s.src}`);
      }
    }
    return problems;
  });
}

/** Provider pages: one `<script type="application/ld+json">` data block,
 * valid JSON describing an Organization. Such a block is data, not a
 * script: documentBasics lets it through, so this checks it is only data. */
export async function jsonLd(page) {
  return page.evaluate(() => {
    const problems = [];
    const blocks = [...document.querySelectorAll('script[type="application/ld+json"]')];
    if (blocks.length !== 1) {
      return [`expected one application/ld+json block, found ${blocks.length}`];
    }
    const [block] = blocks;
    if (block.src) problems.push('the JSON-LD block has a src');
    if ([...block.attributes].some((a) => a.name.startsWith('on'))) problems.push('the JSON-LD block has an event handler');
    let data = null;
    try {
      data = JSON.parse(block.textContent);
    } catch (err) {
      return [`the JSON-LD does not parse: ${err.message}`];
    }
    if (data['@context'] !== 'https://schema.org') problems.push(`@context is ${JSON.stringify(data['@context'])}`);
    if (data['@type'] !== 'Organization') problems.push(`@type is ${JSON.stringify(data['@type'])}`);
    const h1 = document.querySelector('h1');
    if (h1 && data.name !== h1.textContent.trim()) {
      problems.push(`its name ${JSON.stringify(data.name)} is not the h1 ${JSON.stringify(h1.textContent.trim())}`);
    }
    return problems;
  });
}

/**
 * Walks the page with Tab from the top. Checks that the first stop is the
 * skip link to #main-content, that every stop has a visible focus indicator
 * (outline or box-shadow differs from its unfocused state) and that no
 * focused element is entirely hidden by something else, such as the sticky
 * Exit this page bar (WCAG 2.4.11).
 */
export async function tabWalk(page, { checkIndicator = true } = {}) {
  const problems = [];
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    if (document.activeElement && document.activeElement !== document.body) {
      document.activeElement.blur();
    }
    const snapshot = (el) => {
      const cs = getComputedStyle(el);
      return {
        outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
        outlineVisible:
          cs.outlineStyle !== 'none' &&
          parseFloat(cs.outlineWidth) >= 2 &&
          !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(cs.outlineColor),
        boxShadow: cs.boxShadow,
      };
    };
    window.__bcSnapshot = snapshot;
    window.__bcUnfocused = new Map();
    const focusable =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';
    for (const el of document.querySelectorAll(focusable)) {
      window.__bcUnfocused.set(el, snapshot(el));
    }
  });
  // Start from the very top of the document, as after a page load.
  await page.evaluate(() => {
    const anchor = document.createElement('span');
    anchor.tabIndex = -1;
    document.body.prepend(anchor);
    anchor.focus();
    anchor.remove();
  });

  const seen = [];
  for (let i = 0; i < 150; i += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(
      ({ first }) => {
        const el = document.activeElement;
        if (!el || el === document.body || el === document.documentElement) {
          return null;
        }
        const describe = (e) => {
          let s = e.tagName.toLowerCase();
          if (e.id) s += `#${e.id}`;
          if (e.classList.length) s += `.${[...e.classList].join('.')}`;
          const text = (e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
          return text ? `${s} "${text}"` : s;
        };
        const before = window.__bcUnfocused.get(el);
        const now = window.__bcSnapshot(el);
        const indicator =
          before === undefined
            ? 'unknown'
            : (now.outlineVisible && now.outline !== before.outline) ||
                now.boxShadow !== before.boxShadow
              ? 'yes'
              : 'no';
        // Not entirely hidden: some point of it is on top.
        const r = el.getBoundingClientRect();
        let visible = false;
        const xs = [r.left + 2, r.left + r.width / 2, r.right - 2];
        const ys = [r.top + 2, r.top + r.height / 2, r.bottom - 2];
        for (const x of xs) {
          for (const y of ys) {
            if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
            const hit = document.elementFromPoint(x, y);
            if (hit && (el === hit || el.contains(hit) || hit.contains(el))) {
              visible = true;
            }
          }
        }
        const skip = first
          ? {
              isSkipLink: el.matches('a.skip-link'),
              href: el.getAttribute('href'),
              targetExists: !!document.getElementById('main-content'),
              height: r.height,
            }
          : null;
        return { desc: describe(el), indicator, visible, skip, size: [r.width, r.height] };
      },
      { first: i === 0 },
    );
    if (stop === null) {
      if (i === 0) {
        problems.push('Tab from the top of the page focuses nothing');
      }
      break;
    }
    // Back at the start: the walk is complete.
    if (seen.length > 0 && stop.desc === seen[0].desc && i > 1) {
      break;
    }
    seen.push(stop);
    if (i === 0) {
      if (!stop.skip.isSkipLink) {
        problems.push(`first focusable element is ${stop.desc}, not the skip link`);
      } else {
        if (stop.skip.href !== '#main-content') {
          problems.push(`skip link points to ${stop.skip.href}, not #main-content`);
        }
        if (!stop.skip.targetExists) {
          problems.push('no element with id="main-content"');
        }
        if (stop.skip.height < 24) {
          problems.push(`focused skip link is only ${stop.skip.height}px high`);
        }
      }
    }
    if (checkIndicator && stop.indicator === 'no') {
      problems.push(`no visible focus indicator on ${stop.desc}`);
    }
    if (!stop.visible) {
      problems.push(`focused element entirely hidden (or off-screen): ${stop.desc}`);
    }
  }
  if (seen.length >= 150) {
    problems.push('more than 150 tab stops: stopped walking');
  }
  return { problems, stops: seen.length };
}

/** The skip link moves focus to <main id="main-content">. */
export async function skipLinkWorks(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus('a.skip-link');
  await page.keyboard.press('Enter');
  const active = await page.evaluate(() => document.activeElement && document.activeElement.id);
  return active === 'main-content' ? [] : [`after Enter on the skip link, focus is on #${active}`];
}

/** Pointer targets outside running text are at least 24x24 CSS px. */
export async function targetSizes(page) {
  return page.evaluate(
    ({ selector, min }) => {
      const problems = [];
      for (const el of document.querySelectorAll(selector)) {
        if (!el.checkVisibility({ visibilityProperty: true })) continue;
        if (el.closest('.visually-hidden')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        if (r.width < min - 0.01 || r.height < min - 0.01) {
          const text = (el.textContent || el.getAttribute('name') || '').trim().replace(/\s+/g, ' ');
          problems.push(
            `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text.slice(0, 40)}" is ${r.width.toFixed(1)}x${r.height.toFixed(1)} px`,
          );
        }
      }
      return problems;
    },
    { selector: TARGET_SELECTOR, min: MIN_TARGET_PX },
  );
}

/** Every error summary link points at an existing field; pages that must
 * show errors do. */
export async function errorSummary(page, { expected }) {
  return page.evaluate((expected) => {
    const problems = [];
    const summaries = document.querySelectorAll('.error-summary');
    const links = document.querySelectorAll('.error-summary a');
    if (expected && (summaries.length === 0 || links.length === 0)) {
      problems.push('expected an error summary with links to the fields, found none');
    }
    for (const a of links) {
      const href = a.getAttribute('href') || '';
      if (!href.startsWith('#')) {
        problems.push(`error summary link ${JSON.stringify(href)} is not a link to a field`);
        continue;
      }
      const target = document.getElementById(decodeURIComponent(href.slice(1)));
      if (!target) {
        problems.push(`error summary link ${href} points to no element`);
      } else if (!target.matches('input, select, textarea, fieldset, [tabindex]')) {
        problems.push(`error summary link ${href} points to a ${target.tagName.toLowerCase()}, not a field`);
      }
    }
    for (const s of summaries) {
      const title = s.getAttribute('aria-labelledby');
      if (title && !document.getElementById(title)) {
        problems.push(`error summary labelled by missing #${title}`);
      }
    }
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (dupes.length) {
      problems.push(`duplicate ids: ${[...new Set(dupes)].join(', ')}`);
    }
    return problems;
  }, expected);
}

/** The sign-in fields tell password managers what they are. */
export async function signInAutocomplete(page) {
  return page.evaluate(() => {
    const problems = [];
    const want = { email: ['username', 'email'], password: ['current-password'] };
    for (const [id, allowed] of Object.entries(want)) {
      const el = document.getElementById(id);
      if (!el) {
        problems.push(`no #${id} field`);
        continue;
      }
      const ac = (el.getAttribute('autocomplete') || '').trim();
      if (!allowed.includes(ac)) {
        problems.push(`#${id} has autocomplete=${JSON.stringify(ac)}, expected ${allowed.join(' or ')}`);
      }
    }
    return problems;
  });
}

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

/** No horizontal scrolling at this viewport width. */
export async function noHorizontalScroll(page, width, height) {
  await page.setViewportSize({ width, height });
  return page.evaluate((width) => {
    const problems = [];
    const sw = document.documentElement.scrollWidth;
    if (sw > width) {
      const culprits = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > width + 0.5 && !el.closest('.table-wrap') && el.checkVisibility()) {
          const cls = el.classList.length ? `.${[...el.classList].join('.')}` : '';
          culprits.push(`${el.tagName.toLowerCase()}${cls} (right edge ${Math.round(r.right)})`);
        }
      }
      problems.push(`page is ${sw}px wide at ${width}px: ${culprits.slice(0, 6).join(', ')}`);
    }
    return problems;
  }, width);
}

/** A print stylesheet is linked and loaded; when printing, Exit this page
 * and the other controls are hidden. */
export async function printStyles(page, { isPublic }) {
  const problems = await page.evaluate(() => {
    const p = [];
    const link = document.querySelector('link[rel="stylesheet"][media="print"]');
    if (!link) {
      p.push('no <link rel="stylesheet" media="print">');
    } else if (!link.sheet || link.sheet.cssRules.length === 0) {
      p.push(`print stylesheet ${link.getAttribute('href')} did not load or is empty`);
    }
    return p;
  });
  await page.emulateMedia({ media: 'print' });
  try {
    problems.push(
      ...(await page.evaluate((isPublic) => {
        const p = [];
        const hidden = (sel) =>
          [...document.querySelectorAll(sel)].every((el) => !el.checkVisibility());
        if (isPublic && !document.getElementById('exit-this-page')) {
          p.push('no #exit-this-page');
        }
        if (!hidden('#exit-this-page')) p.push('Exit this page is visible when printing');
        if (!hidden('.skip-link')) p.push('the skip link is visible when printing');
        if (!hidden('form button')) p.push('form buttons are visible when printing');
        const h1 = document.querySelector('h1');
        if (h1 && !h1.checkVisibility()) p.push('the h1 is hidden when printing');
        return p;
      }, isPublic)),
    );
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Exit this page and the safety bar
// ---------------------------------------------------------------------------

/** The control is a plain link to a neutral site on another origin, beside a
 * link to the safety page and the 999 line; the status region is there. */
export async function exitMarkup(page) {
  return page.evaluate(() => {
    const p = [];
    const link = document.getElementById('exit-this-page');
    if (!link) return ['no element with id="exit-this-page"'];
    if (link.tagName !== 'A') p.push(`#exit-this-page is a <${link.tagName.toLowerCase()}>, not a link`);
    let url = null;
    try {
      url = new URL(link.getAttribute('href'));
    } catch {
      p.push(`#exit-this-page href ${JSON.stringify(link.getAttribute('href'))} is not an absolute URL`);
    }
    if (url && !/^https?:$/.test(url.protocol)) p.push(`exit URL ${url} is not http(s)`);
    if (url && url.origin === location.origin) p.push('exit URL is on this site');
    if (!/exit this page/i.test(link.textContent)) p.push('the link does not say "Exit this page"');
    const container = link.closest('.exit-this-page') || document;
    const safety = container.querySelector('a[href$="/safety"]');
    if (!safety) p.push('no link to the safety page beside Exit this page');
    const status = container.querySelector('[role="status"]');
    if (!status) p.push('no role="status" region for the Shift key messages');
    else if (status.textContent.trim() !== '') p.push('the status region is not empty on load');
    if (!/\b999\b/.test(document.body.textContent)) p.push('the page does not show 999');
    return p;
  });
}

/** Exit this page is visible, fully on screen, on top, and covers nothing
 * (at the top of the page); it is still on screen once scrolled down. */
export async function exitPlacement(page, width, height) {
  await page.setViewportSize({ width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  const problems = await page.evaluate(() => {
    const p = [];
    const link = document.getElementById('exit-this-page');
    if (!link) return ['no #exit-this-page'];
    if (!link.checkVisibility({ opacityProperty: true, visibilityProperty: true })) {
      return ['Exit this page is not visible'];
    }
    const r = link.getBoundingClientRect();
    if (r.left < 0 || r.top < 0 || r.right > innerWidth || r.bottom > innerHeight) {
      p.push(`Exit this page is not fully on screen: ${JSON.stringify(r)}`);
    }
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (!hit || !link.contains(hit)) {
      p.push(`Exit this page is covered by ${hit ? hit.tagName.toLowerCase() + '.' + hit.className : 'nothing'}`);
    }
    const overlaps = (a, b) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    for (const el of document.body.querySelectorAll('*')) {
      if (el === link || el.contains(link) || link.contains(el)) continue;
      if (el.closest('.visually-hidden, .skip-link')) continue;
      if (!el.checkVisibility()) continue;
      const b = el.getBoundingClientRect();
      if (b.width === 0 || b.height === 0) continue;
      if (overlaps(r, b)) {
        p.push(`Exit this page overlaps ${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
      }
    }
    return p;
  });
  // Long pages: still reachable once scrolled to the bottom.
  const scrolled = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    const r = document.getElementById('exit-this-page').getBoundingClientRect();
    return { scrolled: window.scrollY > 0, onScreen: r.top >= 0 && r.bottom <= innerHeight };
  });
  if (scrolled.scrolled && !scrolled.onScreen) {
    problems.push(`Exit this page scrolls out of view at ${width}px`);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return problems;
}

/** A tiny neutral page for the exit URL: no request leaves the machine. */
export function neutralPage() {
  return {
    status: 200,
    contentType: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html lang="en"><title>Weather</title><h1>Weather</h1></html>',
  };
}

/**
 * Records what the page looks like right after the exit was triggered,
 * before the neutral site answers: a listener that runs after the exit
 * script's own (window, bubbling phase) writes it to the console, because
 * the page cannot be inspected while it is leaving. Returns a function
 * that waits for that record.
 */
export async function watchBlanking(page) {
  await page.evaluate(() => {
    const record = () => {
      const state = {
        exitingClass: document.documentElement.classList.contains('exit-this-page--exiting'),
        bodyEmpty: !document.body || document.body.childElementCount === 0,
        bodyShown: !!document.body && getComputedStyle(document.body).display !== 'none',
        title: document.title,
        mainGone: !document.getElementById('main-content'),
      };
      console.log(`exit-state ${JSON.stringify(state)}`);
    };
    window.addEventListener('click', record);
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Shift') record();
    });
  });
  const seen = [];
  page.on('console', (msg) => {
    if (msg.text().startsWith('exit-state ')) seen.push(JSON.parse(msg.text().slice(11)));
  });
  return async (presses = 1) => {
    const deadline = Date.now() + 5000;
    while (seen.length < presses && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    return seen[presses - 1] || null;
  };
}

export function blankedProblems(state) {
  if (state === null) return ['the page did not report its state after the exit was triggered'];
  const p = [];
  if (!state.exitingClass) p.push('the page was not marked as exiting');
  if (!state.bodyEmpty) p.push('the page content was not removed at once');
  if (state.bodyShown) p.push('the body is still displayed');
  if (!state.mainGone) p.push('#main-content is still in the page');
  if (/support|derbyshire|safely|county/i.test(state.title)) p.push(`the title still says ${JSON.stringify(state.title)}`);
  return p;
}
