/// The browser client, served by chatd itself: one page, its style and its
/// script, with no build step, no framework and nothing from another site.
/// Everything a server sends is inserted as text (`textContent`), never as
/// HTML. Kept in the binary, so that what is served always speaks the
/// protocol of the chatd serving it.
enum ChatPage {
    static let html = Array(
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>chatd</title>
        <link rel="stylesheet" href="/chat.css">
        <script src="/chat.js" defer></script>
        </head>
        <body>
        <header><h1>chatd</h1><span id="status" role="status">connecting…</span></header>
        <main>
        <section id="log" aria-live="polite" aria-label="messages"></section>
        <aside><h2 id="online">Online</h2><ul id="users" aria-label="who is online"></ul></aside>
        </main>
        <form id="login" autocomplete="off">
        <label for="alias">Alias</label>
        <input id="alias" maxlength="32" pattern="[A-Za-z0-9_.\\-]+" required autofocus>
        <button>Join</button>
        <p id="refusal" role="alert"></p>
        </form>
        <form id="compose" autocomplete="off" hidden>
        <input id="line" aria-label="message, or /help" placeholder="message, /dm alias text, /users, /help, /quit">
        <button>Send</button>
        </form>
        </body>
        </html>

        """.utf8)

    static let style = Array(
        """
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; font: 15px/1.4 system-ui, sans-serif; display: flex; flex-direction: column; height: 100vh; background: #fafafa; color: #222; }
        header { display: flex; align-items: baseline; gap: 1em; padding: .4em .8em; background: #234; color: #fff; }
        header h1 { font-size: 1.1em; margin: 0; }
        #status { font-size: .85em; opacity: .85; }
        main { flex: 1; display: flex; min-height: 0; }
        #log { flex: 1; overflow-y: auto; padding: .5em .8em; }
        aside { width: 12em; border-left: 1px solid #ddd; padding: .5em .8em; overflow-y: auto; }
        aside h2 { font-size: .9em; margin: 0 0 .3em; }
        #users { list-style: none; margin: 0; padding: 0; }
        .line { margin: .1em 0; word-wrap: break-word; white-space: pre-wrap; }
        .time { color: #888; font-size: .8em; margin-right: .5em; }
        .from { font-weight: 600; margin-right: .4em; }
        .own { background: #eef5ff; }
        .mention { background: #fff3c4; }
        .dm .from { color: #7a2e8a; }
        .notice { color: #8a5a00; }
        .error { color: #b00020; }
        .presence { color: #666; font-style: italic; }
        form { display: flex; gap: .5em; padding: .5em .8em; border-top: 1px solid #ddd; background: #fff; flex-wrap: wrap; align-items: center; }
        form input { flex: 1; min-width: 8em; padding: .4em; font: inherit; }
        #refusal { width: 100%; margin: 0; color: #b00020; }
        @media (max-width: 600px) { aside { display: none; } }

        """.utf8)

    static let script = Array(
        """
        "use strict";
        const log = document.getElementById("log");
        const usersList = document.getElementById("users");
        const onlineHeading = document.getElementById("online");
        const statusText = document.getElementById("status");
        const loginForm = document.getElementById("login");
        const aliasInput = document.getElementById("alias");
        const refusal = document.getElementById("refusal");
        const composeForm = document.getElementById("compose");
        const lineInput = document.getElementById("line");
        let socket = null, alias = null, wanted = null, online = [], history = [], recall = 0, backoff = 500, leaving = false;

        function word(line) { const space = line.indexOf(" "); return space < 0 ? [line, ""] : [line.slice(0, space), line.slice(space + 1)]; }
        function add(kind, from, text) {
          const row = document.createElement("div");
          row.className = "line " + kind;
          const time = document.createElement("span");
          time.className = "time";
          time.textContent = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          row.append(time);
          if (from) { const who = document.createElement("span"); who.className = "from"; who.textContent = from; row.append(who); }
          row.append(document.createTextNode(text));
          if (alias && from === alias) row.classList.add("own");
          else if (alias && new RegExp("(^|[^A-Za-z0-9_.-])" + alias.replace(/[.]/g, "\\\\.") + "($|[^A-Za-z0-9_.-])", "i").test(text)) row.classList.add("mention");
          const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
          log.append(row);
          if (atBottom) log.scrollTop = log.scrollHeight;
        }
        function showUsers() {
          onlineHeading.textContent = "Online (" + online.length + ")";
          usersList.replaceChildren(...online.map(name => { const item = document.createElement("li"); item.textContent = name; return item; }));
        }
        function send(text) { if (socket && socket.readyState === WebSocket.OPEN) socket.send(text); }

        function receive(line) {
          const [kind, rest] = word(line);
          switch (kind) {
          case "NICK":
            if (wanted) send(wanted); else { loginForm.hidden = false; composeForm.hidden = true; aliasInput.focus(); }
            break;
          case "WELCOME": {
            const [name] = word(rest);
            alias = name; wanted = name; backoff = 500;
            loginForm.hidden = true; composeForm.hidden = false; refusal.textContent = "";
            statusText.textContent = "you are " + name;
            lineInput.focus(); send("/users");
            break;
          }
          case "ERR":
            if (!alias) { refusal.textContent = rest; wanted = null; } else add("error", "", rest);
            break;
          case "USERS": online = rest ? rest.split(" ") : []; showUsers(); add("presence", "", "online: " + online.join(", ")); break;
          case "JOIN": if (!online.includes(rest)) online.push(rest); showUsers(); add("presence", "", rest + " joined"); break;
          case "LEAVE": { const [name, reason] = word(rest); online = online.filter(n => n !== name); showUsers(); add("presence", "", name + " left (" + reason + ")"); break; }
          case "MSG": { const [from, text] = word(rest); add("message", from, text); break; }
          case "DM": { const [from, text] = word(rest); add("dm", from + " → you", text); break; }
          case "HELP": add("notice", "", rest); break;
          case "NOTICE": add("notice", "notice", rest); break;
          case "KICKED": add("error", "kicked", rest); leaving = true; wanted = null; break;
          case "BYE": leaving = true; wanted = null; break;
          default: add("notice", "", line);
          }
        }

        function connect() {
          const scheme = location.protocol === "https:" ? "wss://" : "ws://";
          socket = new WebSocket(scheme + location.host + "/chat", "text.chatd");
          statusText.textContent = "connecting…";
          socket.onmessage = event => receive(String(event.data));
          socket.onclose = () => {
            alias = null; socket = null;
            if (leaving) { statusText.textContent = "disconnected: reload the page to join again"; composeForm.hidden = true; return; }
            statusText.textContent = "connection lost, reconnecting in " + Math.round(backoff / 1000) + " s…";
            setTimeout(connect, backoff);
            backoff = Math.min(backoff * 2, 30000);
          };
        }

        loginForm.addEventListener("submit", event => { event.preventDefault(); wanted = aliasInput.value.trim(); refusal.textContent = ""; send(wanted); });
        composeForm.addEventListener("submit", event => {
          event.preventDefault();
          const text = lineInput.value;
          if (!text) return;
          history.push(text); recall = history.length; lineInput.value = "";
          const [command, rest] = word(text);
          if (command.toLowerCase() === "/dm") { const [to, body] = word(rest.trimStart()); if (to && body) add("dm own", "you → " + to, body); }
          if (command.toLowerCase() === "/quit") leaving = true;
          send(text);
        });
        lineInput.addEventListener("keydown", event => {
          if (event.key === "ArrowUp" && recall > 0) { recall -= 1; lineInput.value = history[recall]; event.preventDefault(); }
          else if (event.key === "ArrowDown" && recall < history.length) { recall += 1; lineInput.value = history[recall] || ""; event.preventDefault(); }
          else if (event.key === "Tab") {
            const words = lineInput.value.split(" "), last = words.pop();
            const match = online.find(name => last && name.toLowerCase().startsWith(last.toLowerCase()));
            if (match) { words.push(match); lineInput.value = words.join(" ") + " "; }
            event.preventDefault();
          }
        });
        connect();

        """.utf8)
}
