"""What keeps a first visit light (issue 15, target 1), and every button working.

That every page's first visit loads at most 0.35 MB gzipped is checked on the visits
of ``tests/test_pages.py`` (measured as ``tools/weight.py`` and ``make bench`` do:
every response until the network is idle, gzipped). The theme's icons are inline SVG and masks
(book/sphinxext/icons.py), the stylesheets are purged (purge.py), the search
index loads on the search page and Bootstrap on first use (lean.py) -- so the
buttons that used them are clicked here, at a laptop's and a phone's width.
"""

from __future__ import annotations

import functools
import re

import pytest
from conftest import gate

from book.sphinxext.icons import css_masks, inline_icons, read_icons
from book.sphinxext.lean import lean_page
from book.sphinxext.purge import purge_css, used_names

ALLOWED_CONSOLE = re.compile(r"Got invalid theme mode")  # see test_pages.py
PAGE = "chapters/platforms.html"

# a two-icon stand-in for the theme's fontawesome.js, in its format
ICON_SCRIPT = (
    'var p={"magnifying-glass":[512,512,[128269,"search"],"f002","M416 208z"],'
    'bell:[448,512,[],"f0f3","M224 0z"]};d("fas",p),d("fa-solid",p)'
)


def test_icons_become_inline_svg_and_css_masks() -> None:
    icons = read_icons(ICON_SCRIPT)
    page = (
        '<i class="fa-solid fa-magnifying-glass fa-lg" aria-hidden="true"></i>'
        '<span class="fas fa-search"></span><i class="fa-solid fa-nothing"></i>'
    )
    written, count, unknown = inline_icons(page, icons)
    assert count == 2 and unknown == ['<i class="fa-solid fa-nothing"></i>']
    assert written.count('viewBox="0 0 512 512"><path fill="currentColor"') == 2
    assert 'class="svg-inline--fa fa-magnifying-glass fa-lg"' in written
    css = (
        ':root{--pst-icon-bell:"\uf0f3";--pst-icon-x:var(--pst-icon-bell)}'
        ".a:after{content:var(--pst-icon-x);font:var(--fa-font-solid)}"
        '.fa-bell:before{content:"\\f0f3"}'
        "@font-face{font-family:Font Awesome\\ 6 Free;src:url(fa.woff2)}"
        '.b:after{content: "\\f0f3"}.c:after{content:"\\f111"}'
    )
    masked, missing = css_masks(css, icons)
    assert missing == ['"\\f111"']  # no such icon: reported, left alone
    assert "woff2" not in masked and ".fa-bell" not in masked
    assert '--pst-icon-bell:url("data:image/svg+xml,%3Csvg' in masked
    assert '.a:after{content:"";-webkit-mask-image:var(--pst-icon-x)' in masked
    assert "background-color:currentColor" in masked
    assert '.b:after{content:"";-webkit-mask-image:url(' in masked


HEAD = (
    '<script defer src="_static/scripts/fontawesome.js?digest=1"></script>\n'
    '<link rel="preload" as="script" href="_static/scripts/bootstrap.js?digest=1" />'
    '\n<script src="_static/searchtools.js"></script>\n'
    '<script src="_static/language_data.js"></script>\n'
    '<script src="searchindex.js"></script>\n'
    '<i class="fa-solid fa-bell"></i>\n'
    '<script defer src="_static/scripts/bootstrap.js?digest=1"></script></html>'
)


def test_a_lean_page_loses_the_theme_scripts_and_says_what_it_missed() -> None:
    icons = read_icons(ICON_SCRIPT)
    page, problems = lean_page(HEAD, "intro", icons)
    assert not problems
    assert "<script" not in page and "preload" not in page
    assert page.lstrip().startswith('<svg class="svg-inline--fa fa-bell"')
    page, problems = lean_page(HEAD, "search", icons)
    assert not problems and page.count("<script") == 3  # search keeps its own
    _, problems = lean_page(HEAD.replace("fontawesome", "icons"), "intro", icons)
    assert problems == ["found 0 fontawesome.js scripts, not 1"]


def test_purge_drops_only_selectors_no_page_can_match() -> None:
    used = used_names(['<div class="kept x" id="main">'], ['el.classList.add("shown")'])
    css = (
        "/*! licence */.kept{a:1}.gone{b:2}.kept,.gone .x{c:3}#main .shown{d:4}"
        "@media (min-width:1px){.gone{e:5}.x:not(.gone){f:6}}"
        ".y:is(.gone,.kept){g:7}.bs-tooltip-auto{h:8}p{i:9}"
        "@keyframes k{0%{j:10}}@font-face{font-family:f}"
    )
    assert purge_css(css, used) == (
        "/*! licence */\n.kept{a:1}.kept{c:3}#main .shown{d:4}"
        "@media (min-width:1px){.x:not(.gone){f:6}}"
        ".y:is(.gone,.kept){g:7}.bs-tooltip-auto{h:8}p{i:9}"
        "@keyframes k{0%{j:10}}@font-face{font-family:f}"
    )


