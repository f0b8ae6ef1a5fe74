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

export const DEMO_COUNTY = 'derbyshire';

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
    name: 'county overview',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}`,
    status: 200,
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
    name: 'audit log',
    kind: 'admin',
    session: 'signed-in',
    path: `/admin/${DEMO_COUNTY}/audit`,
    status: 200,
  },
];
