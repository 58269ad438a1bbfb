// The case page's print view (/cases/<id>/print, which the server records in the audit
// trail) opens the browser's print dialogue once it has loaded. No inline script: the
// portal's Content-Security-Policy allows scripts from /static only.
document.addEventListener("DOMContentLoaded", function () {
  if (document.querySelector("[data-print-now]")) {
    window.print();
  }
});
