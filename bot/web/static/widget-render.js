/*
 * Rendering: the assistant's reply text -> DOM, using only DOM text APIs (never innerHTML).
 *
 * Only what the replies use (bot/answers.py writes them):
 *   - a title: the first line of a reply when it reads as one (short, no closing . ! ?), e.g.
 *     "Data Engineer vs Machine Learning Engineer" or "Skills machine learning engineers need:"
 *   - a label right above a list: a line ending with ":" ("Essential:") or a short line opening
 *     its block ("Focus"); it becomes a heading and names the list
 *   - paragraphs (blocks separated by a blank line), bullet ("- ") and numbered ("1. ") lists;
 *     a list item's leading "Term: " is set in bold so the list can be scanned
 *   - **bold** and bare http(s) links
 * Titles and labels are real headings (h3, h4; the panel's own title is level 2), so a screen
 * reader can jump through a long answer.
 */
(function (modules) {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var BULLET_RE = /^\s*[-\u2022*\u2013]\s+(.*)$/;
  var NUMBERED_RE = /^\s*(\d{1,3})[.)]\s+(.*)$/;
  var INLINE_RE = /\*\*(?=\S)([^\n]*?\S)\*\*|(https?:\/\/[^\s<>"'`]+)/gi;
  var LEAD_TERM_RE = /^([^:]{1,60}):\s+(\S.*)$/;
  var SENTENCE_END_RE = /[.!?]["')\]]?$/;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // Static icons from constant path data.
  var ICONS = {
    chat: ["M21 12a8.5 8.5 0 0 1-12.3 7.6L4 21l1.4-4.4A8.5 8.5 0 1 1 21 12z", "M8.5 10.5h7", "M8.5 14h4.5"],
    close: ["M6 6l12 12", "M18 6L6 18"],
    chevron: ["M6 9l6 6 6-6"],
    restart: ["M3.5 12a8.5 8.5 0 1 0 2.6-6.1", "M3.5 4v5h5"],
    send: ["M4 12l16-8-6 16-2.5-6.5z", "M11.5 13.5L20 4"],
    spark: ["M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8z",
            "M18 15l.8 2.2L21 18l-2.2.8L18 21l-.8-2.2L15 18l2.2-.8z"],
    up: ["M7 11v9H4v-9z", "M7 11l4-8a2 2 0 0 1 2.5 2.2L13 10h5.5a2 2 0 0 1 2 2.4l-1.4 6A2 2 0 0 1 17.2 20H7"],
    down: ["M17 13V4h3v9z", "M17 13l-4 8a2 2 0 0 1-2.5-2.2L11 14H5.5a2 2 0 0 1-2-2.4l1.4-6A2 2 0 0 1 6.8 4H17"]
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

  // Splits trailing punctuation off a bare URL ("see https://x.org." -> link + ".").
  function trimUrl(url) {
    var trailing = "";
    for (;;) {
      var last = url.charAt(url.length - 1);
      var unbalanced = last === ")" && url.split("(").length < url.split(")").length;
      if (!/[.,;:!?'"*_]/.test(last) && !unbalanced) break;
      trailing = last + trailing;
      url = url.slice(0, -1);
    }
    return { url: url, trailing: trailing };
  }

  function link(href, label, className) {
    var a = el("a", className || "mlecw-link", label);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.appendChild(el("span", "mlecw-sr", " (opens in a new tab)"));
    return a;
  }

  function appendInline(parent, text) {
    var re = new RegExp(INLINE_RE.source, "gi");
    var last = 0;
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) {
        var strong = el("strong", "mlecw-strong");
        appendInline(strong, m[1]);
        parent.appendChild(strong);
      } else {
        var t = trimUrl(m[2]);
        var href = modules.store.safeUrl(t.url);
        parent.appendChild(href ? link(href, t.url) : document.createTextNode(t.url));
        if (t.trailing) parent.appendChild(document.createTextNode(t.trailing));
      }
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function listItem(content) {
    var li = el("li", "mlecw-li");
    var lead = LEAD_TERM_RE.exec(content);
    if (lead && lead[1].indexOf("**") === -1) {
      var term = el("strong", "mlecw-strong");
      appendInline(term, lead[1] + ":");
      li.appendChild(term);
      li.appendChild(document.createTextNode(" "));
      appendInline(li, lead[2]);
    } else {
      appendInline(li, content);
    }
    return li;
  }

  function isItem(line) {
    return BULLET_RE.test(line) || NUMBERED_RE.test(line);
  }

  function reads(line, maxLength) {
    var t = line.trim();
    return t.length > 0 && t.length <= maxLength && !SENTENCE_END_RE.test(t) && !isItem(line);
  }

  /*
   * Renders `text` into `container`. options.idPrefix makes heading ids unique in the widget;
   * options.more says another message of the same reply follows (so a lone first line is a title).
   */
  function reply(container, text, options) {
    options = options || {};
    var lines = String(text).replace(/\r\n?/g, "\n").split("\n");
    var ids = 0;
    var para = null;
    var list = null;
    var pendingLabel = null; // id of a heading that names the list that follows
    var seenContent = false;

    function nextId() {
      ids += 1;
      return (options.idPrefix || "mlecw") + "-h" + ids;
    }

    function flushPara() {
      if (para) container.appendChild(para);
      para = null;
    }

    function heading(tag, className, line) {
      flushPara();
      list = null;
      var h = el(tag, className);
      h.id = nextId();
      appendInline(h, line.trim());
      container.appendChild(h);
      return h.id;
    }

    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var next = i + 1 < lines.length ? lines[i + 1] : "";
      var blockStart = i === 0 || /^\s*$/.test(lines[i - 1]);
      if (/^\s*$/.test(line)) {
        flushPara();
        list = null;
        pendingLabel = null;
        continue;
      }
      var bullet = BULLET_RE.exec(line);
      var number = bullet ? null : NUMBERED_RE.exec(line);
      if (bullet || number) {
        var type = number ? "ol" : "ul";
        flushPara();
        if (!list || list.tagName.toLowerCase() !== type) {
          list = el(type, "mlecw-list mlecw-list-" + type);
          if (number && number[1] !== "1") list.start = parseInt(number[1], 10);
          if (pendingLabel) list.setAttribute("aria-labelledby", pendingLabel);
          container.appendChild(list);
        }
        list.appendChild(listItem(number ? number[2] : bullet[1]));
        pendingLabel = null;
        seenContent = true;
        continue;
      }
      var restFollows = lines.slice(i + 1).some(function (l) { return !/^\s*$/.test(l); }) || options.more;
      if (!seenContent && reads(line, 100) && restFollows) {
        pendingLabel = heading("h3", "mlecw-reply-title", line);
      } else if (isItem(next) && (/:\s*$/.test(line) || (blockStart && reads(line, 40)))) {
        pendingLabel = heading("h4", "mlecw-label", line);
      } else {
        list = null;
        pendingLabel = null;
        if (para) para.appendChild(document.createElement("br"));
        else para = el("p", "mlecw-p");
        appendInline(para, line);
      }
      seenContent = true;
    }
    flushPara();
  }

  // The works an answer cites: a numbered list behind a disclosure, closed until the reader asks.
  function sources(list) {
    var box = el("details", "mlecw-sources");
    box.appendChild(el("summary", "mlecw-sources-summary", "Sources (" + list.length + ")"));
    var ol = el("ol", "mlecw-source-list");
    list.forEach(function (s) {
      var li = el("li", "mlecw-source");
      li.value = s.number;
      li.appendChild(s.url ? link(s.url, s.title, "mlecw-link mlecw-source-link") : document.createTextNode(s.title));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  modules.render = { el: el, icon: icon, reply: reply, sources: sources };
})(window.MLEChatWidget.modules);
