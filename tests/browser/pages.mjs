// The pages the browser checks visit: the ONE list. Every page a feature
// adds goes here, and gets every check in run.mjs for its kind.
//
// Fields of an entry:
//   name        unique, short; used in the output
//   kind        'public' (county sites: Exit this page, privacy checks) or
//               'admin'
//   path        where to go first
//   session     admin pages only: 'signed-in' (the demo platform admin) or
//               'anonymous' (the sign-in page)
//   action      optional: what to do after loading `path` to reach the state
//               that is checked, e.g. submit a form empty. An async function
//               (page) => Response of the final document.
//   status      the HTTP status the final document must have
//   errors      true: the page must show an error summary linked to fields
//   signInForm  true: the email and password fields need `autocomplete`
//   jsonLd      true: the page carries one schema.org JSON-LD data block
//               (`<script type="application/ld+json">`, never run, so
//               allowed beside the no-inline-script rule)
//   screenshot  optional file name stem: screenshots at 320 and 1280 px go to
//               target/screenshots/<stem>-<width>.png

/** Fills the named fields of the form matching `selector` (none: submit it
 * empty), clicks its submit button and returns the response it leads to. */
export function submitForm(selector, fields = {}) {
  return async (page) => {
    const form = page.locator(selector);
    for (const [name, value] of Object.entries(fields)) {
      await form.locator(`[name="${name}"]`).fill(value);
    }
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
      ),
      form.locator('button[type="submit"]').last().click(),
    ]);
    await page.waitForLoadState('load');
    return response;
  };
}

/** Follows the link in <main> whose text is exactly `text` (a GET) and
 * returns the response of the page it leads to. */
export function followLink(text) {
  return async (page) => {
    const link = page.locator('main a').filter({ hasText: new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) }).first();
    const href = await link.getAttribute('href', { timeout: 5000 });
    return page.goto(new URL(href, page.url()).href);
  };
}

/** Submits the edit form matching `selector` (by default the provider
 * form) with a stale `version` (one below the stored one), as if someone
 * else had saved meanwhile: answers 409. */
export function submitStale(selector = 'form[method="post"]:has(input[name="version"]):has(#name)') {
  return async (page) => {
    const form = page.locator(selector);
    await form.locator('input[name="version"]').evaluate((el) => {
      el.value = String(Number(el.value) - 1);
    });
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
      ),
      form.locator('button[type="submit"]').last().click(),
    ]);
    await page.waitForLoadState('load');
    return response;
  };
}

/** Runs actions one after the other; the last one's response counts. */
export function steps(...actions) {
  return async (page) => {
    let response = null;
    for (const action of actions) {
      response = await action(page);
    }
    return response;
  };
}

/** Chooses `csv` as the file of the upload form posting to `action`,
 * submits it and returns the response (the import preview). */
export function uploadCsv(action, csv) {
  return async (page) => {
    const form = page.locator(`form[action="${action}"][enctype="multipart/form-data"]`);
    await form.locator('input[type="file"]').setInputFiles({
      name: 'providers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
      ),
      form.locator('button[type="submit"]').last().click(),
    ]);
    await page.waitForLoadState('load');
    return response;
  };
}

/** Goes to `path` (a GET) and returns its response. */
export function goTo(path) {
  return async (page) => page.goto(new URL(path, page.url()).href);
}

/** Fills in the "Report a problem with this information" form (a kind of
 * problem, what is wrong) and sends it: the thank-you page. */
export function sendReport(kind, text) {
  return async (page) => {
    const form = page.locator('form.report-form');
    await form.locator(`input[name="kind"][value="${kind}"]`).check();
    await form.locator('[name="text"]').fill(text);
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
      ),
      form.locator('button[type="submit"]').click(),
    ]);
    await page.waitForLoadState('load');
    return response;
  };
}

/** `days` from now as `YYYY-MM-DD` (UTC; the tests stay days from any edge). */
function isoDateIn(days) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const DEMO_COUNTY = 'derbyshire';

/** The county admin the keyboard run adds, and enrols in two-factor. */
export const KEYBOARD_USER = {
  name: 'Kay Keyboard',
  email: 'kay.keyboard@example.org',
  password: 'amber lantern orchard 71',
};

/** Signs in with a password, as the keyboard run's user by default, and
 * returns the response of the page that follows (the two-factor step for a
 * user who has it). */
export function signInWithPassword(user = KEYBOARD_USER) {
  return async (page) => {
    await page.goto(new URL('/admin/login', page.url()).href);
    await submitForm('form[action="/admin/login"]', { email: user.email, password: user.password })(page);
    return page.goto(page.url());
  };
}

