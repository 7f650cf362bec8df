#!/usr/bin/env python3
"""Soak test: a real chatd under every kind of abuse at once, for a while.

Connect and quit storms, resets, half-closes, slow readers, floods and admin
churn run together while two probe users time a direct message between them.
Every 10 seconds it prints chatd's open fds, RSS and peak RSS. It fails unless
chatd is alive at the end, its fds return to their baseline once the abuse
stops, its peak RSS stays within --rss-bound-mib of the baseline, and the
probes never lost a message. Python's standard library only.
"""
import argparse
import json
import queue
import os
import random
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

stop = threading.Event()
counts = {"storm": 0, "reset": 0, "halfclose": 0, "slow": 0, "flood": 0, "admin": 0}
problems = []


def line_reader(sock):
    buffer = b""
    while True:
        while b"\n" not in buffer:
            chunk = sock.recv(65536)
            if not chunk:
                return
            buffer += chunk
        line, buffer = buffer.split(b"\n", 1)
        yield line.decode("utf-8", "replace")


def login(port, alias, timeout=10):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    lines = line_reader(sock)
    if not next(lines, "").startswith("NICK"):
        raise RuntimeError("no NICK")
    sock.sendall(alias.encode() + b"\n")
    for line in lines:
        if line.startswith("WELCOME"):
            return sock, lines
        if line.startswith("ERR"):
            raise RuntimeError(line)
    raise RuntimeError("closed during login")


