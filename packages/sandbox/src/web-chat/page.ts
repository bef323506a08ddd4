/**
 * The web chat page: one self-contained HTML document (inline CSS and JS, no framework, nothing
 * loaded from elsewhere). The script never builds markup from data: names go in through `Option`
 * and `textContent`, and transcript entries arrive as HTML the server already escaped (render.ts).
 * The access token of the page's own URL (`?access_token=`) is carried into every request.
 */
import { createHash } from 'node:crypto';

export const chatStyle = `
:root { --bg: #f4f5f7; --panel: #fff; --line: #dde1e6; --text: #1d232a; --muted: #6a737d; --user: #fff;
  --bot: #e3efff; --accent: #2b6cdf; --action: #fff7e0; --action-line: #e7c76a; --fail: #fdecea; --fail-line: #e08a80; }
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--text);
  background: var(--bg); display: flex; flex-direction: column; }
header { display: flex; align-items: center; gap: 12px; padding: 10px 16px; background: #1f2937; color: #fff; }
header h1 { font-size: 16px; margin: 0; font-weight: 600; }
header .self { color: #cbd5e1; font-size: 13px; }
.conn { margin-left: auto; font-size: 12px; padding: 2px 8px; border-radius: 10px; background: #4b5563; }
.conn.live { background: #15803d; }
.conn.down { background: #b91c1c; }
main { flex: 1; display: flex; min-height: 0; }
aside { width: 250px; padding: 14px; background: var(--panel); border-right: 1px solid var(--line); display: flex;
  flex-direction: column; gap: 12px; overflow-y: auto; }
aside label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--muted); font-weight: 600; }
aside label.check { flex-direction: row; align-items: center; gap: 6px; font-weight: normal; color: var(--text); }
select, input[type=text], button { font: inherit; }
select, input[type=text] { padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--text); }
button { padding: 6px 12px; border: 1px solid var(--accent); border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: .5; cursor: default; }
.hint { font-size: 12px; color: var(--muted); margin: 0; }
.chat { flex: 1; display: flex; flex-direction: column; min-width: 0; }
#transcript { flex: 1; overflow-y: auto; padding: 14px 18px; display: flex; flex-direction: column; gap: 8px; }
.empty { color: var(--muted); text-align: center; margin-top: 40px; }
.restart { color: var(--muted); text-align: center; font-size: 12px; margin: 4px 0; border-top: 1px dashed var(--line); padding-top: 4px; }
.item { align-self: flex-start; max-width: 75%; padding: 6px 10px; border-radius: 8px; border: 1px solid var(--line); background: var(--user);
  overflow-wrap: anywhere; }
.item.bot { align-self: flex-end; background: var(--bot); border-color: #bcd4fb; }
.item.action { align-self: center; max-width: 90%; background: var(--action); border-color: var(--action-line); font-style: italic; }
.item.notice { align-self: center; max-width: 90%; background: #eef0f3; color: #374151; }
.item.action.failed { background: var(--fail); border-color: var(--fail-line); }
.item.recalled .body { text-decoration: line-through; opacity: .6; }
.item.recalled .meta::after { content: " · recalled"; }
.meta { font-size: 11px; color: var(--muted); }
.meta .who { font-weight: 600; color: var(--text); }
.body { white-space: pre-wrap; margin-top: 2px; }
.at { color: var(--accent); font-weight: 600; }
.body img.face { width: 24px; height: 24px; vertical-align: -6px; margin: 0 1px; }
.body img.image { display: block; max-width: 240px; max-height: 240px; border-radius: 6px; margin: 4px 0; border: 1px solid var(--line); }
.tag { color: var(--muted); background: #eef0f3; border-radius: 4px; padding: 0 4px; font-size: 12px; }
.quote { margin: 2px 0 4px; padding: 2px 8px; border-left: 3px solid #9aa5b1; color: var(--muted); font-size: 12px; white-space: normal; }
#composer { display: flex; gap: 8px; padding: 10px 16px; background: var(--panel); border-top: 1px solid var(--line); }
#composer input { flex: 1; }
#status { min-height: 20px; padding: 0 16px 8px; font-size: 12px; color: var(--muted); background: var(--panel); }
#status.error { color: #b91c1c; }
[hidden] { display: none !important; }
@media (max-width: 640px) { main { flex-direction: column; } aside { width: auto; border-right: 0; border-bottom: 1px solid var(--line); } .item { max-width: 95%; } }
`;

