// The admin under the portal's Content Security Policy (script-src 'self'): inline event
// handlers of third-party admin templates do not run, so they are attached here.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // django-import-export, admin/import_export/export.html: the "Select all" checkbox has
  // onchange="onSelectToggleChange(event)"; the function is in export_selectable_fields.js.
  document.querySelectorAll("input.select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", function (event) {
      if (typeof window.onSelectToggleChange === "function") {
        window.onSelectToggleChange(event);
      }
    });
  });
});
