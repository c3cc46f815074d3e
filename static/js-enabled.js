// Loaded synchronously at the top of <body> (no inline script: the Content Security Policy
// forbids it). GOV.UK Frontend styles components differently once these classes are present.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
