// Start GOV.UK Frontend's JavaScript (accordions, character counts, the
// header menu button, ...). Every page works without it: this only enhances.
//
// Loaded at the end of <body> as
//   <script type="module" src="/assets/init.js"></script>
// An external module rather than an inline script, because Oversight's
// Content-Security-Policy forbids inline scripts. Browsers too old for
// modules skip it, and then body-class.js did not add
// govuk-frontend-supported, so the components keep their no-JS look.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
