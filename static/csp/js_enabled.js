// Loaded at the top of <body> (not inline, for the Content-Security-Policy): marks the page
// as able to run GOV.UK Frontend before its components draw.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
