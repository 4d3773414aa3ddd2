/*!
 * MLE Career Assistant: embeddable chat widget for a Rasa bot.
 * Plain JavaScript, no dependencies, no build step.
 *
 * Embed with one tag:
 *   <script src="https://example.org/static/widget.js"
 *           data-server-url="https://bot.example.org"></script>
 *
 * Optional data attributes: data-title, data-subtitle, data-greeting,
 * data-primary-color, data-text-color, data-position ("right" | "left"),
 * data-max-length (default: none until the server refuses a message with its own limit, which the
 * widget then adopts; the server is the one source of the limit).
 *
 * Security: message content (user and bot) is only ever put into the page
 * with DOM APIs (createElement / createTextNode / textContent). Links and
 * images are only created for http(s) URLs.
 */
(function () {
  "use strict";

  if (window.MLEChatWidget && window.MLEChatWidget.version) {
    return; // already loaded on this page
  }

  // ---------------------------------------------------------------------
  // Configuration
  // ---------------------------------------------------------------------

  var script = document.currentScript || findOwnScript();

  function findOwnScript() {
    var list = document.getElementsByTagName("script");
    for (var i = list.length - 1; i >= 0; i--) {
      if (/(^|\/)widget\.js([?#]|$)/.test(list[i].getAttribute("src") || "")) {
        return list[i];
      }
    }
    return null;
  }

  function dataAttr(name) {
    return script ? script.getAttribute("data-" + name) : null;
  }

  function textAttr(name, fallback) {
    var v = dataAttr(name);
    return v === null || v.trim() === "" ? fallback : v.trim();
  }

  function positiveInt(value, fallback) {
    var n = parseInt(value, 10);
    return isFinite(n) && n > 0 ? n : fallback;
  }

  function normalizeServerUrl(value) {
    var base = value && value.trim() ? value.trim() : window.location.origin;
    try {
      var u = new URL(base, window.location.href);
      if (u.protocol !== "http:" && u.protocol !== "https:") {
        throw new Error("unsupported protocol");
      }
      return (u.origin + u.pathname).replace(/\/+$/, "");
    } catch (e) {
      if (window.console) {
        console.warn("[MLEChatWidget] invalid data-server-url, using page origin:", value);
      }
      return window.location.origin;
    }
  }

  function validColor(value) {
    if (!value) return "";
    if (window.CSS && CSS.supports) return CSS.supports("color", value) ? value : "";
    return /^#[0-9a-f]{3,8}$/i.test(value) ? value : "";
  }

  var DEFAULT_TITLE = "MLE Career Assistant";
  var DEFAULT_GREETING =
    "Hi! I'm the MLE Career Assistant. Ask me about the Machine Learning Engineer role: " +
    "what the job involves, the skills you need, or how to get started.";

  var greetingAttr = dataAttr("greeting");

  var config = {
    serverUrl: normalizeServerUrl(dataAttr("server-url")),
    title: textAttr("title", DEFAULT_TITLE),
    subtitle: textAttr("subtitle", "Ask me about the MLE role"),
    // data-greeting="" disables the greeting; a missing attribute uses the default.
    greeting: greetingAttr === null ? DEFAULT_GREETING : greetingAttr.trim(),
    primaryColor: validColor(textAttr("primary-color", "")),
    textColor: validColor(textAttr("text-color", "")),
    position: textAttr("position", "right").toLowerCase() === "left" ? "left" : "right",
    maxLength: positiveInt(dataAttr("max-length"), Infinity)
  };

  var WEBHOOK_URL = config.serverUrl + "/webhooks/web/webhook";
  var HEALTH_URL = config.serverUrl + "/webhooks/web/";
  var STYLESHEET_URL = (function () {
    try {
      return new URL("widget.css", script && script.src ? script.src : window.location.href).href;
    } catch (e) {
      return "widget.css";
    }
  })();

  var REQUEST_TIMEOUT_MS = 60000;
  var HEALTH_TIMEOUT_MS = 5000;
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 10000];
  var MAX_STORED_MESSAGES = 200;
  var MAX_BUTTONS = 12;

  function tooLongText() {
    return "Messages are limited to " + config.maxLength + " characters";
  }

  var TEXT = {
    offline: "Can't reach the assistant. Reconnecting\u2026",
    online: "Back online",
    failed: "Something went wrong. Please try again.",
    wait: "Please wait for the assistant's reply."
  };

  // ---------------------------------------------------------------------
  // Storage (localStorage, namespaced per server URL; memory fallback)
  // ---------------------------------------------------------------------

  var storage = (function () {
    try {
      var probe = "__mlecw_probe__";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      var mem = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(mem, k) ? mem[k] : null; },
        setItem: function (k, v) { mem[k] = String(v); },
        removeItem: function (k) { delete mem[k]; }
      };
    }
  })();

  var NS = "mlecw:v1:" + config.serverUrl;
  var KEY_SESSION = NS + ":session_id";
  var KEY_TRANSCRIPT = NS + ":transcript";
  var KEY_OPEN = NS + ":open";

  function readStore(key) {
    try { return storage.getItem(key); } catch (e) { return null; }
  }

  function writeStore(key, value) {
    try { storage.setItem(key, value); } catch (e) { /* quota or privacy mode */ }
  }

  // ---------------------------------------------------------------------
  // Session ids
  // ---------------------------------------------------------------------

  function newSessionId() {
    var c = window.crypto;
    if (c && typeof c.randomUUID === "function") {
      try { return c.randomUUID(); } catch (e) { /* insecure context */ }
    }
    var bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === "function") {
      c.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    var hex = [];
    for (var j = 0; j < 16; j++) hex.push((bytes[j] + 0x100).toString(16).slice(1));
    return (
      hex.slice(0, 4).join("") + "-" + hex.slice(4, 6).join("") + "-" +
      hex.slice(6, 8).join("") + "-" + hex.slice(8, 10).join("") + "-" +
      hex.slice(10, 16).join("")
    );
  }

  function loadSessionId() {
    var id = readStore(KEY_SESSION);
    // Same shape the server accepts (bot/web/channel.py: [A-Za-z0-9-]{32,64}).
    if (id && /^[A-Za-z0-9-]{32,64}$/.test(id)) return id;
    id = newSessionId();
    writeStore(KEY_SESSION, id);
    return id;
  }

  // ---------------------------------------------------------------------
  // Message model
  // ---------------------------------------------------------------------

  var msgCounter = 0;

  function nextMsgId() {
    msgCounter += 1;
    return "m" + Date.now().toString(36) + "-" + msgCounter;
  }

  function safeHttpUrl(value) {
    if (typeof value !== "string") return null;
    try {
      var u = new URL(value.trim());
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function normalizeButton(b) {
    if (!b || typeof b !== "object") return null;
    var title = typeof b.title === "string" ? b.title.trim() : "";
    var payload = typeof b.payload === "string" ? b.payload : "";
    if (!title && !payload) return null;
    return { title: (title || payload).slice(0, 200), payload: (payload || title).slice(0, 2000) };
  }

  // Turns one element of the Rasa REST response into our message model.
  function normalizeBotMessage(m) {
    if (!m || typeof m !== "object") return null;
    var out = { id: nextMsgId(), from: "bot", text: "" };
    if (typeof m.text === "string" && m.text.trim()) out.text = m.text;
    var img = safeHttpUrl(m.image);
    if (img) out.image = img;
    if (Array.isArray(m.buttons)) {
      var buttons = m.buttons.map(normalizeButton).filter(Boolean).slice(0, MAX_BUTTONS);
      if (buttons.length) out.buttons = buttons;
    }
    if (!out.text && m.custom && typeof m.custom === "object" && typeof m.custom.text === "string") {
      out.text = m.custom.text;
    }
    if (!out.text && !out.image && !out.buttons) return null;
    return out;
  }

  // Validates a message read back from localStorage (never trust storage).
  function normalizeStoredMessage(m) {
    if (!m || typeof m !== "object") return null;
    if (m.from !== "user" && m.from !== "bot") return null;
    var out = { id: nextMsgId(), from: m.from, text: typeof m.text === "string" ? m.text : "" };
    if (m.from === "bot") {
      var img = safeHttpUrl(m.image);
      if (img) out.image = img;
      if (Array.isArray(m.buttons)) {
        var buttons = m.buttons.map(normalizeButton).filter(Boolean).slice(0, MAX_BUTTONS);
        if (buttons.length) out.buttons = buttons;
      }
      if (m.buttonsUsed) out.buttonsUsed = true;
      if (m.greeting) out.greeting = true;
    }
    if (!out.text && !out.image && !out.buttons) return null;
    return out;
  }

  function loadTranscript() {
    var raw = readStore(KEY_TRANSCRIPT);
    if (!raw) return [];
    try {
      var list = JSON.parse(raw);
      if (!Array.isArray(list)) return [];
      return list.map(normalizeStoredMessage).filter(Boolean);
    } catch (e) {
      return [];
    }
  }

  function saveTranscript() {
    var list = state.messages.slice(-MAX_STORED_MESSAGES).map(function (m) {
      var o = { from: m.from, text: m.text };
      if (m.image) o.image = m.image;
      if (m.buttons) o.buttons = m.buttons;
      if (m.buttonsUsed) o.buttonsUsed = true;
      if (m.greeting) o.greeting = true;
      return o;
    });
    writeStore(KEY_TRANSCRIPT, JSON.stringify(list));
  }

  // ---------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------

  var state = {
    sessionId: loadSessionId(),
    messages: loadTranscript(),
    open: false,
    online: true,
    busy: false,
    controller: null,
    generation: 0,
    retryIndex: 0,
    retryTimer: null,
    healthInFlight: null,
    connNotice: null,      // persistent notice (offline)
    transient: null,       // short-lived notice {text, kind}
    transientTimer: null
  };

  // ---------------------------------------------------------------------
  // DOM helpers (no innerHTML anywhere)
  // ---------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";

  // Static icons, built from constant path data.
  var ICONS = {
    chat: ["M21 12a8.5 8.5 0 0 1-12.3 7.6L4 21l1.4-4.4A8.5 8.5 0 1 1 21 12z",
           "M8.5 10.5h7", "M8.5 14h4.5"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    chevron: ["M6 9l6 6 6-6"],
    restart: ["M3.5 12a8.5 8.5 0 1 0 2.6-6.1", "M3.5 4v5h5"],
    send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"],
    spark: ["M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8z",
            "M18 15l.8 2.2L21 18l-2.2.8L18 21l-.8-2.2L15 18l2.2-.8z"]
  };

  function icon(name, className) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "mlecw-icon" + (className ? " " + className : ""));
    ICONS[name].forEach(function (d) {
      var p = document.createElementNS(SVG_NS, "path");
      p.setAttribute("d", d);
      svg.appendChild(p);
    });
    return svg;
  }

  // ---------------------------------------------------------------------
  // Rich text for bot messages (safe subset of markdown)
  // ---------------------------------------------------------------------

  // [label](http(s)://url) | **bold** | `code` | bare http(s) URL
  var INLINE_RE = /\[([^\]\n]+)\]\(\s*(https?:\/\/[^\s)]+)\s*\)|\*\*(?=\S)([^\n]*?\S)\*\*|`([^`\n]+)`|(https?:\/\/[^\s<>"'`]+)/gi;

  function makeLink(url, label) {
    var href = safeHttpUrl(url);
    if (!href) return document.createTextNode(label);
    var a = el("a", "mlecw-link", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  // Splits trailing punctuation off a bare URL ("see https://x.org." -> link + ".").
  function trimUrl(url) {
    var trailing = "";
    for (;;) {
      var last = url.charAt(url.length - 1);
      if (/[.,;:!?'"*_]/.test(last)) {
        trailing = last + trailing;
        url = url.slice(0, -1);
      } else if (last === ")" && (url.split("(").length < url.split(")").length)) {
        trailing = last + trailing;
        url = url.slice(0, -1);
      } else {
        break;
      }
    }
    return { url: url, trailing: trailing };
  }

  function appendInline(parent, text, noLinks) {
    var re = new RegExp(INLINE_RE.source, "gi");
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) {
        if (noLinks) parent.appendChild(document.createTextNode(m[1]));
        else parent.appendChild(makeLink(m[2], m[1]));
      } else if (m[3] !== undefined) {
        var strong = el("strong", "mlecw-strong");
        appendInline(strong, m[3], noLinks);
        parent.appendChild(strong);
      } else if (m[4] !== undefined) {
        parent.appendChild(el("code", "mlecw-code", m[4]));
      } else if (m[5] !== undefined) {
        var t = trimUrl(m[5]);
        if (noLinks || !safeHttpUrl(t.url)) parent.appendChild(document.createTextNode(t.url));
        else parent.appendChild(makeLink(t.url, t.url));
        if (t.trailing) parent.appendChild(document.createTextNode(t.trailing));
      }
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  var BULLET_RE = /^(\s*)(?:[-\u2022*\u2013])\s+(.*)$/;
  var NUMBERED_RE = /^(\s*)(\d{1,3})[.)]\s+(.*)$/;
  var HEADING_RE = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
  var TABLE_ROW_RE = /^\s*\|.*\|\s*$/;
  var TABLE_SEP_RE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

  function tableCells(line) {
    var s = line.trim().replace(/^\|/, "").replace(/\|$/, "");
    return s.split("|").map(function (c) { return c.trim(); });
  }

  function renderTable(rows) {
    var wrap = el("div", "mlecw-table-wrap");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "Table");
    wrap.tabIndex = 0;
    var table = el("table", "mlecw-table");
    var thead = el("thead");
    var tr = el("tr");
    rows[0].forEach(function (c) {
      var th = el("th");
      th.scope = "col";
      appendInline(th, c);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el("tbody");
    rows.slice(1).forEach(function (r) {
      var row = el("tr");
      for (var i = 0; i < rows[0].length; i++) {
        var td = el("td");
        appendInline(td, r[i] || "");
        row.appendChild(td);
      }
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    wrap.appendChild(table);
    return wrap;
  }

  function renderRichText(container, text) {
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var para = null;
    var list = null; // {type: "ul"|"ol", node}
    var lastItem = null;

    function flushPara() {
      if (!para) return;
      var p = el("p", "mlecw-p");
      para.forEach(function (line, i) {
        if (i) p.appendChild(document.createElement("br"));
        appendInline(p, line);
      });
      container.appendChild(p);
      para = null;
    }

    function flushList() {
      list = null;
      lastItem = null;
    }

    function addItem(type, content, indent, number) {
      flushPara();
      if (!list || list.type !== type) {
        var node = el(type, "mlecw-list mlecw-list-" + type);
        if (type === "ol" && number && number !== 1) node.start = number;
        container.appendChild(node);
        list = { type: type, node: node };
      }
      var li = el("li", "mlecw-li" + (indent >= 2 ? " mlecw-li-sub" : ""));
      appendInline(li, content);
      list.node.appendChild(li);
      lastItem = li;
    }

    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var m;
      if (TABLE_ROW_RE.test(line) && i + 1 < lines.length && TABLE_SEP_RE.test(lines[i + 1]) &&
          lines[i + 1].indexOf("|") !== -1) {
        flushPara();
        flushList();
        var rows = [tableCells(line)];
        i += 2;
        while (i < lines.length && TABLE_ROW_RE.test(lines[i])) {
          rows.push(tableCells(lines[i]));
          i++;
        }
        i--;
        container.appendChild(renderTable(rows));
      } else if ((m = BULLET_RE.exec(line))) {
        addItem("ul", m[2], m[1].length);
      } else if ((m = NUMBERED_RE.exec(line))) {
        addItem("ol", m[3], m[1].length, parseInt(m[2], 10));
      } else if (/^\s*$/.test(line)) {
        flushPara(); // a blank line ends a paragraph but may sit inside a list
      } else if ((m = HEADING_RE.exec(line))) {
        flushPara();
        flushList();
        var h = el("p", "mlecw-p mlecw-heading");
        var strong = el("strong", "mlecw-strong");
        appendInline(strong, m[1]);
        h.appendChild(strong);
        container.appendChild(h);
      } else if (lastItem && /^\s{2,}\S/.test(line)) {
        // indented continuation of the previous list item
        lastItem.appendChild(document.createElement("br"));
        appendInline(lastItem, line.trim());
      } else {
        flushList();
        if (!para) para = [];
        para.push(line);
      }
    }
    flushPara();
  }

  // ---------------------------------------------------------------------
  // Build the widget
  // ---------------------------------------------------------------------

  var uid = Math.random().toString(36).slice(2, 8);
  var ids = {
    panel: "mlecw-panel-" + uid,
    title: "mlecw-title-" + uid,
    input: "mlecw-input-" + uid
  };

  var root = el("div", "mlecw-root mlecw-pos-" + config.position);
  root.setAttribute("data-mlecw", "");
  root.style.visibility = "hidden"; // until widget.css has loaded
  if (config.primaryColor) root.style.setProperty("--mlecw-primary", config.primaryColor);
  if (config.textColor) root.style.setProperty("--mlecw-on-primary", config.textColor);

  // Launcher
  var launcher = el("button", "mlecw-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Open chat");
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", ids.panel);
  launcher.title = config.title;
  launcher.appendChild(icon("chat", "mlecw-icon-open"));
  launcher.appendChild(icon("chevron", "mlecw-icon-close"));

  // Panel
  var panel = el("div", "mlecw-panel");
  panel.id = ids.panel;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", config.title);
  panel.hidden = true;

  var header = el("div", "mlecw-header");
  var avatar = el("div", "mlecw-avatar");
  avatar.appendChild(icon("spark"));
  var heading = el("div", "mlecw-heading-wrap");
  var titleEl = el("div", "mlecw-title", config.title);
  titleEl.id = ids.title;
  titleEl.setAttribute("role", "heading");
  titleEl.setAttribute("aria-level", "2");
  heading.appendChild(titleEl);
  if (config.subtitle) heading.appendChild(el("div", "mlecw-subtitle", config.subtitle));

  // Icon-only buttons: the aria-label names them for screen readers, the title for mouse users.
  function iconButton(className, type, label, title, iconName) {
    var button = el("button", className);
    button.type = type;
    button.setAttribute("aria-label", label);
    button.title = title;
    button.appendChild(icon(iconName));
    return button;
  }

  var restartBtn = iconButton("mlecw-icon-btn mlecw-restart", "button", "Restart conversation",
    "Restart conversation", "restart");
  var closeBtn = iconButton("mlecw-icon-btn mlecw-close", "button", "Close chat", "Close chat", "close");

  header.appendChild(avatar);
  header.appendChild(heading);
  header.appendChild(restartBtn);
  header.appendChild(closeBtn);

  var log = el("div", "mlecw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0; // scrollable region must be keyboard reachable

  var typing = el("div", "mlecw-typing");
  typing.setAttribute("role", "img");
  typing.setAttribute("aria-label", "Assistant is typing");
  for (var d = 0; d < 3; d++) typing.appendChild(el("span", "mlecw-dot"));

  // A single status region, always present (so screen readers announce changes).
  var notice = el("div", "mlecw-notice");
  notice.setAttribute("role", "status");
  notice.setAttribute("aria-live", "polite");
  notice.setAttribute("aria-atomic", "true");

  var form = el("form", "mlecw-form");
  form.setAttribute("novalidate", "");
  var label = el("label", "mlecw-sr", "Type your message");
  label.htmlFor = ids.input;
  var field = el("div", "mlecw-field");
  var input = el("textarea", "mlecw-input");
  input.id = ids.input;
  input.rows = 1;
  if (isFinite(config.maxLength)) input.maxLength = config.maxLength;
  input.placeholder = "Ask about the MLE role\u2026";
  input.setAttribute("autocomplete", "off");
  input.setAttribute("enterkeyhint", "send");
  var counter = el("div", "mlecw-counter");
  counter.setAttribute("aria-hidden", "true");
  field.appendChild(input);
  field.appendChild(counter);
  var sendBtn = iconButton("mlecw-send", "submit", "Send message", "Send (Enter)", "send");
  form.appendChild(label);
  form.appendChild(field);
  form.appendChild(sendBtn);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(notice);
  panel.appendChild(form);

  // Launcher first: Tab goes from the launcher straight into the open panel.
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------

  function renderChips(msg) {
    var wrap = el("div", "mlecw-chips");
    wrap.setAttribute("role", "group");
    wrap.setAttribute("aria-label", "Suggested replies");
    msg.buttons.forEach(function (b) {
      var chip = el("button", "mlecw-chip", b.title);
      chip.type = "button";
      chip.addEventListener("click", function () { onChipClick(msg, b, wrap); });
      wrap.appendChild(chip);
    });
    return wrap;
  }

  function renderMessage(msg) {
    var item = el("div", "mlecw-item mlecw-item-" + msg.from);
    item.setAttribute("data-msg-id", msg.id);
    item.appendChild(el("span", "mlecw-sr", msg.from === "user" ? "You said:" : "Assistant said:"));
    if (msg.text || msg.image) {
      var bubble = el("div", "mlecw-msg mlecw-" + msg.from);
      if (msg.from === "user") {
        bubble.textContent = msg.text; // plain text; line breaks kept by CSS (pre-wrap)
      } else {
        if (msg.text) renderRichText(bubble, msg.text);
        if (msg.image) {
          var img = el("img", "mlecw-img");
          img.alt = "Image from the assistant";
          img.loading = "lazy";
          img.decoding = "async";
          img.referrerPolicy = "no-referrer";
          img.addEventListener("load", scrollToBottom);
          img.src = msg.image;
          bubble.appendChild(img);
        }
      }
      item.appendChild(bubble);
    }
    if (msg.from === "bot" && msg.buttons && !msg.buttonsUsed) {
      item.appendChild(renderChips(msg));
    }
    return item;
  }

  function findItem(msg) {
    var nodes = log.querySelectorAll(".mlecw-item");
    for (var i = 0; i < nodes.length; i++) {
      if (nodes[i].getAttribute("data-msg-id") === msg.id) return nodes[i];
    }
    return null;
  }

  function scrollToBottom() {
    log.scrollTop = log.scrollHeight;
  }

  function addMessage(msg) {
    msg.id = msg.id || nextMsgId();
    state.messages.push(msg);
    if (state.messages.length > MAX_STORED_MESSAGES * 2) {
      state.messages = state.messages.slice(-MAX_STORED_MESSAGES);
    }
    var node = renderMessage(msg);
    if (typing.parentNode === log) log.insertBefore(node, typing);
    else log.appendChild(node);
    saveTranscript();
    scrollToBottom();
    return msg;
  }

  function removeMessage(msg) {
    var i = state.messages.indexOf(msg);
    if (i !== -1) state.messages.splice(i, 1);
    var node = findItem(msg);
    if (node && node.parentNode) node.parentNode.removeChild(node);
    saveTranscript();
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.messages.forEach(function (m) { log.appendChild(renderMessage(m)); });
    if (state.busy) log.appendChild(typing);
    scrollToBottom();
  }

  function showTyping() {
    log.appendChild(typing);
    scrollToBottom();
  }

  function hideTyping() {
    if (typing.parentNode) typing.parentNode.removeChild(typing);
  }

  function addGreeting() {
    if (config.greeting) addMessage({ from: "bot", text: config.greeting, greeting: true });
  }

  // ---------------------------------------------------------------------
  // Notices
  // ---------------------------------------------------------------------

  function renderNotice() {
    var n = state.transient || state.connNotice;
    notice.className = "mlecw-notice" + (n ? " mlecw-notice-" + n.kind : "");
    notice.textContent = n ? n.text : "";
  }

  function setConnNotice(n) {
    state.connNotice = n;
    renderNotice();
  }

  function showTransient(text, kind, ms) {
    clearTimeout(state.transientTimer);
    state.transient = { text: text, kind: kind };
    renderNotice();
    state.transientTimer = setTimeout(clearTransient, ms || 6000);
  }

  function clearTransient() {
    clearTimeout(state.transientTimer);
    if (!state.transient) return;
    state.transient = null;
    renderNotice();
  }

  // ---------------------------------------------------------------------
  // Input state
  // ---------------------------------------------------------------------

  function autoResize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, 128) + "px";
  }

  // The server's limit, learnt from its refusal, replaces whatever the page said.
  function adoptMaxLength(limit) {
    var n = positiveInt(limit, 0);
    if (!n) return;
    config.maxLength = n;
    input.maxLength = n;
    updateCounter();
  }

  function updateCounter() {
    var len = input.value.length;
    var over = len > config.maxLength;
    if (len >= Math.floor(config.maxLength * 0.8)) {
      counter.textContent = len + "/" + config.maxLength;
      counter.className = "mlecw-counter mlecw-counter-show" + (over ? " mlecw-counter-over" : "");
    } else {
      counter.textContent = "";
      counter.className = "mlecw-counter";
    }
    if (over) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function updateSendState() {
    var blocked = state.busy || !state.online;
    sendBtn.setAttribute("aria-disabled", blocked ? "true" : "false");
    root.classList.toggle("mlecw-is-busy", state.busy);
    root.classList.toggle("mlecw-is-offline", !state.online);
  }

  function onInputChanged() {
    autoResize();
    updateCounter();
    if (state.transient && state.transient.kind === "warn" && input.value.length <= config.maxLength) {
      clearTransient();
    }
  }

  // Without this, the maxlength attribute silently truncates a long paste.
  // Keep the full text visible instead, and explain the limit.
  function onBeforeInput(e) {
    var t = e.inputType;
    if (t !== "insertText" && t !== "insertFromPaste" && t !== "insertFromDrop" &&
        t !== "insertReplacementText") {
      return;
    }
    var data = e.data;
    if ((data === null || data === undefined) && e.dataTransfer) data = e.dataTransfer.getData("text/plain");
    if (typeof data !== "string") return;
    var start = input.selectionStart;
    var end = input.selectionEnd;
    var value = input.value;
    if (value.length - (end - start) + data.length <= config.maxLength) return;
    e.preventDefault();
    if (t !== "insertText" || data.length > 1) {
      input.value = value.slice(0, start) + data + value.slice(end);
      var caret = start + data.length;
      input.setSelectionRange(caret, caret);
      onInputChanged();
    }
    showTransient(tooLongText(), "warn", 8000);
  }

  // ---------------------------------------------------------------------
  // Networking
  // ---------------------------------------------------------------------

  function timeoutSignal(ms) {
    if (typeof AbortController !== "function") return { signal: undefined, cancel: function () {} };
    var c = new AbortController();
    var t = setTimeout(function () { c.abort(); }, ms);
    return { controller: c, signal: c.signal, cancel: function () { clearTimeout(t); } };
  }

  function checkHealth() {
    if (state.healthInFlight) return state.healthInFlight;
    var to = timeoutSignal(HEALTH_TIMEOUT_MS);
    var p = fetch(HEALTH_URL, { method: "GET", cache: "no-store", credentials: "omit", signal: to.signal })
      .then(function (res) {
        if (!res.ok) return false;
        return res.json().then(
          function (body) { return !body || typeof body !== "object" || !("status" in body) || body.status === "ok"; },
          function () { return true; }
        );
      })
      .catch(function () { return false; })
      .then(function (ok) {
        to.cancel();
        state.healthInFlight = null;
        return ok;
      });
    state.healthInFlight = p;
    return p;
  }

  function clearRetry() {
    clearTimeout(state.retryTimer);
    state.retryTimer = null;
  }

  function scheduleHealthRetry() {
    if (state.online || state.retryTimer || !state.open) return;
    var delay = BACKOFF_MS[Math.min(state.retryIndex, BACKOFF_MS.length - 1)];
    state.retryIndex += 1;
    state.retryTimer = setTimeout(function () {
      state.retryTimer = null;
      if (state.online || !state.open) return;
      checkHealth().then(function (ok) {
        if (ok) goOnline();
        else scheduleHealthRetry();
      });
    }, delay);
  }

  function goOffline() {
    if (state.online) {
      state.online = false;
      state.retryIndex = 0;
    }
    if (state.transient && state.transient.kind === "ok") clearTransient();
    setConnNotice({ text: TEXT.offline, kind: "offline" });
    updateSendState();
    scheduleHealthRetry();
  }

  function goOnline() {
    var wasOffline = !state.online;
    state.online = true;
    state.retryIndex = 0;
    clearRetry();
    setConnNotice(null);
    if (wasOffline) showTransient(TEXT.online, "ok", 3000);
    updateSendState();
  }

  // Health check now (panel opened, user retried, browser came online).
  function checkHealthNow() {
    clearRetry();
    return checkHealth().then(function (ok) {
      if (ok) goOnline();
      else goOffline();
      return ok;
    });
  }

  // opts: {text: sent to the server, display: shown as the user's message,
  //        restoreInput: string put back in the input on failure,
  //        chip: {msg, wrap} when a quick reply was clicked}
  function sendToServer(opts) {
    var userMsg = addMessage({ from: "user", text: opts.display });
    var gen = state.generation;
    var to = timeoutSignal(REQUEST_TIMEOUT_MS);
    state.busy = true;
    state.controller = to.controller || null;
    updateSendState();
    showTyping();

    fetch(WEBHOOK_URL, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sessionId, message: opts.text }),
      credentials: "omit",
      signal: to.signal
    })
      .then(function (res) {
        if (res.status === 413) {
          return res.json().then(
            function (body) { return { kind: "too_long", body: body }; },
            function () { return { kind: "too_long", body: null }; }
          );
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
          // The server refused this request (e.g. 400 invalid_sender / empty_message) but is up:
          // show its explanation instead of the offline notice.
          return res.json().then(
            function (body) {
              return body && typeof body.text === "string" && body.text.trim() ?
                { kind: "refused", body: body } : { kind: "error", status: res.status };
            },
            function () { return { kind: "error", status: res.status }; }
          );
        }
        if (!res.ok) return { kind: "error", status: res.status };
        return res.json().then(
          function (body) { return Array.isArray(body) ? { kind: "ok", body: body } : { kind: "bad_reply" }; },
          function () { return { kind: "bad_reply" }; }
        );
      }, function (err) {
        return { kind: "network", error: err };
      })
      .then(function (result) {
        to.cancel();
        if (gen !== state.generation) return; // conversation was restarted meanwhile
        state.busy = false;
        state.controller = null;
        hideTyping();

        if (result.kind === "ok") {
          if (opts.chip) {
            opts.chip.msg.buttonsUsed = true;
            if (opts.chip.wrap.parentNode) opts.chip.wrap.parentNode.removeChild(opts.chip.wrap);
          }
          result.body.map(normalizeBotMessage).filter(Boolean).forEach(addMessage);
          saveTranscript();
          if (!state.online) goOnline();
        } else {
          removeMessage(userMsg);
          restoreAfterFailure(opts);
          if (result.kind === "too_long") {
            var b = result.body;
            if (b) adoptMaxLength(b.max_length);
            var text = b && typeof b.text === "string" && b.text.trim() ? b.text : tooLongText();
            showTransient(text, "warn", 8000);
          } else if (result.kind === "refused") {
            showTransient(result.body.text, "warn", 8000);
          } else if (result.kind === "bad_reply") {
            showTransient(TEXT.failed, "warn", 6000);
          } else {
            goOffline();
          }
        }
        updateSendState();
      });
  }

  function restoreAfterFailure(opts) {
    if (opts.chip) {
      var chips = opts.chip.wrap.querySelectorAll("button");
      for (var i = 0; i < chips.length; i++) chips[i].disabled = false;
      return;
    }
    if (typeof opts.restoreInput === "string") {
      var current = input.value;
      if (!current.trim()) input.value = opts.restoreInput;
      else if (current.indexOf(opts.restoreInput) !== 0) input.value = opts.restoreInput + " " + current;
      onInputChanged();
    }
  }

  function submitInput(isRetry) {
    var raw = input.value;
    var text = raw.trim();
    if (!text) return;
    if (text.length > config.maxLength) {
      showTransient(tooLongText(), "warn", 8000);
      input.focus();
      return;
    }
    if (state.busy) {
      showTransient(TEXT.wait, "info", 3000);
      return;
    }
    if (!state.online) {
      setConnNotice({ text: TEXT.offline, kind: "offline" });
      if (!isRetry) {
        // Try right away; send if the assistant is reachable again.
        checkHealthNow().then(function (ok) {
          if (ok && input.value.trim() === text) submitInput(true);
        });
      }
      return;
    }
    clearTransient();
    input.value = "";
    onInputChanged();
    sendToServer({ text: text, display: text, restoreInput: raw });
  }

  function onChipClick(msg, button, wrap) {
    if (state.busy) {
      showTransient(TEXT.wait, "info", 3000);
      return;
    }
    if (!state.online) {
      setConnNotice({ text: TEXT.offline, kind: "offline" });
      checkHealthNow();
      return;
    }
    var chips = wrap.querySelectorAll("button");
    for (var i = 0; i < chips.length; i++) chips[i].disabled = true;
    input.focus({ preventScroll: true });
    sendToServer({ text: button.payload, display: button.title, chip: { msg: msg, wrap: wrap } });
  }

  // ---------------------------------------------------------------------
  // Open / close / restart
  // ---------------------------------------------------------------------

  function open(opts) {
    opts = opts || {};
    if (!state.open) {
      state.open = true;
      panel.hidden = false;
      root.classList.add("mlecw-is-open");
      launcher.setAttribute("aria-expanded", "true");
      writeStore(KEY_OPEN, "1");
      scrollToBottom();
      checkHealthNow();
    }
    if (opts.focus !== false) input.focus();
  }

  function close(opts) {
    opts = opts || {};
    if (!state.open) return;
    var hadFocus = panel.contains(document.activeElement);
    state.open = false;
    panel.hidden = true;
    root.classList.remove("mlecw-is-open");
    launcher.setAttribute("aria-expanded", "false");
    writeStore(KEY_OPEN, "0");
    clearRetry(); // resumes when the panel opens again
    if (opts.returnFocus || hadFocus) launcher.focus();
  }

  function restart() {
    state.generation += 1;
    if (state.controller) {
      try { state.controller.abort(); } catch (e) { /* ignore */ }
    }
    state.controller = null;
    state.busy = false;
    hideTyping();
    clearTransient();
    state.sessionId = newSessionId();
    writeStore(KEY_SESSION, state.sessionId);
    state.messages = [];
    renderAll();
    addGreeting();
    updateSendState();
    if (state.open) input.focus();
  }

  // ---------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------

  launcher.addEventListener("click", function () {
    if (state.open) close({ returnFocus: true });
    else open();
  });
  closeBtn.addEventListener("click", function () { close({ returnFocus: true }); });
  restartBtn.addEventListener("click", function () { restart(); });

  root.addEventListener("keydown", function (e) {
    if ((e.key === "Escape" || e.key === "Esc") && state.open) {
      e.preventDefault();
      e.stopPropagation();
      close({ returnFocus: true });
    }
  });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    submitInput(false);
  });

  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submitInput(false);
    }
  });
  input.addEventListener("beforeinput", onBeforeInput);
  input.addEventListener("input", onInputChanged);

  window.addEventListener("online", function () {
    if (state.open && !state.online) checkHealthNow();
  });
  window.addEventListener("offline", function () {
    if (state.open) goOffline();
  });

  // ---------------------------------------------------------------------
  // Mount
  // ---------------------------------------------------------------------

  function loadStylesheet(done) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      if (links[i].href === STYLESHEET_URL) { done(); return; }
    }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLESHEET_URL;
    link.setAttribute("data-mlecw", "");
    var finished = false;
    function finish() {
      if (finished) return;
      finished = true;
      done();
    }
    link.addEventListener("load", finish);
    link.addEventListener("error", finish);
    setTimeout(finish, 4000);
    (document.head || document.documentElement).appendChild(link);
  }

  function mount() {
    document.body.appendChild(root);
    if (!state.messages.length) addGreeting();
    else renderAll();
    updateSendState();
    updateCounter();
    if (readStore(KEY_OPEN) === "1") open({ focus: false });
    loadStylesheet(function () {
      root.style.visibility = "";
      autoResize();
      scrollToBottom();
    });
  }

  window.MLEChatWidget = {
    version: "1.0.0",
    open: function () { open(); },
    close: function () { close(); },
    restart: function () { restart(); },
    isOpen: function () { return state.open; },
    getSessionId: function () { return state.sessionId; },
    config: {
      serverUrl: config.serverUrl,
      title: config.title,
      position: config.position,
      maxLength: config.maxLength
    }
  };

  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
