#!/usr/bin/env python3
"""End-to-end test of `placeplan serve` in a real browser (issue 16).

Drives Debian's `chromium` headless over the Chrome DevTools Protocol through `--remote-debugging-pipe` (file
descriptors 3 and 4, NUL-terminated JSON messages): Python 3.11 standard library only, no websocket library.

    scripts/web-e2e.py --url http://127.0.0.1:PORT [--screenshot PATH] [--timeout 60]

What it checks, in order (each step is named in the failure message):
  1. overview   GET / shows the report: the text "Surplus places by planning area".
  2. editor     GET /scenarios/new has the PAN grid with cells input.pan[data-school="132025"] (Valentine Primary,
                area P06) for 2024, 2025 and later years, and button#run.
  3. edit       sets the PAN of school 132025 from 120 to 90 for 2025 and every later year, firing input and change
                events as typing would; textarea#scenario-file (the YAML the grid makes) then mentions 132025.
  4. run        clicks button#run and waits until #status ends with "done" (fails at once on text in #errors).
  5. comparison table#comparison tr[data-area="P06"][data-phase="primary"]: in td[data-year="2025"] the scenario's
                surplus % (data-scenario) is below the base's (data-base): the cut lowers the surplus; in
                td[data-year="2024"] both are equal (a 2025 cut changes nothing before 2025).
  6. screenshot a PNG (Page.captureScreenshot) of the editor scrolled to the comparison, written to PATH.
  7. suggest    /scenarios/new?suggest=1 fills the grid with exactly the schools of the advisor's pan_changes
                (GET /api/scenarios/suggest), not the requests its file lists as comments.

Exits 0 with "skipped: Chromium is not installed" (writing no screenshot) where Chromium is absent; exits 1 with
"FAILED at step <name>: ..." on any failure; everything is bounded by --timeout seconds (default 60).
"""

import argparse
import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SCHOOL = "132025"  # Valentine Primary, planning area P06, PAN 120 in the base
AREA = "P06"
CUT_FROM = 2025
NEW_PAN = 90
OVERVIEW_TEXT = "Surplus places by planning area"


class StepFailed(Exception):
    pass


