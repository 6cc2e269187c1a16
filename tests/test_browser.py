"""The built book in a real browser: headless Chromium driven by Playwright.

Every page of the shipped book is checked at 1280 and 375 CSS px: the main column does
not overflow the window, every image has a non-empty alt text, the console shows no
error, every internal link and download answers 200, no visible text is smaller than
11 px on the phone, and axe-core (bundled with ``axe-playwright-python``; nothing is
fetched at test time) finds no serious or critical accessibility violation.

The book is built once per session with the build command's defaults (into
``_build/html``): the build reuses the published book only when its key — pages, chapters,
data, code and parameters — matches the current tree, and otherwise rebuilds it (reusing
the chapters' cache). It is served by a local HTTP server in a thread. Without a browser the tests skip, saying why; under CI
(``CI=true``) a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from peru_protests.build import read_toc
from peru_protests.paths import REPO_ROOT

CHROMIUM = os.environ.get("PERU_PROTESTS_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = (1280, 375)
MIN_TEXT_PX = 11
IMPACTS = {"serious", "critical"}
# The pages of the book, as _toc.yml lists them (index.html only redirects to the home page),
# in the English edition and in the Spanish one under es/.
EN_PAGES = [f"{page.docname}.html" for page in read_toc(REPO_ROOT)]
PAGES = EN_PAGES + [f"es/{page}" for page in EN_PAGES]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
        import axe_playwright_python  # noqa: F401
    except ImportError as exc:
        return f"Playwright or axe-playwright-python is not installed ({exc}); pip install -r requirements.txt"
    if not Path(CHROMIUM).is_file():
        return f"no Chromium at {CHROMIUM}; install it with `apt-get install -y chromium`"
    return None


MISSING = _browser_missing()
if MISSING:
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError(f"browser tests cannot run under CI: {MISSING}")
    pytestmark = pytest.mark.skip(reason=f"browser tests skipped: {MISSING}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - no request log in the test output
        pass


@pytest.fixture(scope="session")
def site(shipped_book):
    """The shipped book, built (or found up to date) and served on a free local port."""
    out = shipped_book
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"root": out, "base": f"http://127.0.0.1:{server.server_address[1]}/"}
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def visits(site, browser):
    """Each page at each width, loaded once; what the checks need, recorded."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    cache = {}

    def visit(page_path: str, width: int) -> dict:
        if (page_path, width) in cache:
            return cache[(page_path, width)]
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        errors, failed = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.goto(site["base"] + page_path, wait_until="networkidle")
        facts = page.evaluate(_FACTS_JS, MIN_TEXT_PX)
        facts["errors"], facts["failed"] = list(errors), list(failed)  # before axe injects its script
        results = axe.run(page, options={"resultTypes": ["violations"]})
        facts["axe"] = [
            f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}"
            for v in results.response["violations"] if v.get("impact") in IMPACTS]
        context.close()
        cache[(page_path, width)] = facts
        return facts

    return visit


_FACTS_JS = r"""
(minPx) => {
  const main = document.querySelector("main") || document.body;
  const article = document.querySelector(".bd-article") || main;
  const box = main.getBoundingClientRect();
  const visible = (el) => {
    const s = getComputedStyle(el);
    if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.closest("[hidden], [aria-hidden='true'], details:not([open]) > :not(summary)");
  };
  // text smaller than minPx: any element with its own visible text
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    seen.add(el);
    if (!visible(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < minPx) small.push(`${el.tagName.toLowerCase()}.${el.className} ${size}px: "${node.textContent.trim().slice(0, 40)}"`);
  }
  // anything in the main column drawn past its right edge without a scroll box around it
  const overflow = [];
  for (const el of article.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= box.right + 1) continue;
    let p = el.parentElement, clipped = false;
    while (p && p !== main) {
      const s = getComputedStyle(p);
      if (s.overflowX !== "visible" && p.getBoundingClientRect().right <= box.right + 1) { clipped = true; break; }
      p = p.parentElement;
    }
    if (!clipped) overflow.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
  }
  const images = [...document.querySelectorAll("main img, main svg[role='img']")].map((im) => ({
    src: im.getAttribute("src") || "(inline svg)",
    alt: im.tagName === "IMG" ? (im.getAttribute("alt") || "").trim() : (im.getAttribute("aria-label") || "").trim(),
  }));
  const links = [...document.querySelectorAll("a[href]")].map((a) => a.href);
  return {
    pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
    mainRight: Math.round(box.right), small: small.slice(0, 20), overflow: overflow.slice(0, 20),
    images, links,
  };
}
"""

CASES = [pytest.param(page, width, id=f"{page}@{width}") for page in PAGES for width in WIDTHS]


