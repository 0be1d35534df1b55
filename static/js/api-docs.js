// The API documentation page (opendata/api_docs.html): Swagger UI over the OpenAPI document
// named in the page, from static files only. Without JavaScript the page's table stays.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  // Swagger UI shows every operation itself; the plain table stays for pages without JavaScript.
  var table = document.getElementById("api-operations");
  if (table) {
    table.hidden = true;
  }
  window.SwaggerUIBundle({
    url: container.dataset.openapiUrl,
    domNode: container,
    deepLinking: true,
    tryItOutEnabled: true,
    // Read-only API: only GET is offered, and nothing phones home to validate the document.
    supportedSubmitMethods: ["get"],
    validatorUrl: null,
  });
})();
