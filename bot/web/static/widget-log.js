/*
 * The message log: one element per message, in the conversation store's order.
 *
 * Rendering is incremental: a message's element is made once and then only moved or removed, so
 * a vote in progress or an open sources list survives a new reply (or an update from another tab).
 * Only the latest reply's suggestions are on screen: older ones are out of context.
 */
(function (modules) {
  "use strict";

  var el = modules.render.el;
  var TOP_GAP_PX = 8; // a reply scrolled to the top keeps this much air above it

  /*
   * deps: {idPrefix, feedback, messages() -> the messages to show, busy() -> waiting for a reply,
   *        onChip(button, wrap) -> a suggestion was clicked}
   */
  function create(deps) {
    var log = el("div", "mlecw-log");
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-relevant", "additions");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0; // a scrollable region must be reachable from the keyboard

    var typing = el("div", "mlecw-typing");
    typing.setAttribute("role", "img");
    typing.setAttribute("aria-label", "Assistant is typing");
    for (var d = 0; d < 3; d++) typing.appendChild(el("span", "mlecw-dot"));

    var nodes = {};    // message id -> item element
    var chips = null;  // {id, wrap}: the one set of suggestions that may be used

    // `more`: another message of the same reply follows (so a lone first line reads as its title).
    function item(msg, more) {
      var node = el("div", "mlecw-item mlecw-item-" + msg.from);
      node.setAttribute("data-msg-id", msg.id);
      node.appendChild(el("span", "mlecw-sr", msg.from === "user" ? "You said:" : "Assistant said:"));
      var bubble = el("div", "mlecw-msg mlecw-" + msg.from);
      if (msg.from === "user") {
        bubble.textContent = msg.text; // plain text; line breaks kept by CSS (pre-wrap)
      } else {
        modules.render.reply(bubble, msg.text, { idPrefix: deps.idPrefix + "-" + msg.id, more: more });
        if (msg.sources) bubble.appendChild(modules.render.sources(msg.sources));
      }
      if (msg.text || msg.sources) node.appendChild(bubble);
      if (msg.answerId) node.appendChild(deps.feedback.controls(msg));
      return node;
    }

    // Places every message's element in order, making the missing ones; returns the new messages.
    function render() {
      var list = deps.messages();
      var keep = {};
      var added = [];
      var previous = null;
      list.forEach(function (msg, i) {
        keep[msg.id] = true;
        var node = nodes[msg.id];
        if (!node) {
          var next = list[i + 1];
          node = nodes[msg.id] = item(msg, !!(next && next.from === "bot" && msg.turn && next.turn === msg.turn));
          added.push(msg);
        }
        var wanted = previous ? previous.nextSibling : log.firstChild;
        if (node !== wanted) log.insertBefore(node, wanted);
        previous = node;
      });
      Object.keys(nodes).forEach(function (id) {
        if (keep[id]) return;
        if (nodes[id].parentNode) nodes[id].parentNode.removeChild(nodes[id]);
        delete nodes[id];
        deps.feedback.forget(id);
      });
      if (deps.busy()) log.appendChild(typing);
      else if (typing.parentNode) typing.parentNode.removeChild(typing);
      renderChips(list);
      return added;
    }

    function renderChips(list) {
      var last = list[list.length - 1];
      var active = last && last.from === "bot" && last.buttons && !deps.busy() ? last : null;
      if (chips && (!active || chips.id !== active.id)) {
        if (chips.wrap.parentNode) chips.wrap.parentNode.removeChild(chips.wrap);
        chips = null;
      }
      if (!active || chips) return;
      var wrap = el("div", "mlecw-chips");
      wrap.setAttribute("role", "group");
      wrap.setAttribute("aria-label", active.greeting ? "Questions to start with" : "Suggested replies");
      active.buttons.forEach(function (b) {
        var chip = el("button", "mlecw-chip", b.title);
        chip.type = "button";
        chip.addEventListener("click", function () { deps.onChip(b, wrap); });
        wrap.appendChild(chip);
      });
      nodes[active.id].appendChild(wrap);
      chips = { id: active.id, wrap: wrap };
    }

    function scrollToBottom() {
      log.scrollTop = log.scrollHeight;
    }

    // A reply is read from its first line: put that line at the top of the message area.
    function scrollTo(id) {
      var node = nodes[id];
      if (!node) return scrollToBottom();
      log.scrollTop += node.getBoundingClientRect().top - log.getBoundingClientRect().top - TOP_GAP_PX;
    }

    // The start of the latest reply (on opening the panel, after a reload).
    function scrollToLatest() {
      if (deps.busy()) return scrollToBottom();
      var list = deps.messages();
      for (var i = list.length - 1; i > 0; i--) {
        if (list[i].from === "bot" && list[i - 1].from === "user") return scrollTo(list[i].id);
      }
      scrollToBottom();
    }

    return {
      element: log,
      render: render,
      scrollTo: scrollTo,
      scrollToBottom: scrollToBottom,
      scrollToLatest: scrollToLatest
    };
  }

  modules.log = { create: create };
})(window.MLEChatWidget.modules);
