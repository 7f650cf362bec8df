#!/usr/bin/python3
"""chatd keeps its users across a restart (checks.sh runs this inside the
test container, as root, against the installed chatd.service).

usage: restart_checks.py restart|crash|stop-start
       restart_checks.py inheritance CHATD

restart     200 logged-in users (some mid-line, some not reading, the rest
            idle) through `systemctl restart chatd`.
crash       the same through `kill -9` of chatd and Restart=on-failure.
stop-start  `systemctl stop` then `start` ends every connection.
inheritance chatd started by hand the way systemd restarts it (LISTEN_FDS):
            kept connections with good, corrupt and foreign names, and a
            hand-over with a half-read line.

Prints PASS or FAIL lines, as checks.sh does; exits 1 if any check failed.
Nothing is timed: waits only keep a broken chatd from hanging the run.
"""
import json
import os
import select
import socket
import struct
import subprocess
import sys
import time

PORT = 55555
PATIENCE = 15
USERS = 200
failures = 0


def report(ok, text):
    global failures
    print(("PASS " if ok else "FAIL ") + text, flush=True)
    if not ok:
        failures += 1


class Client:
    def __init__(self, sock):
        self.sock = sock
        self.buffer = b""
        self.lines = []
        self.closed = False

    @classmethod
    def connect(cls, port=PORT):
        return cls(socket.create_connection(("127.0.0.1", port), timeout=PATIENCE))

    def send(self, text):
        self.sock.sendall(text.encode())

    def pump(self, timeout=0.0):
        """Reads what is there; False once the peer has closed."""
        if self.closed:
            return False
        readable, _, _ = select.select([self.sock], [], [], timeout)
        if not readable:
            return True
        try:
            data = self.sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            data = b""
        if not data:
            self.closed = True
            return False
        self.buffer += data
        *complete, self.buffer = self.buffer.split(b"\n")
        self.lines += [line.decode(errors="replace") for line in complete]
        return True

    def wait_for(self, predicate, patience=PATIENCE):
        """The first unread line matching predicate; the lines before it stay in self.lines."""
        deadline = time.monotonic() + patience
        while True:
            for index, line in enumerate(self.lines):
                if predicate(line):
                    del self.lines[index]
                    return line
            if time.monotonic() > deadline or not self.pump(0.2) and not any(map(predicate, self.lines)):
                return None

    def wait_closed(self, patience=PATIENCE):
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if not self.pump(0.2):
                return True
        return False

    def close(self):
        self.sock.close()
        self.closed = True


def login(alias):
    client = Client.connect()
    if client.wait_for(lambda line: line.startswith("NICK")) is None:
        raise RuntimeError(f"{alias}: no NICK")
    client.send(alias + "\n")
    welcome = client.wait_for(lambda line: line.startswith("WELCOME") or line.startswith("ERR"))
    if not welcome or not welcome.startswith("WELCOME"):
        raise RuntimeError(f"{alias}: {welcome}")
    return client


def settle(clients, quiet=0.5):
    """Reads until nobody has received anything for `quiet` seconds."""
    socks = {client.sock: client for client in clients if not client.closed}
    while socks:
        readable, _, _ = select.select(list(socks), [], [], quiet)
        if not readable:
            return
        for sock in readable:
            if not socks[sock].pump():
                del socks[sock]


def users_line(client):
    client.send("/users\n")
    return client.wait_for(lambda line: line.startswith("USERS"))


def chatctl_list():
    out = subprocess.run(["chatctl", "list", "--json"], capture_output=True, text=True, check=True).stdout
    return {user["alias"]: user["connectedAt"] for user in json.loads(out)["users"]}


def main_pid():
    out = subprocess.run(["systemctl", "show", "-p", "MainPID", "--value", "chatd.service"], capture_output=True, text=True)
    return out.stdout.strip()


def wait_until(predicate, patience=PATIENCE):
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def served_again(before):
    pid = main_pid()
    if pid in ("0", "", before):
        return False
    state = subprocess.run(["systemctl", "is-active", "chatd.service"], capture_output=True, text=True).stdout.strip()
    return state == "active"


