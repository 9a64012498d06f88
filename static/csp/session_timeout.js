// The GOV.UK timeout warning: a modal dialog a little before the idle session ends, with
// "Stay signed in" (which renews the session on the server) and "Sign out". When the time
// is up the dialog says so and offers to sign in again; what was typed into a form with
// data-draft is kept as a draft (drafts.js) and comes back after signing in.
const dialog = document.getElementById("session-timeout");

function minutesAndSeconds(seconds) {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes + (minutes === 1 ? " minute" : " minutes");
  }
  return seconds + (seconds === 1 ? " second" : " seconds");
}

function start() {
  const total = Number(dialog.dataset.sessionSeconds);
  const warnBefore = Number(dialog.dataset.warningSeconds);
  const extendUrl = dialog.dataset.extendUrl;
  const csrf = dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
  const warning = dialog.querySelector("[data-timeout-warning]");
  const ended = dialog.querySelector("[data-timeout-ended]");
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const spoken = dialog.querySelector("[data-timeout-spoken]");
  let endsAt = Date.now() + total * 1000;
  let tick = null;
  let signedOut = false;

  function open() {
    if (!dialog.open) dialog.showModal();
  }

  function showEnded() {
    signedOut = true;
    window.clearInterval(tick);
    warning.hidden = true;
    ended.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-ended-heading");
    open();
    ended.querySelector("a").focus();
  }

  function update() {
    // Rounded up, so that the page never says "signed out" before the server has.
    const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    if (signedOut) return;
    if (left <= 0) {
      showEnded();
      return;
    }
    if (left <= warnBefore) {
      if (!dialog.open) {
        document.dispatchEvent(new CustomEvent("csp:flush-drafts"));
        warning.hidden = false;
        ended.hidden = true;
        open();
        spoken.textContent = "We will sign you out in " + minutesAndSeconds(left) + ".";
      }
      countdown.textContent = minutesAndSeconds(left);
      if (left % 30 === 0) spoken.textContent = "We will sign you out in " + minutesAndSeconds(left) + ".";
    }
  }

  function renew(seconds) {
    if (signedOut) return;
    endsAt = Date.now() + seconds * 1000;
    if (dialog.open) dialog.close();
  }

  async function staySignedIn(event) {
    event.preventDefault();
    try {
      const response = await fetch(extendUrl, {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf },
      });
      if (response.status === 401) {
        showEnded();
        return;
      }
      const body = await response.json();
      renew(body.expires_in);
    } catch (error) {
      // Leave the warning open: the user can try again.
    }
  }

  dialog.querySelector("[data-timeout-stay]").addEventListener("click", staySignedIn);
  // Escape means "stay signed in", as the pattern asks (closing it must not sign out).
  dialog.addEventListener("cancel", staySignedIn);
  document.addEventListener("csp:session-renewed", (event) => renew(event.detail));
  document.addEventListener("csp:signed-out", showEnded);
  tick = window.setInterval(update, 1000);
}

if (dialog) start();
