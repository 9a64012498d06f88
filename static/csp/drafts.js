// Keeps what is typed into any <form data-draft> as a server-side draft (csp_portal.drafts),
// a moment after each change, and restores it when the form is opened again: after the
// session ended and the user signed in again, or after a save refused as a conflict.
// A successful save clears the draft on the server. Without JavaScript forms work as before.
const SAVE_AFTER_MS = 800;
const PENDING = "csp-draft-pending:";

const endpoint = document.body.dataset.draftUrl;

function draftKey(form) {
  const action = new URL(form.getAttribute("action") || window.location.href, window.location.href);
  return action.pathname + action.search;
}

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function kept(el) {
  return el.name && !el.disabled && el.name !== "csrfmiddlewaretoken" &&
    !["file", "submit", "button", "reset", "image", "password"].includes(el.type);
}

function collect(form) {
  const data = {};
  for (const el of form.elements) {
    if (!kept(el)) continue;
    const values = data[el.name] || (data[el.name] = []);
    if (el.type === "checkbox" || el.type === "radio") {
      if (el.checked) values.push(el.value);
    } else if (el.tagName === "SELECT" && el.multiple) {
      for (const option of el.selectedOptions) values.push(option.value);
    } else {
      values.push(el.value);
    }
  }
  return data;
}

// Whether the draft says something other than the form shows, hidden fields (versions) aside.
function differs(form, data) {
  const now = collect(form);
  for (const el of form.elements) {
    if (!kept(el) || el.type === "hidden") continue;
    if (JSON.stringify(now[el.name] || []) !== JSON.stringify(data[el.name] || [])) return true;
  }
  return false;
}

function restore(form, data) {
  const seen = {};
  for (const el of form.elements) {
    if (!kept(el) || !(el.name in data)) continue;
    const values = data[el.name];
    if (el.type === "checkbox" || el.type === "radio") {
      el.checked = values.includes(el.value);
    } else if (el.tagName === "SELECT") {
      for (const option of el.options) option.selected = values.includes(option.value);
    } else {
      const index = seen[el.name] || 0;
      seen[el.name] = index + 1;
      if (index < values.length) el.value = values[index];
    }
  }
}

function announce(form, when, onDiscard) {
  const banner = document.createElement("div");
  banner.className = "govuk-notification-banner";
  banner.setAttribute("role", "region");
  banner.setAttribute("aria-labelledby", "draft-restored-title");
  banner.dataset.draftRestored = "";
  banner.innerHTML =
    '<div class="govuk-notification-banner__header">' +
    '<h2 class="govuk-notification-banner__title" id="draft-restored-title">Important</h2></div>' +
    '<div class="govuk-notification-banner__content">' +
    '<p class="govuk-notification-banner__heading">We have put back what you typed and had not saved.</p>' +
    '<p class="govuk-body"></p>' +
    '<button type="button" class="govuk-button govuk-button--secondary" data-module="govuk-button">Discard what you typed</button>' +
    "</div>";
  const stamp = when ? new Date(when) : null;
  banner.querySelector("p.govuk-body").textContent =
    (stamp ? "Typed at " + stamp.toLocaleString("en-GB") + ". " : "") +
    "Check it, then save the page to keep it.";
  banner.querySelector("button").addEventListener("click", onDiscard);
  form.parentNode.insertBefore(banner, form);
}

function renewed(body) {
  if (body && typeof body.expires_in === "number") {
    document.dispatchEvent(new CustomEvent("csp:session-renewed", { detail: body.expires_in }));
  }
}

function setUp(form) {
  const key = draftKey(form);
  const url = endpoint + "?url=" + encodeURIComponent(key);
  const headers = { "X-CSRFToken": csrfToken(form), "Content-Type": "application/json" };
  let timer = null;
  let submitting = false;
  let lastSent = JSON.stringify(collect(form));

  async function send(data) {
    try {
      const response = await fetch(url, {
        method: "POST", headers, credentials: "same-origin", keepalive: true,
        body: JSON.stringify({ data }),
      });
      if (response.status === 401) {
        // The session has ended: keep the text in this tab until the user signs in again.
        window.sessionStorage.setItem(PENDING + key, JSON.stringify({ data, at: Date.now() }));
        document.dispatchEvent(new CustomEvent("csp:signed-out"));
        return;
      }
      if (response.ok) {
        window.sessionStorage.removeItem(PENDING + key);
        form.dataset.draftSaved = new Date().toISOString();
        renewed(await response.json());
      }
    } catch (error) {
      // Offline for a moment: the next change tries again.
    }
  }

  // Only a change is sent: a "change" event also fires when focus merely leaves a field
  // (the timeout warning opening takes it), and a draft request renews the session.
  function sendIfChanged() {
    const data = collect(form);
    const text = JSON.stringify(data);
    if (text === lastSent) return;
    lastSent = text;
    send(data);
  }

  function later() {
    if (submitting) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => { timer = null; sendIfChanged(); }, SAVE_AFTER_MS);
  }

  async function discard() {
    window.clearTimeout(timer);
    window.sessionStorage.removeItem(PENDING + key);
    await fetch(url, { method: "DELETE", headers, credentials: "same-origin" });
    window.location.reload();
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", () => {
    submitting = true;
    window.clearTimeout(timer);
  });
  // Sends what is still waiting when the warning before sign-out opens or the tab is hidden.
  // Only typing not yet sent goes: a draft request renews the session, which an idle
  // page must not do.
  const flush = () => {
    if (timer === null || submitting) return;
    window.clearTimeout(timer);
    timer = null;
    sendIfChanged();
  };
  document.addEventListener("csp:flush-drafts", flush);
  document.addEventListener("visibilitychange", () => { if (document.hidden) flush(); });

  if (document.body.dataset.formPosted !== undefined) {
    // The form is shown again after a save was refused (errors to correct): it holds what
    // was just typed, newer than any draft, which it replaces.
    window.sessionStorage.removeItem(PENDING + key);
    lastSent = "";
    sendIfChanged();
    return;
  }

  (async () => {
    let draft = null;
    const pending = window.sessionStorage.getItem(PENDING + key);
    if (pending) {
      const local = JSON.parse(pending);
      draft = { data: local.data, updated_at: new Date(local.at).toISOString() };
    } else {
      try {
        const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
        if (!response.ok) return;
        const body = await response.json();
        renewed(body);
        draft = body.draft;
      } catch (error) {
        return;
      }
    }
    if (!draft) return;
    if (!differs(form, draft.data)) {
      // Nothing beyond what is saved: a draft left from a save, not worth showing.
      if (!pending) fetch(url, { method: "DELETE", headers, credentials: "same-origin" });
      window.sessionStorage.removeItem(PENDING + key);
      return;
    }
    restore(form, draft.data);
    lastSent = JSON.stringify(collect(form));
    announce(form, draft.updated_at, discard);
    if (pending) send(draft.data);
    form.dataset.draftRestored = "true";
  })();
}

if (endpoint) document.querySelectorAll("form[data-draft]").forEach(setUp);