def keep_users(how):
    label = {"restart": "systemctl restart chatd", "crash": "kill -9 of chatd"}[how]
    subprocess.run(["systemctl", "start", "chatd.service"], check=True)
    aliases = [f"u{index:03}" for index in range(USERS)]
    clients = []
    for alias in aliases:
        clients.append(login(alias))
        settle(clients, quiet=0)
    settle(clients)
    observer = clients[0]
    users_before = users_line(observer)
    listed_before = chatctl_list()
    for client in clients:
        client.lines.clear()

    # Unread output: ten users stop reading while the others talk.
    readers, sleepers = clients[:190], clients[190:]
    for number in range(5):
        observer.send(f"before the {label} {number}\n")
    settle(readers)
    # Half a line, read by chatd before it goes down.
    half_senders = clients[1:11]
    for number, client in enumerate(half_senders):
        client.send(f"half of line {number} ")
    time.sleep(0.5)
    for client in readers:
        client.lines.clear()

    before = main_pid()
    if how == "restart":
        subprocess.run(["systemctl", "restart", "--no-block", "chatd.service"], check=True)
    else:
        os.kill(int(before), 9)
    # While chatd is down (or going): a line sent, a user who leaves, a newcomer waiting in the backlog.
    clients[11].send("sent during the restart\n")
    leaver = clients[12]
    leaver.close()
    newcomer = Client.connect()
    if not wait_until(lambda: served_again(before)):
        report(False, f"{label}: chatd.service did not come back (MainPID {before} -> {main_pid()})")
        return
    for number, client in enumerate(half_senders):
        client.send(f"completed {number}\n")

    stayed = [client for client in clients if client is not leaver]
    settle(stayed, quiet=1.0)
    newcomer_greeting = newcomer.wait_for(lambda line: line.startswith("NICK"))

    notices = [sum(1 for line in client.lines if line.startswith("NOTICE") and "restarted" in line) for client in stayed]
    closed = [client for client in stayed if client.closed]
    report(
        not closed and all(count == 1 for count in notices),
        f"{label}: {len(stayed) - len(closed)} of {len(stayed)} users still connected, "
        f"{sum(1 for count in notices if count == 1)} got exactly one restart NOTICE",
    )
    presence = [line for client in stayed for line in client.lines if line.startswith(("JOIN", "LEAVE"))]
    leaves = [line for line in presence if line.startswith("LEAVE u012")]
    others = [line for line in presence if not line.startswith("LEAVE u012")]
    report(
        not others and len(leaves) == len(stayed),
        f"{label}: no JOIN or LEAVE but the one for u012, who hung up while chatd was down "
        f"({len(leaves)} of {len(stayed)} got its LEAVE; other presence lines: {others[:3]})",
    )
    received = [line for line in observer.lines if line.startswith("MSG")]
    # A graceful restart carries what chatd had read of a line; a crash loses
    # it (docs/restart.md), but the rest of the line still arrives, once.
    for number in range(10):
        head = f"half of line {number} " if how == "restart" else ""
        expected = f"MSG u{number + 1:03} {head}completed {number}"
        count = received.count(expected)
        if count != 1:
            report(False, f"{label}: '{expected}' arrived {count} times at u000 (MSG lines: {received[:12]})")
            break
    else:
        outcome = "completed after it" if how == "restart" else "lost what chatd had read but their ends arrived"
        report(True, f"{label}: ten lines half-sent before it {outcome}, each delivered once")
    during = received.count("MSG u011 sent during the restart")
    report(during == 1, f"{label}: a line sent while chatd was down arrived {during} time(s) at u000")
    unread = [sum(1 for line in client.lines if line.startswith(f"MSG u000 before the {label}")) for client in sleepers]
    report(all(count == 5 for count in unread), f"{label}: users who were not reading still got their 5 lines: {unread}")
    report(newcomer_greeting is not None, f"{label}: a connection made while chatd was down was greeted with '{newcomer_greeting}'")
    users_after = users_line(observer)
    expected_users = users_before.replace(" u012", "") if users_before else None
    report(
        users_after == expected_users and users_after is not None,
        f"{label}: /users is unchanged but for u012 ({len(users_after.split()) - 1 if users_after else 0} users, in join order)",
    )
    listed_after = chatctl_list()
    expected_list = {alias: at for alias, at in listed_before.items() if alias != "u012"}
    report(listed_after == expected_list, f"{label}: chatctl list shows the same {len(listed_after)} users with their original connect times")
    # systemd's copy of a restored connection goes when chatd ends it: the peer sees the end.
    quitter, kicked = clients[20], clients[21]
    quitter.send("/quit\n")
    subprocess.run(["chatctl", "kick", "u021"], capture_output=True)
    ends = [
        client.wait_for(lambda line: line.startswith(word)) is not None and client.wait_closed()
        for client, word in ((quitter, "BYE"), (kicked, "KICKED"))
    ]
    report(all(ends), f"{label}: a restored user who quits, and one kicked, see their connection end: {ends}")
    for client in stayed + [newcomer]:
        client.close()


def stop_start():
    subprocess.run(["systemctl", "start", "chatd.service"], check=True)
    clients = [login(f"s{index}") for index in range(5)]
    settle(clients)
    subprocess.run(["systemctl", "stop", "chatd.service"], check=True)
    ended = [client.wait_closed() for client in clients]
    goodbyes = [any(line.startswith("NOTICE") and "shutting down" in line for line in client.lines) for client in clients]
    subprocess.run(["systemctl", "start", "chatd.service"], check=True)
    fresh = Client.connect()
    greeting = fresh.wait_for(lambda line: line.startswith("NICK"))
    report(
        all(ended) and all(goodbyes) and greeting is not None,
        f"systemctl stop, then start: {sum(ended)} of 5 connections ended, {sum(goodbyes)} with the shutdown NOTICE; "
        f"a new connection is greeted with '{greeting}'",
    )
    fresh.close()


