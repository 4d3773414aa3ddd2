/*
 * The widget element: a <mle-chat-widget> host whose Shadow DOM holds the launcher, the panel and
 * widget.css, so the host page's styles cannot reach in and ours cannot leak out.
 *
 * What it shows comes from the other modules: the conversation from the store (widget-store.js),
 * the server's answers through the transport (widget-transport.js), the messages through the log
 * (widget-log.js, which renders replies with widget-render.js and votes with widget-feedback.js).
 * This file builds the launcher and the panel and handles opening, closing, sending, restarting,
 * the unread badge and the small-screen layout.
 */
(function (modules) {
  "use strict";

  var el = modules.render.el;
  var icon = modules.render.icon;

  var TEXT = {
    offline: "Can't reach the assistant. Reconnecting\u2026",
    online: "Back online",
    refused: "This website is not allowed to reach the assistant, so the chat is unavailable here.",
    failed: "Something went wrong. Please try again.",
    wait: "Please wait for the assistant's reply.",
    restart: "Start a new conversation? The messages so far will be cleared.",
    arrived: "New message from the assistant"
  };
  var COMPACT_BELOW_PX = 480; // panel heights below this get the compact header
  var MAX_INPUT_PX = 128;

  function mount(config, api) {
    var store = modules.store.create(config.serverUrl);
    var transport = modules.transport.create(config.serverUrl);
    var uid = "mlecw-" + Math.random().toString(36).slice(2, 8);
    var state = {
      open: false,
      busy: false,
      pending: null,       // the question on its way, shown before it is stored with its answer
      unread: [],          // ids of bot messages that arrived while the panel was closed
      welcome: null,       // the server's last welcome payload (greeting, starter questions)
      transient: null,     // a short-lived notice {text, kind}
      transientTimer: null,
      maxLength: config.maxLength
    };
    var connection = modules.transport.connection(transport, { onChange: onConnection, onWelcome: onWelcome });
    var feedback = modules.feedback.create({
      transport: transport, store: store, connection: connection, idPrefix: uid
    });

    // -------------------------------------------------------------------------------------------
    // Elements
    // -------------------------------------------------------------------------------------------

    var host = document.createElement("mle-chat-widget");
    host.setAttribute("data-mlecw", "");
    if (config.theme) host.setAttribute("data-theme", config.theme);
    host.style.visibility = "hidden"; // until widget.css has loaded
    if (config.primaryColor) host.style.setProperty("--mlecw-primary", config.primaryColor);
    if (config.textColor) host.style.setProperty("--mlecw-on-primary", config.textColor);
    var shadow = host.attachShadow({ mode: "open" });
    var stylesheet = el("link");
    stylesheet.rel = "stylesheet";
    stylesheet.href = config.stylesheet;
    shadow.appendChild(stylesheet);

    var root = el("div", "mlecw-root mlecw-pos-" + config.position);
    shadow.appendChild(root);

    var launcher = el("button", "mlecw-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", uid + "-panel");
    launcher.setAttribute("aria-describedby", uid + "-tip");
    launcher.appendChild(icon("chat", "mlecw-icon-open"));
    launcher.appendChild(icon("chevron", "mlecw-icon-close"));
    var badge = el("span", "mlecw-badge");
    badge.setAttribute("aria-hidden", "true"); // the launcher's name carries the count
    badge.hidden = true;
    launcher.appendChild(badge);

    // The launcher's label: shown until the reader first opens the chat, then on hover and focus.
    var tip = el("div", "mlecw-tip", config.subtitle);
    tip.id = uid + "-tip";
    tip.setAttribute("role", "tooltip");

    // Announces replies that arrive while the panel is closed (the log is hidden then).
    var announcer = el("div", "mlecw-sr");
    announcer.setAttribute("role", "status");

    var panel = el("div", "mlecw-panel");
    panel.id = uid + "-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", uid + "-title");
    panel.hidden = true;

    var header = el("div", "mlecw-header");
    var avatar = el("div", "mlecw-avatar");
    avatar.appendChild(icon("spark"));
    var heading = el("div", "mlecw-heading-wrap");
    var titleEl = el("div", "mlecw-title", config.title);
    titleEl.id = uid + "-title";
    titleEl.setAttribute("role", "heading");
    titleEl.setAttribute("aria-level", "2");
    heading.appendChild(titleEl);
    if (config.subtitle) heading.appendChild(el("div", "mlecw-subtitle", config.subtitle));
    var restartBtn = iconButton("mlecw-icon-btn mlecw-restart", "Restart conversation", "restart");
    var closeBtn = iconButton("mlecw-icon-btn mlecw-close", "Close chat", "close");
    header.appendChild(avatar);
    header.appendChild(heading);
    header.appendChild(restartBtn);
    header.appendChild(closeBtn);

    var confirmBar = el("div", "mlecw-confirm");
    confirmBar.setAttribute("role", "group");
    confirmBar.setAttribute("aria-labelledby", uid + "-confirm");
    confirmBar.hidden = true;
    var confirmText = el("p", "mlecw-confirm-text", TEXT.restart);
    confirmText.id = uid + "-confirm";
    var confirmYes = el("button", "mlecw-btn mlecw-btn-primary mlecw-confirm-yes", "Start over");
    confirmYes.type = "button";
    var confirmNo = el("button", "mlecw-btn mlecw-confirm-no", "Cancel");
    confirmNo.type = "button";
    confirmBar.appendChild(confirmText);
    confirmBar.appendChild(confirmYes);
    confirmBar.appendChild(confirmNo);

    var notice = el("div", "mlecw-notice");
    notice.setAttribute("role", "status");
    notice.setAttribute("aria-live", "polite");
    notice.setAttribute("aria-atomic", "true");

    var form = el("form", "mlecw-form");
    form.setAttribute("novalidate", "");
    var inputLabel = el("label", "mlecw-sr", "Type your message");
    inputLabel.htmlFor = uid + "-input";
    var field = el("div", "mlecw-field");
    var input = el("textarea", "mlecw-input");
    input.id = uid + "-input";
    input.rows = 1;
    if (isFinite(state.maxLength)) input.maxLength = state.maxLength;
    input.placeholder = "Ask about the MLE role\u2026";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("enterkeyhint", "send");
    var counter = el("div", "mlecw-counter");
    counter.setAttribute("aria-hidden", "true");
    field.appendChild(input);
    field.appendChild(counter);
    var sendBtn = iconButton("mlecw-send", "Send message", "send");
    sendBtn.type = "submit";
    sendBtn.title = "Send (Enter)";
    form.appendChild(inputLabel);
    form.appendChild(field);
    form.appendChild(sendBtn);

    panel.appendChild(header);
    panel.appendChild(confirmBar);
    panel.appendChild(notice); // the log goes before it (below)
    panel.appendChild(form);

    // Launcher first: Tab goes from the launcher straight into the open panel.
    root.appendChild(launcher);
    root.appendChild(tip);
    root.appendChild(announcer);
    root.appendChild(panel);

    // Icon-only buttons: aria-label names them for screen readers, title for mouse users.
    function iconButton(className, label, iconName) {
      var button = el("button", className);
      button.type = "button";
      button.setAttribute("aria-label", label);
      button.title = label;
      button.appendChild(icon(iconName));
      return button;
    }

    // -------------------------------------------------------------------------------------------
    // The message log (widget-log.js)
    // -------------------------------------------------------------------------------------------

    var log = modules.log.create({
      idPrefix: uid,
      feedback: feedback,
      messages: function () {
        var list = store.messages();
        if (state.pending) list.push(state.pending); // the question on its way
        return list;
      },
      busy: function () { return state.busy; },
      onChip: onChip
    });
    panel.insertBefore(log.element, notice);

    function renderLog() {
      return log.render();
    }

    // On opening the panel: the first reply the reader has not seen, else the latest one.
    function scrollToLatest() {
      if (state.unread.length && !state.busy) log.scrollTo(state.unread[0]);
      else log.scrollToLatest();
    }

    function arrived(messages) {
      var replies = messages.filter(function (m) { return m.from === "bot"; });
      if (!replies.length) return;
      if (state.open) {
        log.scrollTo(replies[0].id);
      } else {
        replies.forEach(function (m) { state.unread.push(m.id); });
        updateLauncher();
        announcer.textContent = "";
        announcer.textContent = TEXT.arrived;
      }
    }

    // -------------------------------------------------------------------------------------------
    // Greeting (from the server's welcome)
    // -------------------------------------------------------------------------------------------

    function onWelcome(body) {
      state.welcome = body;
      addGreeting();
    }

    // One greeting per conversation: its id is derived from the session, so two tabs adding it
    // at once store it once.
    function addGreeting() {
      var body = state.welcome;
      if (!body || store.messages().length || state.pending || config.greeting === "") return;
      var text = config.greeting !== null ? config.greeting : body.text;
      var msg = modules.store.fromServer({ text: text, buttons: body.suggestions });
      if (!msg) return;
      msg.id = "greeting-" + store.sessionId();
      msg.greeting = true;
      store.append([msg]);
      renderLog();
      log.scrollToBottom();
    }

    // -------------------------------------------------------------------------------------------
    // Notices and the composer
    // -------------------------------------------------------------------------------------------

    function connectionNotice() {
      var s = connection.state();
      if (s === "refused") return { text: connection.refusedText() || TEXT.refused, kind: "refused" };
      if (s === "offline") return { text: TEXT.offline, kind: "offline" };
      return null;
    }

    function renderNotice() {
      var n = state.transient || connectionNotice();
      notice.className = "mlecw-notice" + (n ? " mlecw-notice-" + n.kind : "");
      if (notice.textContent !== (n ? n.text : "")) notice.textContent = n ? n.text : "";
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

    function onConnection(next, previous) {
      if (next === "online" && previous === "offline") showTransient(TEXT.online, "ok", 3000);
      if (next !== "online" && state.transient && state.transient.kind === "ok") clearTransient();
      renderNotice();
      updateSendState();
    }

    function tooLongText() {
      return "Messages are limited to " + state.maxLength + " characters";
    }

    function autoResize() {
      input.style.height = "auto";
      input.style.height = Math.min(input.scrollHeight + 2, MAX_INPUT_PX) + "px";
    }

    // The server's limit, learnt from its refusal, replaces whatever the page said.
    function adoptMaxLength(limit) {
      var n = parseInt(limit, 10);
      if (!(n > 0)) return;
      state.maxLength = n;
      input.maxLength = n;
      updateCounter();
    }

    function updateCounter() {
      var len = input.value.length;
      var over = len > state.maxLength;
      var show = len >= Math.floor(state.maxLength * 0.8);
      counter.textContent = show ? len + "/" + state.maxLength : "";
      counter.className = "mlecw-counter" + (show ? " mlecw-counter-show" : "") + (over ? " mlecw-counter-over" : "");
      if (over) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    function updateSendState() {
      var blocked = state.busy || connection.state() !== "online";
      sendBtn.setAttribute("aria-disabled", blocked ? "true" : "false");
      root.classList.toggle("mlecw-is-busy", state.busy);
    }

    function onInputChanged() {
      autoResize();
      updateCounter();
      if (state.transient && state.transient.kind === "warn" && input.value.length <= state.maxLength) {
        clearTransient();
      }
    }

    // Without this, the maxlength attribute silently truncates a long paste.
    // Keep the full text visible instead, and explain the limit.
    function onBeforeInput(e) {
      var t = e.inputType;
      if (t !== "insertText" && t !== "insertFromPaste" && t !== "insertFromDrop" && t !== "insertReplacementText") {
        return;
      }
      var data = e.data;
      if ((data === null || data === undefined) && e.dataTransfer) data = e.dataTransfer.getData("text/plain");
      if (typeof data !== "string") return;
      var start = input.selectionStart;
      var end = input.selectionEnd;
      var value = input.value;
      if (value.length - (end - start) + data.length <= state.maxLength) return;
      e.preventDefault();
      if (t !== "insertText" || data.length > 1) {
        input.value = value.slice(0, start) + data + value.slice(end);
        var caret = start + data.length;
        input.setSelectionRange(caret, caret);
        onInputChanged();
      }
      showTransient(tooLongText(), "warn", 8000);
    }

    // -------------------------------------------------------------------------------------------
    // Sending
    // -------------------------------------------------------------------------------------------

    // Whether a message may go out now; if not, says why.
    function canSend() {
      if (state.busy) {
        showTransient(TEXT.wait, "info", 3000);
        return false;
      }
      if (connection.state() !== "online") {
        clearTransient();
        renderNotice();
        return false;
      }
      return true;
    }

    // opts: {restore: the typed text to give back on failure, chips: the suggestions clicked}
    function send(text, display, opts) {
      var sessionId = store.sessionId();
      var question = { id: modules.store.newId(), from: "user", text: display };
      state.pending = question;
      state.busy = true;
      clearTransient();
      renderLog();
      log.scrollToBottom();
      updateSendState();

      transport.send(sessionId, text).then(function (result) {
        if (store.sessionId() !== sessionId || state.pending !== question) return; // restarted meanwhile
        state.busy = false;
        state.pending = null;
        if (result.kind === "ok") {
          var replies = result.body.map(function (m) { return modules.store.fromServer(m, question.id); })
            .filter(Boolean);
          store.append([question].concat(replies));
          renderLog();
          connection.reached();
          arrived(replies);
        } else {
          renderLog();
          giveBack(opts);
          if (result.kind === "too_long") {
            var b = result.body;
            if (b) adoptMaxLength(b.max_length);
            showTransient(b && typeof b.text === "string" && b.text.trim() ? b.text : tooLongText(), "warn", 8000);
          } else if (result.kind === "refused") {
            showTransient(result.text, "warn", 8000);
          } else if (result.kind === "origin_refused") {
            connection.refused(result.text);
          } else if (result.kind === "bad_reply") {
            showTransient(TEXT.failed, "warn", 6000);
          } else {
            connection.lost();
          }
        }
        updateSendState();
      });
    }

    // A failed message is not lost: the text goes back into the box, the suggestions come back.
    function giveBack(opts) {
      if (typeof opts.restore !== "string") return;
      var current = input.value;
      if (!current.trim()) input.value = opts.restore;
      else if (current.indexOf(opts.restore) !== 0) input.value = opts.restore + " " + current;
      onInputChanged();
    }

    function submitInput(isRetry) {
      var raw = input.value;
      var text = raw.trim();
      if (!text) return;
      if (text.length > state.maxLength) {
        showTransient(tooLongText(), "warn", 8000);
        input.focus();
        return;
      }
      if (connection.state() === "offline" && !isRetry && !state.busy) {
        // Try right away; send if the assistant is reachable again.
        connection.probe().then(function (s) {
          if (s === "online" && input.value.trim() === text) submitInput(true);
        });
      }
      if (!canSend()) return;
      input.value = "";
      onInputChanged();
      send(text, text, { restore: raw });
    }

    function onChip(button, wrap) {
      if (connection.state() === "offline") connection.probe();
      if (!canSend()) return;
      var used = wrap.querySelectorAll("button");
      for (var i = 0; i < used.length; i++) used[i].disabled = true;
      input.focus({ preventScroll: true });
      send(button.payload, button.title, {});
    }

    // -------------------------------------------------------------------------------------------
    // Open, close, restart
    // -------------------------------------------------------------------------------------------

    function updateLauncher() {
      var n = state.unread.length;
      badge.hidden = state.open || n === 0;
      badge.textContent = n > 9 ? "9+" : String(n);
      var label = state.open ? "Close chat" : "Open chat";
      if (!state.open && n) label += " (" + n + (n === 1 ? " new message)" : " new messages)");
      launcher.setAttribute("aria-label", label);
      launcher.setAttribute("aria-expanded", state.open ? "true" : "false");
      root.classList.toggle("mlecw-introduced", store.flag("introduced") === "1");
    }

    function open(opts) {
      opts = opts || {};
      if (!state.open) {
        state.open = true;
        panel.hidden = false;
        root.classList.add("mlecw-is-open");
        store.setFlag("open", "1");
        store.setFlag("introduced", "1");
        fit();
        scrollToLatest();
        state.unread = [];
        updateLauncher();
        connection.setActive(true);
        connection.probe();
      }
      if (opts.focus !== false) input.focus();
    }

    function close(opts) {
      opts = opts || {};
      if (!state.open) return;
      var hadFocus = shadow.activeElement && panel.contains(shadow.activeElement);
      hideConfirm();
      state.open = false;
      panel.hidden = true;
      root.classList.remove("mlecw-is-open");
      store.setFlag("open", "0");
      connection.setActive(false); // retries resume when the panel opens again
      updateLauncher();
      if (opts.returnFocus || hadFocus) launcher.focus();
    }

    function showConfirm() {
      confirmBar.hidden = false;
      confirmNo.focus();
    }

    function hideConfirm(refocus) {
      if (confirmBar.hidden) return;
      confirmBar.hidden = true;
      if (refocus) restartBtn.focus();
    }

    function restart() {
      hideConfirm();
      transport.cancel();
      store.restart();
      followRestart();
      if (state.open) input.focus();
    }

    // After a restart here or in another tab: nothing of the old conversation stays on screen.
    function followRestart() {
      state.busy = false;
      state.pending = null;
      state.unread = [];
      clearTransient();
      renderLog();
      addGreeting();
      if (!state.welcome && state.open) connection.probe();
      updateLauncher();
      updateSendState();
    }

    // Another tab changed the conversation (a new exchange, a vote, a restart).
    store.onChange(function (why) {
      if (why === "restart") {
        transport.cancel();
        followRestart();
        return;
      }
      arrived(renderLog());
      feedback.refresh();
    });

    // -------------------------------------------------------------------------------------------
    // Small screens: full-screen panel inside the visual viewport (above an on-screen keyboard)
    // -------------------------------------------------------------------------------------------

    function fit() {
      var vv = window.visualViewport;
      var height = vv ? vv.height : window.innerHeight;
      root.style.setProperty("--mlecw-vv-height", height + "px");
      root.style.setProperty("--mlecw-vv-top", (vv ? vv.offsetTop : 0) + "px");
      root.classList.toggle("mlecw-compact", height < COMPACT_BELOW_PX);
    }

    if (window.visualViewport) {
      window.visualViewport.addEventListener("resize", fit);
      window.visualViewport.addEventListener("scroll", fit);
    }
    window.addEventListener("resize", fit);

    // -------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------

    launcher.addEventListener("click", function () {
      if (state.open) close({ returnFocus: true });
      else open();
    });
    tip.addEventListener("click", function () { open(); });
    closeBtn.addEventListener("click", function () { close({ returnFocus: true }); });
    restartBtn.addEventListener("click", showConfirm);
    confirmYes.addEventListener("click", restart);
    confirmNo.addEventListener("click", function () { hideConfirm(true); });

    // Escape closes the panel from anywhere on the page; inside the widget it first closes the
    // restart question. Handlers that used Escape themselves (the feedback form) stop it earlier.
    document.addEventListener("keydown", function (e) {
      if ((e.key !== "Escape" && e.key !== "Esc") || e.defaultPrevented) return;
      if (!state.open) {
        root.classList.add("mlecw-tip-dismissed"); // a tooltip must be dismissible (WCAG 1.4.13)
        return;
      }
      e.preventDefault();
      if (!confirmBar.hidden) hideConfirm(true);
      else close();
    });
    launcher.addEventListener("mouseleave", function () { root.classList.remove("mlecw-tip-dismissed"); });
    launcher.addEventListener("blur", function () { root.classList.remove("mlecw-tip-dismissed"); });

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
      if (state.open && connection.state() === "offline") connection.probe();
    });
    window.addEventListener("offline", function () {
      if (state.open) connection.lost();
    });

    // -------------------------------------------------------------------------------------------
    // Mount
    // -------------------------------------------------------------------------------------------

    function shown() {
      host.style.visibility = "";
      fit();
      autoResize();
      if (state.open) scrollToLatest();
    }
    stylesheet.addEventListener("load", shown);
    stylesheet.addEventListener("error", shown);
    setTimeout(shown, 4000);

    document.body.appendChild(host);
    renderLog();
    renderNotice();
    updateSendState();
    updateCounter();
    updateLauncher();
    if (store.flag("open") === "1") open({ focus: false });

    api.open = function () { open(); };
    api.close = function () { close(); };
    api.restart = restart; // programmatic: no question asked
    api.isOpen = function () { return state.open; };
    api.getSessionId = function () { return store.sessionId(); };
    api.config = { serverUrl: config.serverUrl, title: config.title, position: config.position,
                   theme: config.theme || "auto", maxLength: state.maxLength };
  }

  modules.ui = { mount: mount };
})(window.MLEChatWidget.modules);