// Plain ES5-style script (no template literals) so it can live in this TypeScript string untouched.
export const chatScript = `
(function () {
  'use strict';
  var params = new URLSearchParams(location.search);
  var token = params.get('access_token');
  var auth = token ? { Authorization: 'Bearer ' + token } : {};
  function $(id) { return document.getElementById(id); }
  var placeSel = $('place'), userSel = $('user'), only = $('only'), transcript = $('transcript');
  var form = $('composer'), input = $('text'), statusEl = $('status'), conn = $('conn'), pokeBtn = $('poke');
  var preset = { place: params.get('group') ? 'group:' + params.get('group') : params.get('discuss') ? 'discuss:' + params.get('discuss') : '', user: params.get('user') || '' };
  var dir = null, lastSeq = 0, epoch = '', refreshTimer = 0;

  function api(path, body) {
    var init = { headers: Object.assign({}, auth) };
    if (body !== undefined) {
      init.method = 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('/_sandbox' + path, init).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (!res.ok || !json || json.ok === false) {
          var why = json && json.error ? json.error : 'HTTP ' + res.status + (res.status === 401 || res.status === 403 ? ' (check access_token in the address)' : '');
          throw new Error(why);
        }
        return json.data;
      });
    });
  }

  function say(text, isError) {
    statusEl.textContent = text;
    statusEl.className = isError ? 'error' : '';
  }

  function setOptions(select, choices, wanted) {
    var keep = wanted || select.value;
    select.textContent = '';
    choices.forEach(function (c) { select.add(new Option(c[1], c[0])); });
    if (choices.some(function (c) { return c[0] === keep; })) select.value = keep;
  }

  function fillPlaces() {
    var choices = [];
    dir.groups.forEach(function (g) { choices.push(['group:' + g.group_id, 'group ' + g.group_id + ' · ' + g.group_name]); });
    dir.discusses.forEach(function (d) { choices.push(['discuss:' + d.discuss_id, 'discuss ' + d.discuss_id + ' · ' + d.discuss_name]); });
    choices.push(['private', 'private chat with ' + dir.self.nickname]);
    setOptions(placeSel, choices, preset.place);
    preset.place = '';
  }

  function fillUsers() {
    var parts = placeSel.value.split(':');
    var id = Number(parts[1]);
    var choices = [];
    // Labels come from the server: one per person, e.g. "Alice (2001) · 管理员".
    var list = [];
    if (parts[0] === 'group') {
      var g = dir.groups.filter(function (x) { return x.group_id === id; })[0];
      list = g ? g.members : [];
    } else if (parts[0] === 'discuss') {
      var d = dir.discusses.filter(function (x) { return x.discuss_id === id; })[0];
      list = d ? d.members : [];
    } else {
      list = dir.people;
    }
    list.forEach(function (p) { choices.push([String(p.user_id), p.label]); });
    setOptions(userSel, choices, preset.user);
    preset.user = '';
  }

  function currentPlace() {
    return placeSel.value === 'private' ? 'private:' + userSel.value : placeSel.value;
  }

  function filter(el) {
    var place = el.getAttribute('data-place');
    el.hidden = only.checked && place !== '' && place !== currentPlace();
  }

  function filterAll() {
    Array.prototype.forEach.call(transcript.querySelectorAll('.item'), filter);
  }

  function loadDirectory() {
    return api('/chat/directory').then(function (data) {
      dir = data;
      $('self').textContent = 'bot: ' + data.self.nickname + ' (' + data.self.user_id + ')';
      fillPlaces();
      fillUsers();
      filterAll();
    }, function (err) { say('cannot read the world: ' + err.message, true); });
  }

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(loadDirectory, 200);
  }

  function addEntry(entry) {
    var item = entry.item;
    if (item.seq <= lastSeq) return;
    lastSeq = item.seq;
    var empty = $('empty');
    if (empty) empty.remove();
    var atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 60;
    transcript.insertAdjacentHTML('beforeend', entry.html);
    var el = transcript.lastElementChild;
    var time = el && el.querySelector('time');
    if (time) {
      var when = new Date(Number(time.getAttribute('data-ms')));
      time.textContent = when.toLocaleTimeString();
      time.setAttribute('datetime', when.toISOString());
    }
    if (item.kind === 'action' || item.kind === 'notice') {
      if (typeof item.recalls === 'number') {
        var target = transcript.querySelector('[data-msg="' + item.recalls + '"]');
        if (target) target.classList.add('recalled');
      }
      refreshSoon();
    }
    if (el) filter(el);
    if (atBottom) transcript.scrollTop = transcript.scrollHeight;
  }

  function connect() {
    var es = new EventSource('/_sandbox/chat/events' + (token ? '?access_token=' + encodeURIComponent(token) : ''));
    es.addEventListener('ready', function (ev) {
      conn.textContent = 'live';
      conn.className = 'conn live';
      var ready = JSON.parse(ev.data);
      if (epoch && ready.epoch !== epoch) {
        // A new sandbox: its numbering starts again, and so does the chat.
        var line = document.createElement('p');
        line.className = 'restart';
        line.textContent = 'the sandbox restarted';
        transcript.appendChild(line);
        lastSeq = 0;
        loadDirectory();
      }
      epoch = ready.epoch;
    });
    es.addEventListener('item', function (ev) {
      try { addEntry(JSON.parse(ev.data)); } catch (e) { say('unreadable update: ' + e.message, true); }
    });
    es.onerror = function () {
      var closed = es.readyState === EventSource.CLOSED;
      conn.textContent = closed ? 'disconnected' : 'reconnecting…';
      conn.className = 'conn down';
      if (closed) say('the live transcript stopped (sandbox stopped, or a wrong access_token); reload to retry', true);
    };
  }

  function target(body) {
    var parts = placeSel.value.split(':');
    if (parts[0] === 'group') body.group = Number(parts[1]);
    if (parts[0] === 'discuss') body.discuss = Number(parts[1]);
    return body;
  }

  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = input.value;
    if (!text.trim() || !userSel.value) return;
    api('/say', target({ user: Number(userSel.value), message: text })).then(function (data) {
      input.value = '';
      say('sent as #' + data.message_id, false);
    }, function (err) { say(err.message, true); });
    input.focus();
  });

  pokeBtn.addEventListener('click', function () {
    if (!userSel.value) return;
    var body = { type: 'poke', user: Number(userSel.value) };
    if (placeSel.value.indexOf('group:') === 0) body.group = Number(placeSel.value.split(':')[1]);
    api('/notice', body).then(function () { say('poked the bot', false); }, function (err) { say(err.message, true); });
  });

  // A new chat or filter shows its latest messages.
  function refilter() {
    filterAll();
    transcript.scrollTop = transcript.scrollHeight;
  }
  placeSel.addEventListener('change', function () { fillUsers(); refilter(); });
  userSel.addEventListener('change', refilter);
  only.addEventListener('change', refilter);

  loadDirectory().then(connect);
  input.focus();
})();
`;