@pytest.mark.parametrize("page,width", CASES)
def test_no_horizontal_overflow(visits, page, width):
    facts = visits(page, width)
    assert facts["pageWidth"] <= facts["viewport"], \
        f"the page is {facts['pageWidth']} px wide in a {width} px window: {facts['overflow']}"
    assert not facts["overflow"], f"drawn past the main column: {facts['overflow']}"


@pytest.mark.parametrize("page,width", CASES)
def test_every_image_has_alt_text(visits, page, width):
    facts = visits(page, width)
    missing = [im["src"] for im in facts["images"] if not im["alt"]]
    assert not missing, f"images without alt text: {missing}"


@pytest.mark.parametrize("page,width", CASES)
def test_no_console_errors(visits, page, width):
    facts = visits(page, width)
    assert not facts["errors"] and not facts["failed"], f"console: {facts['errors']}; failed: {facts['failed']}"


@pytest.mark.parametrize("page,width", CASES)
def test_no_serious_accessibility_violations(visits, page, width):
    assert not visits(page, width)["axe"], "\n".join(visits(page, width)["axe"])


@pytest.mark.parametrize("page", PAGES)
def test_no_text_under_11px_on_a_phone(visits, page):
    small = visits(page, 375)["small"]
    assert not small, f"text under {MIN_TEXT_PX} px at 375 px: {small}"


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_and_download_resolves(site, visits, page):
    base = site["base"]
    targets = sorted({link.split("#")[0] for link in visits(page, 1280)["links"] if link.startswith(base)})
    broken = []
    for url in targets:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as response:
                if response.status != 200:
                    broken.append(f"{response.status} {url}")
        except urllib.error.HTTPError as exc:
            broken.append(f"{exc.code} {url}")
    assert targets, "no internal link found"
    assert not broken, f"broken links: {broken}"


def test_every_page_of_the_toc_is_checked(site):
    """Every page the site has is one of the pages checked (a page built from elsewhere
    than _toc.yml, e.g. another edition, must be added to PAGES)."""
    built = {p.relative_to(site["root"]).as_posix() for p in site["root"].rglob("*.html")}
    assert built - {f"{e}{n}" for e in ("", "es/") for n in ("index.html", "genindex.html", "search.html")} == set(PAGES)
    assert len(PAGES) == 14 and PAGES[0] == "intro.html" and "es/data-and-code.html" in PAGES


def test_the_data_and_code_page_links_every_table_and_the_zips(site, visits):
    links = {urllib.parse.urlparse(u).path.lstrip("/") for u in visits("data-and-code.html", 1280)["links"]}
    tables = {f"data/{p.name}" for p in (REPO_ROOT / "data").glob("*.csv")}
    assert tables <= links
    assert {"data/datapackage.json", "data/peru-protests-data.zip", "peru-protests-book-source.zip",
            "LICENSE.txt", "LICENSE-DATA.txt"} <= links


def test_the_checks_catch_what_they_look_for(browser):
    """The page checks are not vacuous: a page with each fault is caught."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 375, "height": 900})
    page = context.new_page()
    page.set_content(
        '<html lang="en"><body><main><div class="bd-article">'
        '<p style="font-size: 9px">tiny words</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10">'
        '<div id="wide" style="width: 2000px">wide</div>'
        '<div style="overflow-x: auto"><table style="width: 2000px"><tr><td>scrolls in its box</td></tr></table></div>'
        '</div></main></body></html>')
    facts = page.evaluate(_FACTS_JS, MIN_TEXT_PX)
    assert [s.split(" ")[0] for s in facts["small"]] == ["p."]
    assert [im["alt"] for im in facts["images"]] == [""]
    assert facts["pageWidth"] > 375
    # the wide div is caught; the wide table is not: it scrolls inside its own box
    assert [o.split(" ")[0] for o in facts["overflow"]] == ["div."]
    violations = {v["id"] for v in Axe().run(page).response["violations"]}
    assert "image-alt" in violations
    context.close()


@pytest.mark.parametrize("home", ["intro.html", "es/intro.html"])
def test_the_home_page_shows_five_findings_on_a_laptop_screen(site, browser, home):
    """Findings first: on a 1280x800 laptop screen, at least five key findings (each with
    its number and links) are entirely visible before any scrolling."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(site["base"] + home, wait_until="networkidle")
    visible = page.evaluate("""() => [...document.querySelectorAll(
        'section#key-findings li, section#hallazgos-principales li')].filter(li =>
        li.getBoundingClientRect().bottom <= window.innerHeight && li.querySelector('a')).length""")
    context.close()
    assert visible >= 5, f"{home}: only {visible} findings fit on the first screen"