def worker(name, body):
    def run():
        index = 0
        while not stop.is_set():
            try:
                body(index)
                counts[name] += 1
            except (OSError, RuntimeError, StopIteration):
                time.sleep(0.01)
            index += 1
    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--chatd", required=True)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rss-bound-mib", type=float, default=64)
    options = parser.parse_args()

    work = tempfile.mkdtemp(prefix="chatd-soak-")
    admin_path = os.path.join(work, "admin.sock")
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    chatd = subprocess.Popen(
        [options.chatd, "--listen", f"127.0.0.1:{port}", "--admin-socket", admin_path,
         "--log-level", "info", "--send-queue-bytes", "262144", "--rate-limit", "50", "--rate-burst", "50"],
        stderr=open(os.path.join(work, "chatd.log"), "w"))
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)

    def fds():
        return len(os.listdir(f"/proc/{chatd.pid}/fd"))

    def memory():
        fields = {}
        with open(f"/proc/{chatd.pid}/status") as status:
            for row in status:
                key, _, value = row.partition(":")
                fields[key] = value.strip()
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])

    time.sleep(0.5)
    base_fds, (base_rss, _) = fds(), memory()
    print(f"soak: chatd pid {chatd.pid} on port {port}, {options.seconds:.0f} s; baseline {base_fds} fds, RSS {base_rss} KiB")

    sender, sender_lines = login(port, "probeA")
    receiver, receiver_lines = login(port, "probeB")

    # Both probes read everything they get at once, as healthy clients do, so
    # that only the abusers are ever over their send queue; probeB hands on
    # the probe DMs it sees.
    arrived = queue.Queue()

    def drain(lines, found):
        try:
            for line in lines:
                if line.startswith("DM probeA probe "):
                    found.put(int(line.rsplit(" ", 1)[1]))
        except (OSError, ValueError):
            pass
    threading.Thread(target=drain, args=(sender_lines, queue.Queue()), name="drainA", daemon=True).start()
    threading.Thread(target=drain, args=(receiver_lines, arrived), name="drainB", daemon=True).start()
    round_trips, lost = [], 0
    flooder_text = "x" * 3000

    def storm(i):
        sock, _ = login(port, f"storm{i}")
        sock.sendall(f"/quit soak {i}\n".encode())
        sock.close()

    def reset(i):
        sock, _ = login(port, f"reset{i}")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()

    def halfclose(i):
        sock, lines = login(port, f"half{i}")
        sock.sendall(b"last words\n")
        sock.shutdown(socket.SHUT_WR)
        for _ in lines:
            pass
        sock.close()

    slow_readers = []

    def slow(i):
        sock, _ = login(port, f"slow{i}")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow_readers.append(sock)
        while len(slow_readers) > 20:
            slow_readers.pop(0).close()
        time.sleep(0.2)

    def flood(i):
        # Sends as fast as TCP lets it and never reads: chatd slows it down,
        # then cuts it when its own broadcasts overflow its send queue.
        sock, _ = login(port, f"flood{i}")
        sock.settimeout(2)
        end = time.time() + 2
        try:
            while time.time() < end and not stop.is_set():
                sock.sendall((flooder_text + "\n").encode())
        except OSError:
            pass
        sock.close()

    def admin(i):
        sock = socket.socket(socket.AF_UNIX)
        sock.settimeout(5)
        sock.connect(admin_path)
        sock.sendall(b'{"version":1,"command":"stats"}\n')
        sock.recv(65536)
        sock.close()

    threads = [worker(name, body) for name, body in
               [("storm", storm), ("reset", reset), ("halfclose", halfclose), ("slow", slow), ("flood", flood), ("admin", admin)]]

    start = time.time()
    next_report = start
    peak = base_rss
    sequence = 0
    receiver.settimeout(None)
    sender.settimeout(None)
    while time.time() - start < options.seconds:
        sequence += 1
        sent_at = time.monotonic()
        delivered = False
        try:
            sender.sendall(f"/dm probeB probe {sequence}\n".encode())
            while not delivered:
                delivered = arrived.get(timeout=max(0.01, 10 - (time.monotonic() - sent_at))) == sequence
            round_trips.append((time.monotonic() - sent_at) * 1000)
        except (OSError, queue.Empty):
            pass
        if not delivered:
            lost += 1
            problems.append(f"probe {sequence} not delivered within 10 s")
            if len(problems) > 3:
                break
        rss, hwm = memory()
        peak = max(peak, hwm)
        if time.time() >= next_report:
            print(f"  t={time.time() - start:5.0f}s fds={fds():5d} rss={rss:7d} KiB peak={hwm:7d} KiB "
                  f"probe p50={statistics.median(round_trips or [0]):.2f} ms  " +
                  " ".join(f"{k}={v}" for k, v in counts.items()))
            next_report += 10
        time.sleep(0.1)

    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    # After the joins: a slow reader may have been added while stopping.
    for sock in slow_readers:
        sock.close()
    settle = time.time() + 15
    while time.time() < settle and fds() > base_fds + 2:
        time.sleep(0.2)
    end_fds, (end_rss, end_hwm) = fds(), memory()
    round_trips.sort()
    p99 = round_trips[int(len(round_trips) * 0.99) - 1] if round_trips else float("nan")
    print(f"soak: {len(round_trips)} probe round trips, p50 {statistics.median(round_trips or [0]):.2f} ms, "
          f"p99 {p99:.2f} ms, max {max(round_trips or [0]):.2f} ms, lost {lost}")
    print(f"soak: fds {base_fds} -> {end_fds}; RSS {base_rss} -> {end_rss} KiB, peak {end_hwm} KiB "
          f"(bound: baseline + {options.rss_bound_mib:.0f} MiB)")
    failures = []
    if chatd.poll() is not None:
        failures.append(f"chatd exited with status {chatd.returncode}")
    if end_fds > base_fds + 2:
        failures.append(f"fds did not return to their baseline ({base_fds} -> {end_fds})")
    if end_hwm - base_rss > options.rss_bound_mib * 1024:
        failures.append(f"peak RSS {end_hwm} KiB is over the bound")
    if lost:
        failures.append(f"{lost} probe messages lost")
    if any(v == 0 for v in counts.values()):
        failures.append(f"some abuse never ran: {json.dumps(counts)}")
    chatd.send_signal(signal.SIGTERM)
    chatd.wait(timeout=30)
    if chatd.returncode != 0:
        failures.append(f"chatd exited {chatd.returncode} on SIGTERM")
    for failure in failures:
        print(f"soak: FAIL: {failure}")
    if lost:
        with open(os.path.join(work, "chatd.log")) as log:
            for row in log:
                if "probe" in row and "joined" not in row:
                    print(f"soak: chatd said: {row.rstrip()}")
    print("soak: passed" if not failures else "soak: failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