/** The CSP hash of the inline script: only this script may run on the page. */
export function chatScriptHash(): string {
  return `sha256-${createHash('sha256').update(chatScript, 'utf8').digest('base64')}`;
}

export function chatPage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cqkit sandbox chat</title>
<link rel="icon" href="data:,">
<style>${chatStyle}</style>
</head>
<body>
<header><h1>cqkit sandbox chat</h1><span class="self" id="self"></span><span class="conn" id="conn">connecting…</span></header>
<main>
<aside>
<label>Chat <select id="place" aria-label="chat"></select></label>
<label>Speak as <select id="user" aria-label="speak as"></select></label>
<label class="check"><input type="checkbox" id="only"> only this chat</label>
<button type="button" class="secondary" id="poke">Poke the bot</button>
<p class="hint">Messages go to the bot as the chosen user. CQ codes such as [CQ:face,id=14] or [CQ:at,qq=10001] work.</p>
</aside>
<section class="chat">
<div id="transcript" role="log" aria-live="polite"><p class="empty" id="empty">Nothing yet: say something to the bot.</p></div>
<form id="composer" autocomplete="off">
<input type="text" id="text" name="text" placeholder="Type a message and press Enter" aria-label="message">
<button type="submit">Send</button>
</form>
<div id="status" role="status"></div>
</section>
</main>
<script>${chatScript}</script>
</body>
</html>
`;
}