/** Adds a user to the demo county (a new email each time) and issues a
 * password reset link for a member: the page that shows the link once. */
function issueResetLink() {
  return async (page) => {
    const email = `reset-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.org`;
    await submitForm(`form[action="/admin/${DEMO_COUNTY}/users"]`, {
      name: 'Reset Person',
      email,
      password: 'quiet lantern river 42',
    })(page);
    return submitForm('form[action$="/reset-link"]')(page);
  };
}

/** Follows the reset link shown on the page (`#reset-link`). */
function followResetLink() {
  return async (page) => {
    const link = (await page.locator('#reset-link').textContent()).trim();
    return page.goto(new URL(new URL(link).pathname, page.url()).href);
  };
}

export const pages = [
  // Public county sites.
  { name: 'county list', kind: 'public', path: '/', status: 200, screenshot: 'home' },
  {
    name: 'county home',
    kind: 'public',
    path: `/${DEMO_COUNTY}/`,
    status: 200,
    screenshot: 'county-home',
  },
  {
    name: 'county safety page',
    kind: 'public',
    path: `/${DEMO_COUNTY}/safety`,
    status: 200,
    screenshot: 'safety',
  },
  { name: 'platform safety page', kind: 'public', path: '/safety', status: 200 },
  {
    name: 'directory',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support`,
    status: 200,
    screenshot: 'directory',
  },
  {
    name: 'directory, filtered',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support?category=counselling&age=19&open_now=1`,
    status: 200,
    screenshot: 'directory-filtered',
  },
  {
    name: 'directory, search with no results',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support?q=zebra+crossing+quartz`,
    status: 200,
  },
  {
    name: 'site search',
    kind: 'public',
    path: `/${DEMO_COUNTY}/search?q=exploitation`,
    status: 200,
    screenshot: 'site-search',
  },
  {
    name: 'site search, no results',
    kind: 'public',
    path: `/${DEMO_COUNTY}/search?q=zebra+crossing+quartz`,
    status: 200,
  },
  {
    name: 'provider page with hours',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support/sail-derbyshire`,
    status: 200,
    jsonLd: true,
    screenshot: 'provider',
  },
  {
    name: 'provider page',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support/safe-and-sound`,
    status: 200,
    jsonLd: true,
  },
  {
    name: 'content page built from embeds',
    kind: 'public',
    path: `/${DEMO_COUNTY}/helplines`,
    status: 200,
    screenshot: 'content-page',
  },
  {
    name: 'report form',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support/safe-and-sound/report`,
    status: 200,
    screenshot: 'report-form',
  },
  {
    name: 'report form with errors',
    kind: 'public',
    path: `/${DEMO_COUNTY}/support/safe-and-sound/report`,
    action: submitForm('form.report-form'),
    status: 422,
    errors: true,
  },
  {
    name: 'report sent',
    kind: 'public',
    path: `/${DEMO_COUNTY}/helplines/report`,
    action: sendReport('outdated', 'The Childline number on this page is right, but the opening note is old.'),
    status: 200,
    screenshot: 'report-sent',
  },
  {
    name: 'page not found',
    kind: 'public',
    path: `/${DEMO_COUNTY}/no-such-page`,
    status: 404,
  },

  // Admin.
  {
    name: 'sign-in',
    kind: 'admin',
    session: 'anonymous',
    path: '/admin/login',
    status: 200,
    signInForm: true,
    screenshot: 'sign-in',
  },
  {
    name: 'sign-in failed',
    kind: 'admin',
    session: 'anonymous',
    path: '/admin/login',
    action: submitForm('form[action="/admin/login"]', {
      email: 'nobody@example.org',
      password: 'not the right password',
    }),
    status: 401,
    errors: true,
    signInForm: true,
  },
  { name: 'your counties', kind: 'admin', session: 'signed-in', path: '/admin', status: 200 },
  {
    name: 'all counties',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/tenants',
    status: 200,
  },
  {
    name: 'all counties, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/tenants',
    action: submitForm('form[action="/admin/tenants"]'),
    status: 422,
    errors: true,
  },
  {
    name: 'platform log',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/audit',
    status: 200,
  },
  {
    // First a draft page, a scheduled page and a note ending soon, so the
    // overview's lists have rows. The demo's providers were reviewed when
    // it loaded, so the review lists show their empty state.
    name: 'county overview',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages/new`,
    action: steps(
      submitForm(`form[method="post"][action="/admin/${DEMO_COUNTY}/pages"]`, {
        title: 'Our funding round',
        slug: 'funding-round',
        body: 'A draft, not yet published.',
      }),
      goTo(`/admin/${DEMO_COUNTY}/pages/new`),
      submitForm(`form[method="post"][action="/admin/${DEMO_COUNTY}/pages"]`, {
        title: 'Annual report',
        slug: 'annual-report',
        body: 'To be published later.',
      }),
      submitForm('form[action$="/schedule"]:has(#publish_at)', {
        publish_at: `${isoDateIn(60)}T09:30`,
      }),
      goTo(`/admin/${DEMO_COUNTY}/notes/new`),
      submitForm(`form[method="post"][action="/admin/${DEMO_COUNTY}/notes"]`, {
        service: 'Independent sexual violence advisers',
        legal_basis: 'Police Reform and Social Responsibility Act 2011',
        starts_on: '2024-04-01',
        ends_on: isoDateIn(30),
      }),
      goTo(`/admin/${DEMO_COUNTY}`),
    ),
    status: 200,
    screenshot: 'county-overview',
  },
  {
    // After 'report sent', so the queue has a report in it.
    name: 'reports from visitors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/reports`,
    status: 200,
    screenshot: 'reports',
  },
  {
    name: 'users',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/users`,
    status: 200,
    screenshot: 'users',
  },
  {
    name: 'users, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/users`,
    action: submitForm(`form[action="/admin/${DEMO_COUNTY}/users"]`),
    status: 422,
    errors: true,
  },
  {
    name: 'two-factor enrolment',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/account/two-factor',
    status: 200,
    screenshot: 'two-factor-enrol',
  },
  {
    name: 'two-factor enrolment, wrong code',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/account/two-factor',
    action: submitForm('form[action="/admin/account/two-factor"]', { code: '000000' }),
    status: 422,
    errors: true,
  },
  // The keyboard run (which goes first) enrols its user in two-factor, so
  // signing in as them leads to the second step.
  {
    name: 'two-factor sign-in step',
    kind: 'admin',
    session: 'anonymous',
    path: '/admin/login',
    action: signInWithPassword(),
    status: 200,
    screenshot: 'two-factor-step',
  },
  {
    name: 'two-factor sign-in step, wrong code',
    kind: 'admin',
    session: 'anonymous',
    path: '/admin/login',
    action: steps(
      signInWithPassword(),
      submitForm('form[action="/admin/login/two-factor"]', { code: '000000' }),
    ),
    status: 401,
    errors: true,
  },
  {
    name: 'account',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/account',
    status: 200,
    screenshot: 'account',
  },
  {
    name: 'account, password form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/account',
    action: submitForm('form[action="/admin/account/password"]'),
    status: 422,
    errors: true,
  },
  {
    name: 'reset link issued',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/users`,
    action: issueResetLink(),
    status: 200,
    screenshot: 'reset-link',
  },
  {
    name: 'reset form',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/users`,
    action: steps(issueResetLink(), followResetLink()),
    status: 200,
    screenshot: 'reset-form',
  },
  {
    name: 'reset form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/users`,
    action: steps(
      issueResetLink(),
      followResetLink(),
      submitForm('form[action^="/admin/reset/"]'),
    ),
    status: 422,
    errors: true,
  },
  {
    name: 'reset link used or expired',
    kind: 'admin',
    session: 'anonymous',
    path: '/admin/reset/not-a-valid-token',
    status: 404,
  },
  {
    name: 'invitations (none waiting)',
    kind: 'admin',
    session: 'signed-in',
    path: '/admin/invitations',
    status: 200,
  },
  {
    name: 'providers',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers`,
    status: 200,
    screenshot: 'providers',
  },
  {
    name: 'providers, searched and filtered',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers?q=safe&status=published&category=cse&sort=updated`,
    status: 200,
  },
  {
    name: 'import providers',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers/import`,
    status: 200,
  },
  {
    name: 'import providers, preview',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers/import`,
    action: uploadCsv(
      `/admin/${DEMO_COUNTY}/providers/import`,
      'name,summary,categories,status,Notes\r\nBrowser Check Helpline,A new provider,helpline,draft,ignored\r\n',
    ),
    status: 200,
    screenshot: 'providers-import-preview',
  },
  {
    name: 'import providers, preview with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers/import`,
    action: uploadCsv(
      `/admin/${DEMO_COUNTY}/providers/import`,
      'name,min_age,categories\r\nBrowser Check Bad Row,old,no-such-category\r\n',
    ),
    status: 422,
    errors: true,
  },
  {
    name: 'add a provider',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers/new`,
    status: 200,
    screenshot: 'provider-form',
  },
  {
    name: 'add a provider, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers/new`,
    action: submitForm(`form[method="post"][action="/admin/${DEMO_COUNTY}/providers"]`),
    status: 422,
    errors: true,
  },
  {
    name: 'edit a provider',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers`,
    action: followLink('SAIL Derbyshire'),
    status: 200,
  },
  {
    name: 'edit a provider, hours with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers`,
    action: steps(followLink('SAIL Derbyshire'), async (page) => {
      const form = page.locator('form[method="post"]:has(#name)');
      await form.locator('[name="hours_mo"]').selectOption('open');
      await form.locator('[name="hours_mo_1_from"]').fill('17:00');
      await form.locator('[name="hours_mo_1_to"]').fill('09:00');
      const [response] = await Promise.all([
        page.waitForResponse(
          (r) => r.request().method() === 'POST' && r.request().isNavigationRequest(),
        ),
        form.locator('button[type="submit"]').last().click(),
      ]);
      await page.waitForLoadState('load');
      return response;
    }),
    status: 422,
    errors: true,
    screenshot: 'provider-hours-errors',
  },
  {
    name: 'edit a provider, stale version (409)',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers`,
    action: steps(followLink('Safe and Sound'), submitStale()),
    status: 409,
    screenshot: 'provider-conflict',
  },
  {
    name: 'delete a provider: confirmation',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/providers`,
    action: steps(followLink('SAIL Derbyshire'), followLink('Delete SAIL Derbyshire')),
    status: 200,
  },
  {
    name: 'categories',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/categories`,
    status: 200,
  },
  {
    name: 'categories, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/categories`,
    action: submitForm(`form[action="/admin/${DEMO_COUNTY}/categories"]`),
    status: 422,
    errors: true,
  },
  {
    name: 'commissioning notes',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/notes`,
    status: 200,
  },
  {
    name: 'add a commissioning note',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/notes/new`,
    status: 200,
    screenshot: 'note-form',
  },
  {
    name: 'add a commissioning note, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/notes/new`,
    action: submitForm(`form[method="post"][action="/admin/${DEMO_COUNTY}/notes"]`, {
      ends_on: '2026-02-30',
    }),
    status: 422,
    errors: true,
  },
  {
    name: 'pages',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages`,
    status: 200,
    screenshot: 'pages',
  },
  {
    name: 'add a page',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages/new`,
    status: 200,
  },
  {
    name: 'add a page, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages/new`,
    action: submitForm(`form[method="post"][action="/admin/${DEMO_COUNTY}/pages"]`, {
      slug: 'support',
      body: '{{nonsense}}',
    }),
    status: 422,
    errors: true,
  },
  {
    name: 'page editor',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages`,
    action: followLink('Child Sexual Exploitation'),
    status: 200,
    screenshot: 'page-editor',
  },
  {
    name: 'page preview',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages`,
    action: steps(followLink('Helplines'), followLink('Preview the draft')),
    status: 200,
  },
  {
    name: 'page revisions and differences',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages`,
    action: steps(followLink('Helplines'), followLink('Revisions and differences')),
    status: 200,
    screenshot: 'page-revisions',
  },
  {
    name: 'page schedule, with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages`,
    action: steps(
      followLink('Helplines'),
      submitForm(`form[action$="/schedule"]:has(#publish_at)`, { publish_at: '2020-01-01T09:00' }),
    ),
    status: 422,
    errors: true,
  },
  {
    name: 'delete a page: confirmation',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/pages`,
    action: steps(followLink('Helplines'), followLink('Delete the page Helplines')),
    status: 200,
  },
  {
    name: 'county settings',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/settings`,
    status: 200,
    screenshot: 'settings',
  },
  {
    name: 'county settings, form with errors',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/settings`,
    action: submitForm(`form[action="/admin/${DEMO_COUNTY}/settings"]`, {
      brand_colour: '#777777',
      non_emergency: 'call us',
    }),
    status: 422,
    errors: true,
    screenshot: 'settings-errors',
  },
  {
    name: 'county settings, stale version (409)',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/settings`,
    action: submitStale(`form[action="/admin/${DEMO_COUNTY}/settings"]`),
    status: 409,
    screenshot: 'settings-conflict',
  },
  {
    name: 'audit log',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/audit`,
    status: 200,
  },
];
