"""Drive headless Chromium over the DevTools protocol to check a brief as a reader sees it.

Networking is disabled three ways (offline emulation, a dead proxy, a host resolver that
resolves nothing), and every request, failed load, console error and JS exception is
recorded, so a brief that tries to fetch anything from outside is caught.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websocket

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-port=0", "--remote-allow-origins=*",
]  # fmt: skip


def chromium_path() -> str | None:
    """Return the Chromium executable, if installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageReport:
    """What happened while loading a page."""

    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    evaluation: dict = field(default_factory=dict)
    screenshot: Path | None = None


class Browser:
    """A headless Chromium with one page, controlled over CDP (context manager)."""

    def __init__(self, executable: str):

        self.profile = tempfile.mkdtemp(prefix="ipak-chromium-")
        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not start")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            pages = [t for t in json.load(response) if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30)
        self._id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params) -> dict:
        """Send one command and return its result (events seen meanwhile are kept)."""
        self._id += 1
        self.ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, event: str, timeout_s: float = 30) -> None:
        """Wait until ``event`` has been received."""
        deadline = time.monotonic() + timeout_s
        while not any(e.get("method") == event for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(event)
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            self.events.append(json.loads(self.ws.recv()))

    def evaluate(self, expression: str):
        """Evaluate JavaScript in the page and return its JSON value."""
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result["result"].get("value")

    def close(self) -> None:
        """Stop Chromium and remove its profile."""
        with contextlib.suppress(OSError, websocket.WebSocketException):  # best effort on shutdown
            self.ws.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)

    def open_offline(self, html: Path, width: int, height: int, domains: tuple[str, ...]) -> None:
        """Load ``html`` with the network off at ``width``×``height`` and wait for it."""
        for domain in domains:
            self.send(f"{domain}.enable")
        self.send("Network.emulateNetworkConditions", offline=True, latency=0,
                  downloadThroughput=-1, uploadThroughput=-1)  # fmt: skip
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        self.send("Page.navigate", url=html.resolve().as_uri())
        self.wait_for("Page.loadEventFired")

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


CHECK_PAGE_JS = """
(() => {
  const imgs = [...document.images];
  return {
    title: document.title,
    images: imgs.length,
    broken_images: imgs.filter(i => !i.complete || i.naturalWidth === 0).length,
    images_without_alt: imgs.filter(i => !(i.alt || '').trim()).length,
    slides: document.querySelectorAll('section.slide').length,
    text_length: document.body.innerText.length,
  };
})()
"""


def load_page(
    executable: str, html: Path, screenshot: Path, width: int = 1920, height: int = 1080
) -> PageReport:
    """Open ``html`` offline at 16:9, record what it loaded, evaluate checks, screenshot."""
    report = PageReport()
    with Browser(executable) as browser:
        browser.open_offline(html, width, height, ("Page", "Network", "Runtime", "Log"))
        report.evaluation = browser.evaluate(CHECK_PAGE_JS)
        # Presentation mode by keyboard: P enters, ArrowRight moves on.
        browser.send("Input.dispatchKeyEvent", type="keyDown", key="p", text="p")
        report.evaluation["presenting"] = browser.evaluate(
            "[document.body.classList.contains('presenting'), document.getElementById('brief-counter').textContent]"
        )
        browser.send("Input.dispatchKeyEvent", type="keyDown", key="ArrowRight", code="ArrowRight",
                     windowsVirtualKeyCode=39)  # fmt: skip
        report.evaluation["after_arrow"] = browser.evaluate(
            "document.getElementById('brief-counter').textContent"
        )
        shot = browser.send("Page.captureScreenshot", format="png")
        screenshot.write_bytes(base64.b64decode(shot["data"]))
        report.screenshot = screenshot
        for event in browser.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                report.requests.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                report.failed.append(f"{params.get('errorText')} {params.get('requestId')}")
            elif method == "Runtime.exceptionThrown":
                report.exceptions.append(json.dumps(params.get("exceptionDetails", {}))[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                report.console_errors.append(params["entry"].get("text", ""))
            elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                report.console_errors.append(json.dumps(params.get("args", []))[:300])
    return report


SLIDE_FIT_JS = """
(() => {
  const s = document.querySelector('[data-slide].current');
  if (!s) { return null; }
  const body = s.querySelector('.slide-body');
  const r = s.getBoundingClientRect();
  const over = [...s.querySelectorAll('*')].filter(e => {
    const b = e.getBoundingClientRect();
    return b.width > 0 && (b.right > r.right + 1 || b.bottom > r.bottom + 1 || b.left < r.left - 1);
  }).map(e => e.tagName + '.' + e.className).slice(0, 5);
  return {
    number: s.getAttribute('data-slide'), kind: s.getAttribute('data-kind'),
    message: (s.querySelector('.message') || {}).textContent || '',
    v_overflow: s.scrollHeight > s.clientHeight + 1 || (body && body.scrollHeight > body.clientHeight + 1),
    h_overflow: s.scrollWidth > s.clientWidth + 1 || document.documentElement.scrollWidth > window.innerWidth + 1,
    off_screen: r.width > window.innerWidth + 1 || r.height > window.innerHeight + 1 || r.left < -1 || r.top < -1,
    outside: over, images: s.querySelectorAll('img').length,
  };
})()
"""


def _key(browser: Browser, key: str, code: int) -> None:
    browser.send(
        "Input.dispatchKeyEvent", type="keyDown", key=key, code=key, windowsVirtualKeyCode=code
    )
    browser.send(
        "Input.dispatchKeyEvent", type="keyUp", key=key, code=key, windowsVirtualKeyCode=code
    )


def check_deck(
    executable: str, html: Path, folder: Path | None, width: int = 1280, height: int = 720
) -> list[dict]:
    """Enter presentation mode (key P) and measure every slide; screenshot each into ``folder``."""
    results = []
    with Browser(executable) as browser:
        browser.open_offline(html, width, height, ("Page", "Runtime"))
        total = browser.evaluate("document.querySelectorAll('[data-slide]').length")
        browser.send("Input.dispatchKeyEvent", type="keyDown", key="p", text="p")
        for number in range(1, total + 1):
            result = browser.evaluate(SLIDE_FIT_JS)
            results.append(result)
            if folder is not None:
                shot = browser.send("Page.captureScreenshot", format="png")
                (folder / f"slide-{width}x{height}-{number:02d}.png").write_bytes(
                    base64.b64decode(shot["data"])
                )
            _key(browser, "PageDown", 34)
    return results
