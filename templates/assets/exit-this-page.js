/*
 * exit-this-page.js – the "Exit this page" pattern (as in the GOV.UK Design
 * System), for pages that may be read on a phone or computer someone else
 * watches.
 *
 * - The control is an ordinary link (#exit-this-page) to a neutral website,
 *   so it still works when this script does not run.
 * - With the script, activating it blanks this page at once (title too) and
 *   leaves with location.replace(), so this page is swapped out of the
 *   current history entry: Back does not return here.
 * - Pressing the Shift key 3 times within 5 seconds does the same. Progress
 *   is announced in the existing role="status" region.
 *
 * It does NOT clear browsing history: the visit still shows in the browser's
 * history list. The "How to browse safely" page says so.
 *
 * Plain ES2017, no dependencies, no storage, no cookies, no network requests
 * of its own (CSP: default-src 'self').
 */
(function () {
  'use strict';

  var link = document.getElementById('exit-this-page');
  if (!link) {
    return;
  }

  var EXITING_CLASS = 'exit-this-page--exiting';
  var PRESSES_NEEDED = 3;
  var TIME_LIMIT_MS = 5000;
  var MESSAGE_CLEAR_MS = 5000;

  var container = link.closest ? link.closest('.exit-this-page') : null;
  var status = (container || document).querySelector('.exit-this-page__status');

  var exiting = false;
  var presses = 0;
  var pressTimer = null;
  var messageTimer = null;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function clearMessageTimer() {
    if (messageTimer !== null) {
      window.clearTimeout(messageTimer);
      messageTimer = null;
    }
  }

  function clearPressTimer() {
    if (pressTimer !== null) {
      window.clearTimeout(pressTimer);
      pressTimer = null;
    }
  }

  function blankPage() {
    document.documentElement.classList.add(EXITING_CLASS);
    document.title = 'Exiting page';
    if (document.body) {
      document.body.innerHTML = '';
    }
  }

  function exitPage() {
    if (exiting) {
      return;
    }
    exiting = true;
    clearPressTimer();
    clearMessageTimer();

    // Read the destination before the link is removed with the body.
    var href = link.href || link.getAttribute('href') || 'about:blank';

    blankPage();
    window.location.replace(href);
  }

  function resetPresses() {
    clearPressTimer();
    clearMessageTimer();
    presses = 0;
    say('');
  }

  function onTimeLimit() {
    pressTimer = null;
    presses = 0;
    say('Exit this page expired.');
    clearMessageTimer();
    messageTimer = window.setTimeout(function () {
      messageTimer = null;
      say('');
    }, MESSAGE_CLEAR_MS);
  }

  function onKeyDown(event) {
    if (exiting) {
      return;
    }

    if (event.key !== 'Shift') {
      // Any other key (including Shift+letter, which reports the letter)
      // starts the count again.
      if (presses > 0) {
        resetPresses();
      }
      return;
    }

    // Holding Shift down auto-repeats; only count real presses.
    if (event.repeat) {
      return;
    }

    presses += 1;
    clearMessageTimer();

    if (presses === 1) {
      clearPressTimer();
      pressTimer = window.setTimeout(onTimeLimit, TIME_LIMIT_MS);
    }

    if (presses >= PRESSES_NEEDED) {
      say('Exiting page.');
      exitPage();
      return;
    }

    var left = PRESSES_NEEDED - presses;
    say('Shift, press ' + left + ' more ' + (left === 1 ? 'time' : 'times') + ' to exit.');
  }

  link.addEventListener('click', function (event) {
    event.preventDefault();
    exitPage();
  });

  // Capture phase, so other handlers cannot swallow the key presses.
  document.addEventListener('keydown', onKeyDown, true);

  // If the browser brings this page back from the back/forward cache after
  // we started leaving, keep it blank.
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && exiting) {
      blankPage();
    }
  });
})();
