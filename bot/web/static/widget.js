/*!
 * MLE Career Assistant: embeddable chat widget for a Rasa bot.
 * Plain JavaScript, no dependencies, no build step.
 *
 * Embed with one tag (nothing else is needed; this file loads the rest from its own folder):
 *   <script src="https://example.org/static/widget.js"
 *           data-server-url="https://bot.example.org"></script>
 *
 * Optional data attributes:
 *   data-title, data-subtitle     header text (the subtitle is also the launcher's first-visit label)
 *   data-greeting                 replaces the server's greeting text ("" shows no greeting)
 *   data-theme                    "dark" or "light" forces a theme; by default it follows the reader's
 *                                 system setting (prefers-color-scheme)
 *   data-primary-color, data-text-color   brand colour and the text colour on it
 *   data-position                 "right" (default) or "left"
 *   data-max-length               message length limit until the server states its own
 *
 * The code is split by responsibility, each file a classic script (no CORS needed from another origin):
 *   widget-transport.js  HTTP to the server, connection state, retries, origin refusal
 *   widget-store.js      the conversation in localStorage, shared by every tab of the site
 *   widget-render.js     reply text -> DOM (paragraphs, lists, labels, bold, links) and sources
 *   widget-feedback.js   thumbs up/down under each answer
 *   widget-log.js        the message log: one element per message, only the latest suggestions
 *   widget-ui.js         the widget element (Shadow DOM): launcher, panel, composer, events
 *
 * Security: message content is only ever put into the page with DOM text APIs
 * (createTextNode / textContent); links are only made for http(s) URLs.
 */
(function () {
  "use strict";

  if (window.MLEChatWidget && window.MLEChatWidget.version) {
    return; // already loaded on this page
  }

  // document.currentScript exists only while this file runs: read the tag now.
  var script = document.currentScript || findOwnScript();

  function findOwnScript() {
    var list = document.getElementsByTagName("script");
    for (var i = list.length - 1; i >= 0; i--) {
      if (/(^|\/)widget\.js([?#]|$)/.test(list[i].getAttribute("src") || "")) return list[i];
    }
    return null;
  }

  function attr(name) {
    return script ? script.getAttribute("data-" + name) : null;
  }

  function text(name, fallback) {
    var v = attr(name);
    return v === null || v.trim() === "" ? fallback : v.trim();
  }

  function positiveInt(value, fallback) {
    var n = parseInt(value, 10);
    return isFinite(n) && n > 0 ? n : fallback;
  }

  function serverUrl(value) {
    var base = value && value.trim() ? value.trim() : window.location.origin;
    try {
      var u = new URL(base, window.location.href);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("unsupported protocol");
      return (u.origin + u.pathname).replace(/\/+$/, "");
    } catch (e) {
      if (window.console) console.warn("[MLEChatWidget] invalid data-server-url, using the page's origin:", value);
      return window.location.origin;
    }
  }

  function color(value) {
    if (!value) return "";
    if (window.CSS && CSS.supports) return CSS.supports("color", value) ? value : "";
    return /^#[0-9a-f]{3,8}$/i.test(value) ? value : "";
  }

  var greeting = attr("greeting");
  var theme = text("theme", "").toLowerCase();
  var assetBase = script && script.src ? script.src : window.location.href;

  var config = {
    serverUrl: serverUrl(attr("server-url")),
    title: text("title", "MLE Career Assistant"),
    subtitle: text("subtitle", "Ask me about the MLE role"),
    // null: the server's greeting; "": none; anything else replaces the server's text.
    greeting: greeting === null ? null : greeting.trim(),
    theme: theme === "dark" || theme === "light" ? theme : "",
    primaryColor: color(text("primary-color", "")),
    textColor: color(text("text-color", "")),
    position: text("position", "right").toLowerCase() === "left" ? "left" : "right",
    maxLength: positiveInt(attr("max-length"), Infinity),
    stylesheet: new URL("widget.css", assetBase).href
  };

  var api = { version: "2.0.0", modules: {} };
  window.MLEChatWidget = api;

  var FILES = [
    "widget-transport.js", "widget-store.js", "widget-render.js", "widget-feedback.js", "widget-log.js", "widget-ui.js"
  ];

  // Inserted scripts with async=false download in parallel and run in this order.
  var remaining = FILES.length;
  var failed = false;
  FILES.forEach(function (name) {
    var s = document.createElement("script");
    s.src = new URL(name, assetBase).href;
    s.async = false;
    s.addEventListener("load", function () {
      remaining -= 1;
      if (remaining === 0 && !failed) start();
    });
    s.addEventListener("error", function () {
      failed = true;
      if (window.console) console.error("[MLEChatWidget] could not load " + s.src);
    });
    (document.head || document.documentElement).appendChild(s);
  });

  function start() {
    if (document.body) api.modules.ui.mount(config, api);
    else document.addEventListener("DOMContentLoaded", function () { api.modules.ui.mount(config, api); });
  }
})();
