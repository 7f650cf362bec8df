#!/usr/bin/python3
"""The chat page in a real headless Chromium (make test-web, part of make test).

usage: browser_test.py BIN_DIR [ARTIFACT_DIR]

Starts chatd from BIN_DIR with a plain and a web listener, then two browser
users (one at a phone's width) and one `nc`-style TCP user chat: the alias
refusal shown, broadcast, direct messages both ways, the online list, a
notice from chatctl, markup shown as text, the page reconnecting and logging
back in after chatd restarts, and a kick. Screenshots go to ARTIFACT_DIR
(default .build/web-tests). Prints PASS or FAIL lines; exits 1 if any failed.
Waits only keep a broken page from hanging the run; nothing is timed.
"""
import os
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

PATIENCE = 15
failures = 0


def report(ok, text):
    global failures
    print(("PASS " if ok else "FAIL ") + text, flush=True)
    if not ok:
        failures += 1


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Chatd:
    def __init__(self, bin_dir, work):
        self.bin_dir, self.work = bin_dir, work
        self.port, self.web_port = free_port(), free_port()
        self.admin = os.path.join(work, "admin.sock")
        self.process = None

    def start(self):
        log = open(os.path.join(self.work, "chatd.log"), "a")
        self.process = subprocess.Popen(
            [os.path.join(self.bin_dir, "chatd"), "--listen", f"127.0.0.1:{self.port}",
             "--listen-web", f"127.0.0.1:{self.web_port}", "--admin-socket", self.admin, "--log-target", "stderr"],
            stdout=log, stderr=log)
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.web_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("chatd did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(PATIENCE)

    def chatctl(self, *arguments):
        return subprocess.run([os.path.join(self.bin_dir, "chatctl"), "--socket", self.admin, *arguments],
                              capture_output=True, text=True, timeout=PATIENCE)


class TerminalUser:
    """Speaks the protocol over TCP, as nc would."""

    def __init__(self, port, alias):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=PATIENCE)
        self.buffer = b""
        self.expect("NICK")
        self.send(alias)
        self.expect("WELCOME")

    def send(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def expect(self, prefix):
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if line.decode().startswith(prefix):
                    return line.decode()
            self.buffer += self.sock.recv(65536)
        return None


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait(driver, condition):
    try:
        return WebDriverWait(driver, PATIENCE, poll_frequency=0.05).until(lambda _: condition())
    except TimeoutException:
        return False


def log_text(driver):
    return driver.find_element(By.ID, "log").text


def type_line(driver, text):
    field = driver.find_element(By.ID, "line")
    field.send_keys(text)
    field.send_keys(Keys.ENTER)


def join(driver, url, alias):
    driver.get(url)
    field = driver.find_element(By.ID, "alias")
    wait(driver, lambda: field.is_displayed())
    field.clear()
    field.send_keys(alias)
    field.send_keys(Keys.ENTER)


def main():
    bin_dir = sys.argv[1]
    artifacts = sys.argv[2] if len(sys.argv) > 2 else ".build/web-tests"
    os.makedirs(artifacts, exist_ok=True)
    work = tempfile.mkdtemp(prefix="chatd-web-")
    chatd = Chatd(bin_dir, work)
    chatd.start()
    url = f"http://127.0.0.1:{chatd.web_port}/"
    alice, bob = browser(1100, 800), browser(390, 844)
    try:
        join(alice, url, "root")
        refused = wait(alice, lambda: alice.find_element(By.ID, "refusal").text)
        report(bool(refused) and "reserved" in refused, f"the alias refusal is shown on the page: '{refused}'")
        alice.save_screenshot(os.path.join(artifacts, "1-refusal.png"))
        join(alice, url, "alice")
        joined = wait(alice, lambda: "you are alice" in alice.find_element(By.ID, "status").text)
        join(bob, url, "bob")
        wait(bob, lambda: "you are bob" in bob.find_element(By.ID, "status").text)
        carl = TerminalUser(chatd.port, "carl")
        swapped = not alice.find_element(By.ID, "login").is_displayed() and alice.find_element(By.ID, "line").is_displayed()
        report(bool(joined) and swapped, "alice and bob logged in from their browsers (the alias form gives way to the message line), carl over TCP")

        type_line(alice, "hello everyone")
        seen = wait(bob, lambda: "hello everyone" in log_text(bob))
        heard = carl.expect("MSG alice")
        own = alice.find_elements(By.CSS_SELECTOR, "#log .own")
        report(bool(seen) and heard == "MSG alice hello everyone" and len(own) == 1,
               f"a broadcast from alice reaches bob's page and carl ('{heard}'), and is highlighted as her own")

        type_line(bob, "/dm alice just for you")
        private = wait(alice, lambda: "just for you" in log_text(alice))
        carl.send("/dm bob hi from the terminal")
        reply = wait(bob, lambda: "hi from the terminal" in log_text(bob))
        type_line(bob, "/dm carl and back")
        back = carl.expect("DM bob")
        report(bool(private) and bool(reply) and back == "DM bob and back", f"direct messages browser to browser, terminal to browser, browser to terminal ('{back}')")

        carl.send("alice: look here")
        mention = wait(alice, lambda: alice.find_elements(By.CSS_SELECTOR, "#log .mention"))
        report(bool(mention), "a line naming alice is marked as a mention on her page")

        online = wait(alice, lambda: sorted(item.text for item in alice.find_elements(By.CSS_SELECTOR, "#users li")) == ["alice", "bob", "carl"])
        report(bool(online), "the online list shows alice, bob and carl")

        notice = chatd.chatctl("notice", "maintenance at noon")
        shown = wait(bob, lambda: "maintenance at noon" in log_text(bob))
        report(notice.returncode == 0 and bool(shown), "a notice from chatctl is shown on bob's page")

        markup = "<img src=x onerror=alert(1)>"
        carl.send(markup)
        as_text = wait(alice, lambda: markup in log_text(alice))
        images = alice.find_elements(By.CSS_SELECTOR, "#log img")
        report(bool(as_text) and not images, f"'{markup}' is shown as text, no element made of it ({len(images)} img)")
        alice.save_screenshot(os.path.join(artifacts, "2-chat.png"))
        bob.save_screenshot(os.path.join(artifacts, "3-phone.png"))

        chatd.stop()
        chatd.start()
        back_alice = wait(alice, lambda: "you are alice" in alice.find_element(By.ID, "status").text)
        back_bob = wait(bob, lambda: "you are bob" in bob.find_element(By.ID, "status").text)
        listed = chatd.chatctl("list", "--json").stdout
        report(bool(back_alice) and bool(back_bob) and '"web"' in listed,
               "after chatd restarted, both pages reconnected and logged back in as alice and bob (chatctl list: via web)")
        alice.save_screenshot(os.path.join(artifacts, "4-reconnected.png"))

        kick = chatd.chatctl("kick", "bob", "--reason", "enough")
        kicked = wait(bob, lambda: "enough" in log_text(bob))
        report(kick.returncode == 0 and bool(kicked), "a kick is shown on bob's page")
        bob.save_screenshot(os.path.join(artifacts, "5-kicked.png"))
    finally:
        alice.quit()
        bob.quit()
        chatd.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