def record(version, phase, ident, connected_at, join_sequence=0, alias=b"", corrupt=False):
    """One slot of the state file (docs/restart.md)."""
    body = struct.pack("<BBBBIQqQ32s16s", version, phase, len(alias), 0, 0, ident, connected_at, join_sequence, alias, b"")
    checksum = 0x811C9DC5
    for index, byte in enumerate(body):
        if not 4 <= index < 8:
            checksum = ((checksum ^ byte) * 0x01000193) & 0xFFFFFFFF
    if corrupt:
        checksum ^= 1
    return body[:4] + struct.pack("<I", checksum) + body[8:]


def inheritance(chatd):
    """Hands chatd kept connections as systemd would after a restart, some of them bad."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    # who: (FDNAME, record in its slot)
    cases = {
        "alice": ("k0.5", record(1, 2, 5, 1700000000, 3, b"alice")),
        "bob": ("k1.7", record(1, 2, 7, 1700000100, 1, b"bob")),
        "choosing": ("k2.9", record(1, 1, 9, 1700000200)),
        "corrupt": ("k3.b", record(1, 2, 11, 1700000300, 4, b"carl", corrupt=True)),
        "newer": ("k4.c", record(99, 2, 12, 1700000300, 5, b"dora")),
        "twin": ("k5.d", record(1, 2, 13, 1700000300, 6, b"ALICE")),
        "stale": ("k6.z", record(1, 2, 14, 1700000300, 7, b"erin")),
        "unrecorded": ("k7.1", None),
        "foreign": ("someone-elses", None),
    }
    state = os.memfd_create("chat-state")
    os.write(state, b"chatd-state 1\n".ljust(64, b"\0"))
    for slot, (_, entry) in enumerate(cases.values()):
        os.pwrite(state, entry or bytes(80), 64 + slot * 80)
    kept, peers = [], {}
    for who, (name, _) in cases.items():
        peer = socket.create_connection(("127.0.0.1", port))
        server_side, _ = listener.accept()
        kept.append((server_side, name))
        peers[who] = Client(peer)
    handover = os.memfd_create("chat-handover")
    os.write(handover, b"chatd-handover 1\n5 0 10\nhalf-read ")
    chat_listener = socket.create_server(("127.0.0.1", 0))
    chat_port = chat_listener.getsockname()[1]
    passed = [(chat_listener.fileno(), "chat"), (state, "chat-state"), (handover, "chat-handover")]
    passed += [(sock.fileno(), name) for sock, name in kept]
    pid = os.fork()
    if pid == 0:
        for index, (descriptor, _) in enumerate(passed):
            os.dup2(descriptor, 100 + index, inheritable=True)
        for index in range(len(passed)):
            os.dup2(100 + index, 3 + index, inheritable=True)
        os.closerange(3 + len(passed), 4096)
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        env = dict(os.environ, LISTEN_PID=str(os.getpid()), LISTEN_FDS=str(len(passed)),
                   LISTEN_FDNAMES=":".join(name for _, name in passed))
        os.execve(chatd, [chatd, "--admin-socket", "/run/chatd-inheritance.sock", "--log-target", "stderr"], env)
    for sock, _ in kept:
        sock.close()
    os.close(handover)
    os.close(state)
    chat_listener.close()
    try:
        restored = {who: peers[who].wait_for(lambda line: line.startswith("NOTICE")) for who in ("alice", "bob", "choosing")}
        report(
            all(line and "still connected" in line for line in restored.values()),
            f"inheritance: connections with a good record are back: {restored}",
        )
        rejected = {}
        for who in ("corrupt", "newer", "twin", "stale", "unrecorded", "foreign"):
            notice = peers[who].wait_for(lambda line: line.startswith("NOTICE"))
            rejected[who] = "closed with a NOTICE" if notice and "reconnect" in notice and peers[who].wait_closed() else notice
        report(
            all(outcome == "closed with a NOTICE" for outcome in rejected.values()),
            f"inheritance: corrupt, newer, duplicate, stale, unrecorded and foreign ones: {rejected}",
        )
        peers["alice"].send("line\n")
        carried = peers["bob"].wait_for(lambda line: line.startswith("MSG"))
        report(carried == "MSG alice half-read line", f"inheritance: the half-read line carried over completes as '{carried}'")
        users = users_line(peers["bob"])
        report(users == "USERS bob alice", f"inheritance: join order kept from the records: '{users}'")
        peers["choosing"].send("carol\n")
        welcome = peers["choosing"].wait_for(lambda line: line.startswith("WELCOME"))
        fresh = Client.connect(chat_port)
        greeting = fresh.wait_for(lambda line: line.startswith("NICK"))
        report(
            welcome is not None and welcome.startswith("WELCOME carol") and greeting is not None,
            f"inheritance: a kept connection still choosing an alias logs in ('{welcome}'); a new one is greeted",
        )
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode in ("restart", "crash"):
        keep_users(mode)
    elif mode == "stop-start":
        stop_start()
    elif mode == "inheritance" and len(sys.argv) == 3:
        inheritance(sys.argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
