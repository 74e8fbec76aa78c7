#!/usr/bin/env python3
"""The admin console in a real browser: headless Chromium (Debian's) driven by Playwright, against a quotegen
server this script starts on a fresh database.

    scripts/console-test.py [--bin PATH] [--screenshots DIR]

--bin defaults to $QUOTEGEN_BIN, else .build/release/quotegen; --screenshots to .console-screenshots/ (ignored
by git). Needs `pip install playwright` and `apt-get install chromium`: Playwright cannot download a browser here,
so it is pointed at /usr/bin/chromium ($CHROMIUM to change). Loopback only; port $CONSOLE_TEST_PORT (15990).
Exits non-zero, naming the step, on the first failure.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
XSS = "<img src=x onerror=alert(1)><script>alert(2)</script>"


class Server:
    def __init__(self, binary, work, port):
        self.binary, self.work, self.base = binary, work, f"http://127.0.0.1:{port}"
        self.db = str(work / "quotes.sqlite")
        seed = work / "seed.txt"
        seed.write_text("Simplicity is the soul of efficiency.\nTalk is cheap. Show me the code.\n")
        # A named token, as an admin would make one; the server has no other.
        made = subprocess.run([binary, "token", "create", "console-test", "--db", self.db], capture_output=True, text=True, check=True)
        self.token = re.search(r"qg_[A-Za-z0-9_-]{43}", made.stdout + made.stderr).group(0)
        env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEGEN_")}
        self.log = open(work / "server.log", "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--db", self.db, "--seed", str(seed)],
            stdout=self.log, stderr=subprocess.STDOUT, env=env,
        )
        for _ in range(200):
            try:
                if self.call("GET", "/readyz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("console-test: the server did not become ready; its log: " + (work / "server.log").read_text())

    def call(self, method, path, body=None, headers=None):
        request = urllib.request.Request(self.base + path, method=method, headers={"Authorization": "Bearer " + self.token, **(headers or {})})
        if body is not None:
            request.data = json.dumps(body).encode()
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                data = response.read()
                return response.status, json.loads(data) if data else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


class Watched:
    """A browser context whose every request, console error, page error, dialog and CSP violation is recorded."""

    def __init__(self, browser, server, **options):
        self.context = browser.new_context(**options)
        self.problems = []
        self.context.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )
        self.page = self.context.new_page()
        base = server.base
        self.page.on("request", lambda r: r.url.startswith(base + "/") or self.problems.append("request to another origin: " + r.url))
        self.page.on("console", lambda m: m.type == "error" and self.problems.append("console error: " + m.text))
        self.page.on("pageerror", lambda e: self.problems.append("page error: " + str(e)))
        self.page.on("dialog", lambda d: (self.problems.append("dialog opened: " + d.message), d.dismiss()))
        self.page.goto(base + "/admin/")

    def check_clean(self, step, answered=()):
        """Fails unless nothing went wrong in the page. `answered`: the HTTP statuses the step provoked on purpose
        (a wrong token's 401), which Chromium reports on the console as failed loads; those, and nothing else, pass."""
        expected = tuple(f"Failed to load resource: the server responded with a status of {code} " for code in answered)
        violations = self.page.evaluate("window.__csp")
        problems = [p for p in self.problems if not (expected and p.removeprefix("console error: ").startswith(expected))]
        problems += ["CSP violation: " + v for v in violations]
        if problems:
            fail(step, "; ".join(problems))
        self.problems.clear()

    def sign_in(self, token):
        self.page.fill("#token", token)
        self.page.keyboard.press("Enter")


def fail(step, why):
    print(f"console-test: FAILED at '{step}': {why}", file=sys.stderr)
    raise SystemExit(1)


def step(name):
    print(f"console-test: {name}", flush=True)
    return name


def run(browser, server, shots):
    en = Watched(browser, server, locale="en-US", viewport={"width": 1280, "height": 800})
    page = en.page

    name = step("every control is labelled")
    unlabelled = page.evaluate("""[...document.querySelectorAll('input, textarea')].filter(e => e.labels.length === 0).map(e => e.id)
        .concat([...document.querySelectorAll('button')].filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).map(b => b.id))""")
    if unlabelled:
        fail(name, f"without a label: {unlabelled}")

    name = step("a wrong token is refused with a message")
    expect(page.locator("#token")).to_be_focused()
    en.sign_in("qg_" + "A" * 43)
    expect(page.locator("#alert")).to_contain_text("refused")
    expect(page.locator("#workspace")).to_be_hidden()
    en.check_clean(name, answered=[401])

    name = step("signing in with the keyboard alone")
    en.sign_in(server.token)
    expect(page.locator("#workspace")).to_be_visible()
    expect(page.locator("#results li")).to_have_count(2)

    name = step("adding a quote")
    page.fill("#quote-text", "Console-made quote")
    page.fill("#quote-author", "Tester")
    page.fill("#quote-tags", "ui, test")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("added")
    added = next(q for q in server.call("GET", "/quotes?q=console")[1]["items"])
    if (added["quote"], added["author"], added["tags"]) != ("Console-made quote", "Tester", ["ui", "test"]):
        fail(name, f"stored as {added}")
    qid = added["id"]

    name = step("a duplicate is refused with a link to the existing quote")
    page.fill("#quote-text", "Console-made quote")
    page.click("#save")
    expect(page.locator("#alert a")).to_have_attribute("href", f"#quote-{qid}")
    page.click("#alert a")
    expect(page.locator("#editor-title")).to_contain_text(f"#{qid}")
    page.click("#cancel-edit")
    en.check_clean(name, answered=[409])

    name = step("finding it by search")
    page.fill("#search-q", "console made")
    page.click("#search-form button[type=submit]")
    expect(page.locator("#results li")).to_have_count(1)
    expect(page.locator("#results .quote-text")).to_have_text("Console-made quote")

    name = step("editing it")
    page.click(f"#results li[data-id='{qid}'] .edit")
    expect(page.locator("#quote-text")).to_be_focused()
    page.fill("#quote-text", "Console-made quote, edited")
    page.click("#save")
    expect(page.locator("#status")).to_contain_text("saved")
    if server.call("GET", f"/quotes/{qid}")[1]["quote"] != "Console-made quote, edited":
        fail(name, "the edit was not stored")

    name = step("a conflicting edit from a second browser context is shown, and nothing is overwritten silently")
    page.click(f"#results li[data-id='{qid}'] .edit")
    other = Watched(browser, server, locale="en-US")
    other.sign_in(server.token)
    other.page.click(f"#results li[data-id='{qid}'] .edit")
    other.page.fill("#quote-text", "Changed in the other window")
    other.page.click("#save")
    expect(other.page.locator("#status")).to_contain_text("saved")
    page.fill("#quote-text", "My late edit")
    page.click("#save")
    expect(page.locator("#conflict")).to_be_visible()
    expect(page.locator("#conflict-mine")).to_contain_text("My late edit")
    expect(page.locator("#conflict-theirs")).to_contain_text("Changed in the other window")
    if server.call("GET", f"/quotes/{qid}")[1]["quote"] != "Changed in the other window":
        fail(name, "the other window's edit was overwritten")
    page.click("#conflict-reload")
    expect(page.locator("#quote-text")).to_have_value("Changed in the other window")
    page.click("#cancel-edit")
    en.check_clean(name, answered=[412])
    other.check_clean(name)
    other.context.close()

    name = step("deleting, then Undo")
    page.click("#first-page") if page.locator("#first-page").is_enabled() else None
    page.fill("#search-q", "")
    page.click("#search-form button[type=submit]")
    page.click(f"#results li[data-id='{qid}'] .delete")
    expect(page.locator("#status")).to_contain_text("deleted")
    if server.call("GET", f"/quotes/{qid}")[0] != 404:
        fail(name, "the quote was not deleted")
    expect(page.locator("#status button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_contain_text("restored")
    if server.call("GET", f"/quotes/{qid}")[1]["quote"] != "Changed in the other window":
        fail(name, "Undo did not bring the quote back as it was")

    name = step("restoring an older revision from the history panel")
    page.click(f"#results li[data-id='{qid}'] .history")
    expect(page.locator("#history-title")).to_be_focused()
    first = page.locator("#history-list li").last
    expect(first).to_contain_text("Console-made quote")
    first.locator("button.restore").click()
    expect(page.locator("#status")).to_contain_text("restored")
    if server.call("GET", f"/quotes/{qid}")[1]["quote"] != "Console-made quote":
        fail(name, "the older revision was not restored")
    page.click("#history-close")

    name = step("a quote made of markup is shown as text and runs nothing")
    status, body = server.call("POST", "/quotes", {"quote": XSS, "author": "<b>bold</b>"})
    if status != 201:
        fail(name, f"POST answered {status} {body}")
    page.fill("#search-q", "")
    page.click("#search-form button[type=submit]")
    row = page.locator(f"#results li[data-id='{body['id']}']")
    expect(row.locator(".quote-text")).to_have_text(XSS)
    if page.locator("#results img, #results script, #results b").count():
        fail(name, "markup from a quote became elements")
    page.click(f"#results li[data-id='{body['id']}'] .history")
    expect(page.locator("#history-list .quote-text").first).to_have_text(XSS)
    page.click("#history-close")
    page.wait_for_timeout(300)
    en.check_clean(name)

    name = step("screenshots, light and dark, desktop and phone; nothing wider than the phone")
    shots.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        for width, height in ((1280, 800), (375, 812)):
            view = Watched(browser, server, locale="en-US", viewport={"width": width, "height": height}, color_scheme=scheme)
            view.sign_in(server.token)
            expect(view.page.locator("#results li").first).to_be_visible()
            wide = view.page.evaluate("document.documentElement.scrollWidth")
            if wide > width:
                fail(name, f"at {width} px ({scheme}) the page is {wide} px wide")
            background = view.page.evaluate("getComputedStyle(document.body).backgroundColor")
            dark = background == "rgb(21, 23, 27)"
            if dark != (scheme == "dark"):
                fail(name, f"{scheme} scheme drew the background {background}")
            view.page.screenshot(path=str(shots / f"console-{width}x{height}-{scheme}.png"), full_page=True)
            view.check_clean(name)
            view.context.close()

    name = step("French from the browser's language")
    fr = Watched(browser, server, locale="fr-FR")
    expect(fr.page.locator("#sign-in-title")).to_have_text("Connexion")
    if fr.page.evaluate("document.documentElement.lang") != "fr":
        fail(name, "the page's lang is not fr")
    fr.sign_in("qg_" + "B" * 43)
    expect(fr.page.locator("#alert")).to_contain_text("refusé")
    fr.check_clean(name, answered=[401])
    fr.sign_in(server.token)
    expect(fr.page.locator("#find-title")).to_have_text("Chercher des citations")
    fr.page.screenshot(path=str(shots / "console-1280x720-fr.png"))
    fr.check_clean(name)

    name = step("security headers on every file of the console")
    for path in ("/admin/", "/admin/console.js", "/admin/console.css"):
        response = page.request.get(server.base + path)
        headers = response.headers
        csp = headers.get("content-security-policy", "")
        if "'unsafe-inline'" in csp or "frame-ancestors 'none'" not in csp or "script-src 'self'" not in csp:
            fail(name, f"{path}: CSP {csp!r}")
        if headers.get("x-content-type-options") != "nosniff" or headers.get("referrer-policy") != "no-referrer":
            fail(name, f"{path}: headers {headers}")
    en.check_clean(name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.environ.get("QUOTEGEN_BIN") or str(ROOT / ".build/release/quotegen"))
    parser.add_argument("--screenshots", default=str(ROOT / ".console-screenshots"))
    args = parser.parse_args()
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    port = int(os.environ.get("CONSOLE_TEST_PORT", "15990"))
    with tempfile.TemporaryDirectory() as folder:
        server = Server(args.bin, Path(folder), port)
        try:
            with sync_playwright() as playwright:
                # --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
                browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                expect.set_options(timeout=10_000)
                try:
                    run(browser, server, Path(args.screenshots))
                finally:
                    browser.close()
        except BaseException:
            print("console-test: server log:\n" + (Path(folder) / "server.log").read_text(), file=sys.stderr)
            raise
        finally:
            server.stop()
    print(f"console-test: passed; screenshots in {args.screenshots}")


if __name__ == "__main__":
    main()