def _open(browser, server: str, width: int, problems: list[str]):
    phone = width == 390  # a touch screen: the buttons are tapped
    context = browser.new_context(
        viewport={"width": width, "height": 844}, has_touch=phone, is_mobile=phone
    )
    context.route("**/*", functools.partial(gate, base=server, outside=problems))
    page = context.new_page()
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not ALLOWED_CONSOLE.search(m.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(server + PAGE, wait_until="networkidle")
    return context, page, "tap" if phone else "click"


THEME = "() => [document.documentElement.dataset.mode,"
THEME += " document.documentElement.dataset.theme,"
THEME += " [...document.querySelectorAll('svg.theme-switch')]"
THEME += ".filter(s => s.checkVisibility()).map(s => s.dataset.mode)]"


def _colour_modes(page, press: str) -> list:
    switch = page.locator(".theme-switch-button:visible").first
    seen = []
    for _ in range(3):
        getattr(switch, press)()
        seen.append(page.evaluate(THEME))
    return seen


def _download_menu(page, press: str) -> tuple[bool, bool]:
    """Open the download menu, then close it with Escape (Bootstrap's own state:
    the theme also shows the menu while the pointer is over it)."""
    button = page.locator(".dropdown-download-buttons button.dropdown-toggle")
    getattr(button, press)()
    menu = page.locator(".dropdown-download-buttons .dropdown-menu.show")
    menu.wait_for(state="visible", timeout=5000)
    opened = button.get_attribute("aria-expanded") == "true"
    opened = opened and menu.locator("a.dropdown-item:visible").count() >= 2
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    closed = button.get_attribute("aria-expanded") == "false" and not menu.count()
    return opened, closed


def _fullscreen(page, press: str) -> bool:
    getattr(page.locator(".btn-fullscreen-button:visible").first, press)()
    page.wait_for_timeout(300)
    entered = page.evaluate("document.fullscreenElement !== null")
    if entered:
        page.evaluate("document.exitFullscreen()")
    return entered


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", [1280, 390])
def test_every_header_and_sidebar_button_does_its_job(
    server: str, browser, width: int
) -> None:
    from test_browser import SIDEBARS

    problems: list[str] = []
    context, page, press = _open(browser, server, width, problems)
    assert page.evaluate("typeof window.bootstrap") == "undefined"
    if width == 1280:  # a tooltip's first use loads Bootstrap, then shows it
        page.locator(".theme-switch-button").hover()
        tip = page.locator(".tooltip", has_text="Color mode")
        tip.wait_for(state="visible", timeout=5000)
        page.mouse.move(5, 600)
    else:  # "Back to top" (sphinx-book-theme hides it from 1200 px up)
        _back_to_top(page, press)
        assert page.evaluate("typeof window.bootstrap") == "undefined"
    # on a phone the menu's first use loads Bootstrap, then opens the menu
    opened, closed = _download_menu(page, press)
    assert opened and closed, "the download menu did not open, or Escape left it"
    modes = _colour_modes(page, press)
    # each press moves to the next mode; the icon shown is the mode's own
    assert len({mode for mode, _, _ in modes}) == 3, modes
    assert {"light", "dark"} <= {theme for _, theme, _ in modes}, modes
    assert all(icons == [mode] for mode, _, icons in modes), modes
    assert _fullscreen(page, press), "the fullscreen button did not go fullscreen"
    getattr(page.locator("button.primary-toggle:visible").first, press)()
    page.wait_for_timeout(300)
    menu = page.evaluate(SIDEBARS)
    page.keyboard.press("Escape")
    if width == 390:
        assert menu["menu"] >= 10, menu  # the drawer with the table of contents
        getattr(page.locator("button.secondary-toggle:visible").first, press)()
        page.wait_for_timeout(300)
        assert page.evaluate(SIDEBARS)["contents"] >= 3  # the page's sections
        page.keyboard.press("Escape")
        page.wait_for_function(f"!({SIDEBARS})().contents")
    else:
        assert menu["collapsed"], menu  # the sidebar hides on a laptop
        assert page.locator(".bd-sidebar-secondary a.nav-link:visible").count() >= 3
    # the tapped toggle keeps focus, so its tooltip shows; the next tap is elsewhere
    page.evaluate("document.activeElement.blur()")
    page.mouse.move(5, 600)
    page.locator(".tooltip").wait_for(state="detached", timeout=5000)
    _search(page, press, server)
    context.close()
    assert not problems, problems


def _back_to_top(page, press: str) -> None:
    """Scrolling up shows "Back to top" (before Bootstrap loads); it goes to the top."""
    page.evaluate("window.scrollTo(0, 4000)")
    page.wait_for_timeout(200)
    page.evaluate("window.scrollBy(0, -600)")
    button = page.locator("#pst-back-to-top")
    button.wait_for(state="visible", timeout=5000)
    getattr(button, press)()
    page.wait_for_function("window.scrollY === 0", timeout=5000)


def _search(page, press: str, server: str) -> None:
    getattr(page.locator(".search-button__button:visible").first, press)()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible", timeout=5000)
    field.fill("Shenzhen")
    field.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Shenzhen"))
    results = page.locator("#search-results li a")
    results.nth(2).wait_for(timeout=15000)
    links = results.evaluate_all("links => links.map(a => a.href)")
    assert any("chapters/" in link for link in links), links
