// Live updates for the console: listens to the audit stream (/console/events, admitted by the session cookie) and,
// when an event concerns what the page shows, fetches the page again and swaps its #live container.
(function () {
  "use strict";
  var scope = document.body.getAttribute("data-live");
  if (!scope || !window.WebSocket) return;
  var state = document.getElementById("stream-state");
  var pending = null, delay = 1000;

  function show(text) { if (state) state.textContent = text; document.body.setAttribute("data-stream", text); }

  function relevant(event) {
    var subject = event.subject || "";
    if (scope === "tools") return subject.indexOf("tool:") === 0 || event.action === "tool.call";
    return subject === scope || subject.indexOf(scope + "@") === 0;
  }

  function refresh() {
    pending = null;
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("live");
        var current = document.getElementById("live");
        if (fresh && current) {
          current.replaceWith(document.importNode(fresh, true));
          var n = Number(document.body.getAttribute("data-updates") || "0") + 1;
          document.body.setAttribute("data-updates", String(n));
        }
      })
      .catch(function () { show("live updates paused"); });
  }

  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/console/events");
    ws.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === "ready") { delay = 1000; show("live"); return; }
      // Governance changes show at once; calls (there may be many) refresh the numbers at most every two seconds.
      if (relevant(event) && !pending) pending = setTimeout(refresh, event.action === "tool.call" ? 2000 : 200);
    };
    ws.onclose = function () {
      show("live updates reconnecting…");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  connect();
})();
