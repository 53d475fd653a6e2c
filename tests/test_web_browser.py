"""The web page in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`)
driven by selenium against the real server (`python -m cablesearch serve --port 0`) over the
session's index of sample_data.

It types a query, clicks a facet value, opens a cable and follows a REF link, checking the
page's content at each step (never pixels) and that the browser reported no error (a
Content-Security-Policy violation would be one). Screenshots go to the test's temporary folder,
or to $CABLESEARCH_SCREENSHOTS when set (README's come from
`CABLESEARCH_SCREENSHOTS=docs/screenshots python -m pytest tests/test_web_browser.py`).

Without Chromium the test is skipped, except under CI (`$CI` set), where `.ci/run` installs it
and a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()

if not HAVE_BROWSER and os.environ.get("CI"):
    pytest.fail("CI needs Chromium for the browser test: apt-get install -y chromium chromium-driver",
                pytrace=False)
pytestmark = pytest.mark.skipif(not HAVE_BROWSER, reason="no Chromium: apt-get install -y chromium chromium-driver")
webdriver = pytest.importorskip("selenium.webdriver")
pytest.importorskip("uvicorn")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

WAIT_S = 20


@pytest.fixture(scope="module")
def server(sample_index) -> Iterator[str]:
    """The real server in its own process, on a free port: yields its address."""
    proc = subprocess.Popen([sys.executable, "-m", "cablesearch", "serve", "--index", str(sample_index.path),
                             "--port", "0"], cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = proc.stderr.readline()
        assert line.startswith("serving "), line
        url = line.split(" at ", 1)[1].split()[0]
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def start_chromium(javascript: bool = True):
    """Headless Chromium through Debian's chromedriver (nothing downloaded)."""
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--disable-extensions", "--no-first-run", "--hide-scrollbars", "--force-device-scale-factor=1"):
        opts.add_argument(arg)
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    opts.binary_location = CHROMIUM
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_window_size(1280, 900)
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver = start_chromium()
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def shots(tmp_path) -> Path:
    wanted = os.environ.get("CABLESEARCH_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def wait_for(driver, css: str):
    return WebDriverWait(driver, WAIT_S).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def summary(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "p.summary").text


def no_browser_errors(driver) -> None:
    severe = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert not severe, severe


def test_search_facet_cable_and_reference(server, browser, shots) -> None:
    d = browser
    d.get(server)
    wait_for(d, "p.summary")
    box = d.switch_to.active_element
    assert box.get_attribute("name") == "q", "the query box has the focus"
    assert "cables match" in summary(d)
    no_browser_errors(d)

    # type a query
    box.send_keys("hizballah", Keys.ENTER)
    WebDriverWait(d, WAIT_S).until(lambda drv: "q=hizballah" in drv.current_url)
    assert summary(d).startswith("7 cables match")
    hits = [a.text for a in d.find_elements(By.CSS_SELECTOR, "ol.hits a.id")]
    assert "85BEIRUT1013" in hits and "07SAOPAULO601" in hits
    assert d.find_element(By.CSS_SELECTOR, ".timeline svg").is_displayed()
    d.save_screenshot(str(shots / "search.png"))

    # click a facet value: the hits narrow, and the value is a filter that can be taken off
    d.find_element(By.XPATH, "//section[@id='facet-station']//a[.//span[@class='value' and "
                             "starts-with(normalize-space(.), 'BEIRUT')]]").click()
    WebDriverWait(d, WAIT_S).until(lambda drv: "station" in drv.current_url)
    assert summary(d).startswith("5 cables match")
    assert d.find_element(By.NAME, "q").get_attribute("value") == "hizballah station:BEIRUT"
    assert "station: BEIRUT" in d.find_element(By.CSS_SELECTOR, "ul.chips").text
    assert "07SAOPAULO601" not in d.find_element(By.CSS_SELECTOR, "ol.hits").text
    d.save_screenshot(str(shots / "search-facet.png"))

    # the sort control searches again by itself (the script runs under the page's CSP)
    sort = d.find_element(By.NAME, "sort")
    sort.find_element(By.CSS_SELECTOR, "option[value='-date']").click()
    WebDriverWait(d, WAIT_S).until(lambda drv: "sort=-date" in drv.current_url)
    assert summary(d).startswith("5 cables match")

    # open a cable
    d.find_element(By.XPATH, "//ol[@class='hits']//a[@class='id' and text()='85BEIRUT1013']").click()
    wait_for(d, ".cable-head h1")
    assert d.find_element(By.CSS_SELECTOR, ".cable-head h1 .id").text == "85BEIRUT1013"
    assert 'FURTHER ON HIZBALLAH "MANIFESTO"' in d.find_element(By.CSS_SELECTOR, ".cable-head .subject").text
    cited = d.find_element(By.ID, "cited-by").text
    assert "85BEIRUT1014" in cited and "85BEIRUT1351" in cited
    d.save_screenshot(str(shots / "cable.png"))

    # follow a REF link
    d.find_element(By.CSS_SELECTOR, "#references a[href='/cable/85BEIRUT992']").click()
    WebDriverWait(d, WAIT_S).until(lambda drv: drv.current_url.endswith("/cable/85BEIRUT992"))
    assert d.find_element(By.CSS_SELECTOR, ".cable-head h1 .id").text == "85BEIRUT992"
    assert "85BEIRUT1013" in d.find_element(By.ID, "cited-by").text
    d.save_screenshot(str(shots / "reference.png"))
    no_browser_errors(d)

    # "/" brings the cursor back to the query box
    d.find_element(By.TAG_NAME, "body").send_keys("/")
    time.sleep(0.2)
    assert d.switch_to.active_element.get_attribute("name") == "q"
    for name in ("search.png", "search-facet.png", "cable.png", "reference.png"):
        assert (shots / name).stat().st_size > 10_000, name


def test_a_bad_query_in_the_browser(server, browser) -> None:
    d = browser
    d.get(server)
    box = wait_for(d, "input[name='q']")
    box.send_keys("tags:", Keys.ENTER)
    error = wait_for(d, "#query-error")
    assert error.text and "\n" not in error.text
    assert d.find_element(By.NAME, "q").get_attribute("value") == "tags:"
    assert "Traceback" not in d.page_source


def test_everything_works_with_javascript_off(server) -> None:
    """No script: the search, a facet value, the sort (with the Search button), paging and a
    cable's copies compared are all plain links and GET forms."""
    d = start_chromium(javascript=False)
    try:
        d.get(server)
        box = wait_for(d, "input[name='q']")
        box.send_keys("tags:PGOV", Keys.ENTER)
        WebDriverWait(d, WAIT_S).until(lambda drv: "q=tags" in drv.current_url)
        total = summary(d)
        d.find_element(By.XPATH, "//section[@id='facet-classification']//a").click()
        WebDriverWait(d, WAIT_S).until(lambda drv: "classification" in drv.current_url)
        assert summary(d) != total and d.find_element(By.CSS_SELECTOR, "ul.chips").text
        d.find_element(By.CSS_SELECTOR, "option[value='date']").click()
        time.sleep(1)
        assert "sort=date" not in d.current_url, "scripts are off: changing the sort does not search by itself"
        d.find_element(By.CSS_SELECTOR, ".box button[type='submit']").click()
        WebDriverWait(d, WAIT_S).until(lambda drv: "sort=date" in drv.current_url)
        d.get(server + "search?q=")
        d.find_element(By.CSS_SELECTOR, "a[rel='next']").click()
        WebDriverWait(d, WAIT_S).until(lambda drv: "offset=20" in drv.current_url)
        assert summary(d).split("showing ")[1].startswith("21")
        d.get(server + "cable/10TRIPOLI95")
        d.find_element(By.CSS_SELECTOR, "a.diff-link").click()
        WebDriverWait(d, WAIT_S).until(lambda drv: "/diff" in drv.current_url)
        assert "copies compared" in d.find_element(By.TAG_NAME, "h1").text
    finally:
        d.quit()
