// Tell GOV.UK Frontend's CSS that JavaScript runs, before the page is drawn,
// so enhanced components do not flash their no-JS look first.
//
// Loaded with a plain <script src="/assets/body-class.js"></script> as the
// first thing inside <body> (document.body must exist; an inline script is
// not allowed by the Content-Security-Policy). 'govuk-frontend-supported' is
// added only where ES modules work, since init.js is a module: GOV.UK
// Frontend v5 styles its components as enhanced only with that class.
document.body.className += ' js-enabled' +
  ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
