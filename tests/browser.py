"""A real browser for the tests: Debian's Chromium driven by Playwright (the registry's own browser
download is not reachable from these machines). `.ci/run` installs the package, so in CI these
tests never skip; a machine without it skips them and says why.

Fixtures (loaded by tests/conftest.py): `browser`, one Chromium per test session, and `page_at`,
a new page at a given viewport width; `screenshot(page, name)` saves a PNG into
var/screenshots/ for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TRACKER_TEST_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium tests skipped: no browser at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Chromium tests skipped: the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_at(browser):
    """page_at(width, html=None, dark=False): a page of that viewport width (640 px high),
    showing `html` when given, in the dark colour scheme when asked."""
    contexts = []

    def open_page(width: int, html: str | None = None, dark: bool = False):
        context = browser.new_context(viewport={"width": width, "height": 640},
                                      color_scheme="dark" if dark else "light",
                                      java_script_enabled=True)
        contexts.append(context)
        page = context.new_page()
        if html is not None:
            page.set_content(html, wait_until="load")
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """The whole page as var/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Every element with text of its own, its colour and the first opaque background behind it, and
# its font size and weight: enough to compute WCAG contrast in Python.
TEXT_COLOURS = """() => {
  const opaque = (el) => {
    for (; el; el = el.parentElement) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.endsWith(', 0)') && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    out.push({text: el.textContent.trim().slice(0, 40), color: style.color,
              background: opaque(el), size: parseFloat(style.fontSize),
              bold: parseInt(style.fontWeight) >= 700});
  }
  return out;
}"""


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two CSS rgb() colours."""
    def luminance(css: str) -> float:
        channels = [int(float(v)) / 255 for v in css[css.index("(") + 1:-1].split(",")[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def low_contrast(page) -> list[str]:
    """Texts below WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold)."""
    failures = []
    for item in page.evaluate(TEXT_COLOURS):
        large = item["size"] >= 24 or (item["bold"] and item["size"] >= 18.66)
        ratio = contrast(item["color"], item["background"])
        if ratio < (3 if large else 4.5):
            failures.append(f"{item['text']!r}: {ratio:.2f}:1 ({item['color']} on"
                            f" {item['background']})")
    return failures
