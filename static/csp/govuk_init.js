// Starts every GOV.UK Frontend component on the page (kept out of the HTML for the
// Content-Security-Policy, which allows no inline script).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