class Browser:
    """A headless Chromium and one page, spoken to over the DevTools pipe."""

    def __init__(self, executable, deadline, width=1280, height=1000):
        self.deadline = deadline
        self.profile = tempfile.mkdtemp(prefix="placeplan-e2e-")
        self.log_path = os.path.join(self.profile, "chromium.log")
        # Chromium reads commands on fd 3 and writes replies and events on fd 4.
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        # Moved above 10 so that putting them on 3 and 4 in the child cannot overwrite one with the other.
        child_read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD, 10)
        child_write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD, 10)
        os.close(to_browser_read)
        os.close(from_browser_write)

        def on_fds_3_and_4():
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        arguments = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "--hide-scrollbars",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--no-proxy-server",
            "--disable-background-networking", "--disable-sync", "--mute-audio", "about:blank",
        ]
        self.log = open(self.log_path, "wb")
        # Fds 3 and 4 are open here (the pipes above took the lowest free numbers), so pass_fds may name them; the
        # child's copies are then replaced by the pipe ends before exec, and every other fd is closed.
        self.process = subprocess.Popen(
            arguments, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log, pass_fds=(3, 4),
            preexec_fn=on_fds_3_and_4, start_new_session=True)
        os.close(child_read)
        os.close(child_write)
        self.next_id = 0
        self.replies = {}
        self.events = []
        self.exceptions = []  # uncaught JavaScript exceptions and console errors of the page
        self.condition = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.session = None

    def _read(self):
        buffer = b""
        while True:
            try:
                chunk = os.read(self.from_browser, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self.condition:
                    self.closed = True
                    self.condition.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                with self.condition:
                    if "id" in message:
                        self.replies[message["id"]] = message
                    else:
                        self._event(message)
                    self.condition.notify_all()

    def _event(self, message):
        method = message.get("method")
        params = message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = details.get("exception", {}).get("description") or details.get("text", "")
            self.exceptions.append(f"uncaught exception: {text}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            values = [str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])]
            self.exceptions.append("console.error: " + " ".join(values))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.exceptions.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip())
        self.events.append(message)

    def remaining(self):
        return self.deadline - time.monotonic()

    def send(self, method, params=None, session=True, timeout=None):
        with self.condition:
            self.next_id += 1
            ident = self.next_id
        message = {"id": ident, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        wait = self.remaining() if timeout is None else min(timeout, self.remaining())
        end = time.monotonic() + max(wait, 0)
        with self.condition:
            while ident not in self.replies:
                if self.closed:
                    raise StepFailed(f"Chromium exited while answering {method}{self._log_tail()}")
                left = end - time.monotonic()
                if left <= 0:
                    raise StepFailed(f"no answer to {method} in time (overall timeout)")
                self.condition.wait(left)
            reply = self.replies.pop(ident)
        if "error" in reply:
            raise StepFailed(f"{method} failed: {reply['error'].get('message')} {reply['error'].get('data', '')}")
        return reply.get("result", {})

    def _log_tail(self):
        try:
            with open(self.log_path, "rb") as log:
                tail = log.read()[-1500:].decode(errors="replace").strip()
            return f"\nChromium's log ends:\n{tail}" if tail else ""
        except OSError:
            return ""

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send(
            "Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(domain)

    def evaluate(self, expression, what):
        """The value of a JavaScript expression (awaited if it is a promise) in the page."""
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise StepFailed(f"{what}: the page threw {text}")
        return result.get("result", {}).get("value")

    def navigate(self, url, what):
        # A mark on the page being left: the new page is loaded once the mark is gone and it says 'complete'.
        self.evaluate("window.__placeplanE2E = true", what)
        reply = self.send("Page.navigate", {"url": url})
        if reply.get("errorText"):
            raise StepFailed(f"{what}: cannot open {url}: {reply['errorText']}")
        self.wait_for(
            "!window.__placeplanE2E && document.readyState === 'complete'", f"{what}: {url} did not finish loading")
        landed = self.evaluate("location.href", what)
        if landed.split("#")[0] != url:
            raise StepFailed(f"{what}: {url} led to {landed} (a redirect: does the page need sign-in?)")
        status = self.evaluate(
            "(performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0", what)
        if status and status >= 400:
            body = self.evaluate("document.body ? document.body.innerText.slice(0, 300) : ''", what)
            raise StepFailed(f"{what}: {url} answered HTTP {status}: {body}")

    def wait_for(self, condition, message, interval=0.1, fail_if=None):
        """Polls a JavaScript condition until it holds; `fail_if` (an expression giving a string) stops early."""
        while True:
            if fail_if:
                problem = self.evaluate(fail_if, message)
                if problem:
                    raise StepFailed(f"{message}: {problem}")
            if self.evaluate(f"Boolean({condition})", message):
                return
            if self.remaining() <= interval:
                raise StepFailed(f"{message} (overall timeout)")
            time.sleep(interval)

    def close(self):
        if self.process.poll() is None:
            try:
                self.send("Browser.close", session=False, timeout=3)
            except Exception:
                pass
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the group started above: Chromium and its helpers
                self.process.wait(timeout=5)
        for fd in (self.to_browser, self.from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def find_chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.access(path, os.X_OK):
            return path
    return None


def run(browser, url, screenshot):
    step = "overview"
    try:
        browser.open_page()
        browser.navigate(url + "/", "overview")
        text = browser.evaluate("document.body ? document.body.innerText : ''", step)
        if OVERVIEW_TEXT not in text:
            raise StepFailed(f"the overview does not show {OVERVIEW_TEXT!r}; it starts: {text[:300]!r}")
        print(f"ok  overview: / shows {OVERVIEW_TEXT!r}")

        step = "editor"
        browser.navigate(url + "/scenarios/new", step)
        browser.wait_for(
            f"document.querySelector('input.pan[data-school=\"{SCHOOL}\"]') && document.querySelector('button#run')",
            f"the editor has no input.pan[data-school=\"{SCHOOL}\"] or no button#run")
        cells = browser.evaluate(
            f"[...document.querySelectorAll('input.pan[data-school=\"{SCHOOL}\"]')]"
            ".map(c => [Number(c.dataset.year), c.value])", step)
        years = sorted(year for year, _ in cells)
        later = [year for year in years if year >= CUT_FROM]
        if not later:
            raise StepFailed(f"no PAN cell of school {SCHOOL} for {CUT_FROM} or later (years: {years})")
        print(f"ok  editor: {len(cells)} PAN cells for school {SCHOOL} ({years[0]}-{years[-1]}), "
              f"PAN {dict(cells).get(CUT_FROM)} in {CUT_FROM}")

        step = "edit"
        changed = browser.evaluate(f"""(() => {{
            let changed = [];
            for (const cell of document.querySelectorAll('input.pan[data-school="{SCHOOL}"]')) {{
                if (Number(cell.dataset.year) < {CUT_FROM}) continue;
                cell.focus();
                cell.value = '{NEW_PAN}';
                cell.dispatchEvent(new Event('input', {{bubbles: true}}));
                cell.dispatchEvent(new Event('change', {{bubbles: true}}));
                changed.push(Number(cell.dataset.year));
            }}
            return changed;
        }})()""", step)
        file_text = browser.evaluate(
            "(document.querySelector('textarea#scenario-file') || {value: null}).value", step)
        if file_text is None:
            raise StepFailed("the editor has no textarea#scenario-file")
        if SCHOOL not in file_text:
            raise StepFailed(f"after the edit the scenario file does not mention school {SCHOOL}:\n{file_text}")
        print(f"ok  edit: PAN {NEW_PAN} for {len(changed)} years ({changed[0]}-{changed[-1]}); the scenario file "
              f"mentions {SCHOOL}")

        step = "run"
        browser.evaluate("(() => { const s = document.querySelector('#status'); if (s) s.textContent = ''; "
                         "document.querySelector('button#run').click(); return true; })()", step)
        started = time.monotonic()
        browser.wait_for(
            "(document.querySelector('#status') || {textContent: ''}).textContent.trim().endsWith('done')",
            "#status never ended with \"done\" after clicking button#run",
            fail_if="(() => { const e = document.querySelector('#errors'); "
                    "return e && e.textContent.trim() ? '#errors says: ' + e.textContent.trim() : ''; })()")
        status = browser.evaluate("document.querySelector('#status').textContent.trim()", step)
        print(f"ok  run: #status {status!r} after {time.monotonic() - started:.1f} s")

        step = "comparison"
        row = f'table#comparison tr[data-area="{AREA}"][data-phase="primary"]'
        values = browser.evaluate(f"""(() => {{
            const row = document.querySelector('{row}');
            if (!row) return null;
            const out = {{}};
            for (const year of [{CUT_FROM - 1}, {CUT_FROM}]) {{
                const cell = row.querySelector('td[data-year="' + year + '"]');
                out[year] = cell ? {{base: cell.dataset.base, scenario: cell.dataset.scenario,
                                     text: cell.textContent.trim()}} : null;
            }}
            return out;
        }})()""", step)
        if values is None:
            raise StepFailed(f"no row {row}")
        for year in (str(CUT_FROM - 1), str(CUT_FROM)):
            if values.get(year) is None:
                raise StepFailed(f'no cell td[data-year="{year}"] in {row}')

        def number(year, key):
            raw = values[year][key]
            try:
                return float(raw)
            except (TypeError, ValueError):
                raise StepFailed(f'{row} td[data-year="{year}"] has data-{key}={raw!r}, not a number')

        before, after = number(str(CUT_FROM), "base"), number(str(CUT_FROM), "scenario")
        if not after < before:
            raise StepFailed(f"{AREA} primary {CUT_FROM}: scenario surplus {after}% is not below the base's "
                             f"{before}% after cutting the PAN of {SCHOOL} to {NEW_PAN}")
        earlier_base, earlier_scenario = number(str(CUT_FROM - 1), "base"), number(str(CUT_FROM - 1), "scenario")
        if earlier_base != earlier_scenario:
            raise StepFailed(f"{AREA} primary {CUT_FROM - 1}: the surplus changed ({earlier_base}% -> "
                             f"{earlier_scenario}%) though the cut starts in {CUT_FROM}")
        print(f"ok  comparison: {AREA} primary {CUT_FROM} surplus {before}% -> {after}% "
              f"(cell text {values[str(CUT_FROM)]['text']!r}); {CUT_FROM - 1} unchanged at {earlier_base}%")

        if screenshot:
            step = "screenshot"
            # The comparison row in view, with as much of the editor above it as the window holds.
            browser.evaluate(f"""(() => {{
                const row = document.querySelector('{row}');
                row.scrollIntoView({{block: 'center', inline: 'nearest'}});
                return true;
            }})()""", step)
            time.sleep(0.3)  # let layout and the scroll settle
            shot = browser.send("Page.captureScreenshot", {"format": "png"})
            data = base64.b64decode(shot["data"])
            folder = os.path.dirname(os.path.abspath(screenshot))
            os.makedirs(folder, exist_ok=True)
            temporary = screenshot + ".part"
            with open(temporary, "wb") as out:
                out.write(data)
            os.replace(temporary, screenshot)
            print(f"ok  screenshot: {screenshot} ({len(data)} bytes)")

        step = "suggest"
        # The advisor's proposals load into the grid: exactly the schools of its file's pan_changes, not those of
        # the requests it lists as comments (own-admission-authority schools the LA could ask).
        browser.navigate(url + "/scenarios/new?suggest=1", step)
        browser.wait_for(
            "(document.querySelector('#status') || {textContent: ''}).textContent.trim().endsWith('done')",
            "#status never ended with \"done\" after loading the suggestion",
            fail_if="(() => { const e = document.querySelector('#errors'); "
                    "return e && e.textContent.trim() ? '#errors says: ' + e.textContent.trim() : ''; })()")
        proposed = browser.evaluate("""fetch('/api/scenarios/suggest').then(r => r.json()).then(body =>
            [...new Set(body.file.split('\\n').filter(line => !line.trim().startsWith('#'))
                .map(line => (/school:\\s*"?([^",}\\s]+)/.exec(line) || [])[1]).filter(Boolean))].sort())""",
                                    step)
        shown = browser.evaluate(
            "[...new Set([...document.querySelectorAll('#pan-grid input.pan.changed')]"
            ".map(c => c.dataset.school))].sort()", step)
        if not proposed:
            raise StepFailed("the advisor proposed no PAN change for the default city")
        if shown != proposed:
            raise StepFailed(f"the grid changes schools {shown}, the advisor's file {proposed}")
        print(f"ok  suggest: the grid holds the advisor's {len(proposed)} schools ({', '.join(proposed)})")
    except StepFailed as failure:
        raise StepFailed(f"FAILED at step {step}: {failure}") from None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="where `placeplan serve` listens, e.g. http://127.0.0.1:8080")
    parser.add_argument("--screenshot", help="PNG to write of the editor with the comparison (none if absent)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds for the whole test (default 60)")
    arguments = parser.parse_args()
    executable = find_chromium()
    if executable is None:
        print("skipped: Chromium is not installed (apt-get install chromium)")
        return 0
    url = arguments.url.rstrip("/")
    deadline = time.monotonic() + arguments.timeout
    browser = Browser(executable, deadline)
    try:
        run(browser, url, arguments.screenshot)
    except StepFailed as failure:
        print(str(failure), file=sys.stderr)
        for problem in browser.exceptions[:10]:
            print(f"    page: {problem}", file=sys.stderr)
        return 1
    finally:
        browser.close()
    print(f"web e2e passed against {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
