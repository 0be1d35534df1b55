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

// Accessibility: Django's autocomplete fields (select2) name their combobox after the chosen
// value only, so an empty one has no name for screen readers. Name it after the field's label,
// with the value after it, whenever select2 draws one (on jQuery's ready, which may come after
// the load event, and for each inline row added).
(function () {
  "use strict";
  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      label.id = label.id || select.id + "-label";
      var value = container.querySelector('[role="textbox"]');
      if (value) {
        value.setAttribute("aria-labelledby", label.id);
      }
      container.querySelectorAll('[role="combobox"]').forEach(function (combobox) {
        combobox.setAttribute("aria-labelledby", label.id + (value ? " " + value.id : ""));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameAutocompletes(document);
    new MutationObserver(function () {
      nameAutocompletes(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
