// Type-ahead for choosing an action's lead. Enhances a <select data-lead-search>
// inside a form with data-lead-search-url: a search box above the select asks the
// server for the partnership's people and organisations matching what is typed,
// and the select then lists only those. Without JavaScript the full select works.
const DELAY_MS = 200;

function enhance(select, url) {
  const box = document.createElement("div");
  box.className = "govuk-form-group csp-lead-search";
  const id = `${select.id}-search`;
  box.innerHTML =
    `<label class="govuk-label" for="${id}">Find a lead by name or organisation</label>` +
    `<input class="govuk-input govuk-!-width-two-thirds" id="${id}" type="search" autocomplete="off" aria-controls="${select.id}">` +
    `<p class="govuk-body-s csp-lead-search__status" role="status" aria-live="polite"></p>`;
  select.closest(".govuk-form-group").before(box);
  const input = box.querySelector("input");
  const status = box.querySelector("[role=status]");
  const original = select.innerHTML;
  let timer = null;
  let latest = 0;

  const show = (results) => {
    const chosen = select.value;
    select.innerHTML = "";
    const empty = new Option(results.length ? "Choose a lead" : "No lead matches", "");
    select.add(empty);
    for (const r of results) select.add(new Option(r.label, r.value, false, r.value === chosen));
    if (results.length === 1) select.value = results[0].value;
    status.textContent = `${results.length} ${results.length === 1 ? "lead matches" : "leads match"}`;
  };

  input.addEventListener("input", () => {
    window.clearTimeout(timer);
    const query = input.value.trim();
    if (!query) {
      select.innerHTML = original;
      status.textContent = "";
      return;
    }
    timer = window.setTimeout(async () => {
      const ticket = ++latest;
      try {
        const response = await fetch(`${url}?q=${encodeURIComponent(query)}`, {
          headers: { Accept: "application/json" }, credentials: "same-origin",
        });
        if (!response.ok || ticket !== latest) return;
        show((await response.json()).results);
      } catch (error) {
        // Offline: the full list stays usable.
      }
    }, DELAY_MS);
  });
}

document.querySelectorAll("form[data-lead-search-url]").forEach((form) => {
  form.querySelectorAll("select[data-lead-search]").forEach((select) => {
    enhance(select, form.dataset.leadSearchUrl);
  });
});
