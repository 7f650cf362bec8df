#!/usr/bin/python3
"""The pause users notice across `systemctl restart chatd` (make bench-restart).

usage: restart_pause.py USERS...

For each number of users: logs them all in to the installed chatd.service,
waits until systemd has stored every connection (and says how much CPU time
PID 1 spent on it), then restarts chatd three times while 40 of them send numbered lines, in
turn, every 5 ms (each within the default flood limit), and one other user
receives them. Prints, per restart, how long `systemctl restart` took, the
longest gap between two lines arriving (the pause users notice), the time
from the restart command to the first line delivered after that gap, and
whether every line arrived exactly once; then the medians.
"""
import os
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

PORT = 55555
SENDERS = 40
INTERVAL = 0.005
RUNS = 3


def login(alias):
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=30)
    reader = sock.makefile("rb")
    line = reader.readline()
    if not line.startswith(b"NICK"):
        raise RuntimeError(f"{alias}: greeted with {line!r}")
    sock.sendall(alias.encode() + b"\n")
    line = reader.readline()
    if not line.startswith(b"WELCOME"):
        raise RuntimeError(f"{alias}: answered {line!r}")
    sock.setblocking(False)
    return sock


def receive(sock, arrivals, stop):
    """Records (arrival time, probe number) for each probe line."""
    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    buffer = b""
    while not stop.is_set():
        for _ in selector.select(0.05):
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                continue
            now = time.monotonic()
            buffer += data
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                parts = line.split()
                if len(parts) == 4 and parts[0] == b"MSG" and parts[2] == b"probe":
                    arrivals.append((now, int(parts[3])))


def one_restart(senders, receiver):
    arrivals, stop, sent = [], threading.Event(), [0]
    listener = threading.Thread(target=receive, args=(receiver, arrivals, stop))
    listener.start()

    def send():
        number = 0
        next_at = time.monotonic()
        while not stop.is_set():
            sock = senders[number % len(senders)]
            try:
                sock.sendall(f"probe {number}\n".encode())
            except BlockingIOError:
                pass
            number += 1
            sent[0] = number
            next_at += INTERVAL
            time.sleep(max(0, next_at - time.monotonic()))

    sender = threading.Thread(target=send)
    sender.start()
    time.sleep(1.0)
    started = time.monotonic()
    subprocess.run(["systemctl", "restart", "chatd.service"], check=True)
    restarted = time.monotonic()
    time.sleep(2.0)
    stop.set()
    sender.join()
    time.sleep(0.5)
    listener.join()
    after = [entry for entry in arrivals if entry[0] >= started - 0.5]
    gaps = [(later[0] - earlier[0], later[0]) for earlier, later in zip(after, after[1:])]
    pause, resumed = max(gaps) if gaps else (float("nan"), float("nan"))
    numbers = [number for _, number in arrivals]
    # Lines sent in the last 0.5 s may still be on their way; count up to the last one seen.
    expected = set(range(min(numbers), max(numbers) + 1)) if numbers else set()
    intact = len(numbers) == len(set(numbers)) and set(numbers) == expected
    return restarted - started, pause, resumed - started, intact


def pid1_cpu_seconds():
    fields = open("/proc/1/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_pid1():
    """Until systemd has stored every connection: its CPU time stops growing."""
    last = pid1_cpu_seconds()
    while True:
        time.sleep(1.0)
        now = pid1_cpu_seconds()
        if now - last < 0.02:
            return
        last = now


def drain(sockets):
    """Reads what the logins left waiting (JOIN lines) so no buffer stays full."""
    for sock in sockets:
        try:
            while sock.recv(65536):
                pass
        except (BlockingIOError, ConnectionError):
            pass


def main():
    counts = [int(argument) for argument in sys.argv[1:]] or [1000]
    subprocess.run(["systemctl", "start", "chatd.service"], check=True)
    print(f"restart pause, chatd {os.uname().release} kernel, {os.cpu_count()} CPUs, median of {RUNS} restarts", flush=True)
    for count in counts:
        subprocess.run(["systemctl", "restart", "chatd.service"], check=True)
        began, pid1_before = time.monotonic(), pid1_cpu_seconds()
        users = [login(f"user{index}") for index in range(count)]
        logins = time.monotonic() - began
        wait_for_pid1()
        stored = time.monotonic() - began
        pid1 = pid1_cpu_seconds() - pid1_before
        drain(users)
        receiver, senders = users[0], users[1:1 + SENDERS]
        results = []
        for run in range(RUNS):
            drain(users)
            command, pause, first, intact = one_restart(senders, receiver)
            results.append((command, pause, first))
            print(
                f"  {count} users, restart {run + 1}: systemctl restart {command * 1000:.0f} ms, "
                f"longest gap {pause * 1000:.0f} ms, restart to first line after it {first * 1000:.0f} ms, "
                f"every line once: {intact}",
                flush=True,
            )
        listed = subprocess.run(["chatctl", "stats"], capture_output=True, text=True).stdout
        online = next((line.strip() for line in listed.splitlines() if "online" in line.lower()), "?")
        medians = [statistics.median(values) * 1000 for values in zip(*results)]
        print(
            f"{count} users (logged in in {logins:.1f} s, all stored by systemd after {stored:.1f} s, "
            f"PID 1 CPU {pid1:.1f} s; after the restarts chatctl stats says '{online}'): "
            f"median systemctl restart {medians[0]:.0f} ms, longest gap {medians[1]:.0f} ms, "
            f"restart to first line after it {medians[2]:.0f} ms",
            flush=True,
        )
        for sock in users:
            sock.close()
        time.sleep(1.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
