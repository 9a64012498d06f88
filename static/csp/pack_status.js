// Refreshes the agenda packs' states on the meeting page while any pack is
// queued or being produced, then stops. Without JavaScript the page shows the
// state as it was when loaded.
const POLL_MS = 2500;

function pending(region) {
  return region.querySelector("[data-pack-pending]") !== null;
}

function watch(region) {
  const url = region.dataset.statusUrl;
  if (!url || !pending(region)) return;
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (response.ok) {
        region.innerHTML = await response.text();
      }
    } catch (error) {
      // A dropped connection is retried on the next tick.
    }
    if (pending(region)) window.setTimeout(tick, POLL_MS);
  };
  window.setTimeout(tick, POLL_MS);
}

document.querySelectorAll("[data-pack-status]").forEach(watch);
