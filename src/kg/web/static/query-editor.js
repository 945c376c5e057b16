// The query editor of /sparql: YASGUI on this server's endpoint, one tab per canned query.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("editor-config").textContent);
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,          // start from the canned tabs every time
    autoAddOnInit: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { resizeable: true, editorHeight: "320px" }
  });
  config.tabs.forEach(function (tab, index) {
    yasgui.addTab(index === 0, {
      name: tab.name,
      yasqe: { value: tab.query },
      requestConfig: { endpoint: endpoint, method: "POST" }
    });
  });
  window.kcEditor = yasgui;       // for a person's console and the browser tests
})();
