"""The web page (`cablesearch serve`) through Starlette's test client, over the session's index
of sample_data: every page and JSON route, facet links that round-trip, the timeline, the
diff of the sample's real copies, escaping, headers, errors, and the `serve` command itself.

The JSON API is checked against the CLI's own `--json`/`--nl`/`--csv` output for the same
options, byte for byte where the CLI writes one document.
"""

from __future__ import annotations

import html
import json
import re
import socket
import sys

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
uvicorn = pytest.importorskip("uvicorn")

from click.testing import CliRunner  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from cablesearch import CableIndex, CablesearchError, UsageError, build_index  # noqa: E402
from cablesearch import web  # noqa: E402
from cablesearch.cli import cli  # noqa: E402
from cablesearch.web.app import CONTENT_SECURITY_POLICY  # noqa: E402
from cablesearch.web.searches import PAGE_SIZE  # noqa: E402
from cablesearch.web.server import LOOPBACK_HOSTS  # noqa: E402

from conftest import ROOT, SAMPLE  # noqa: E402


@pytest.fixture(scope="module")
def client(sample_index: CableIndex) -> TestClient:
    return TestClient(web.create_app(sample_index))


def make_runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return CliRunner()


def cli_out(*args: str) -> str:
    result = make_runner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def hit_ids(page: str) -> list[str]:
    """The cable ids of a search page's hits, in order."""
    hits = page.split('<ol class="hits"', 1)[1].split("</ol>", 1)[0]
    return [html.unescape(m) for m in re.findall(r'<a class="id" href="/cable/([^"#?]+)', hits)]


def facet_links(page: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, href, selected) of one facet's values on a search page."""
    block = page.split(f'id="facet-{name}"', 1)[1].split("</section>", 1)[0]
    out = []
    for li in re.findall(r"<li(.*?)</li>", block, re.S):
        m = re.search(r'<a href="([^"]+)"[^>]*><span class="value">(?:<span class="badge[^"]*">)?([^<]+)', li)
        if m:
            out.append((html.unescape(m[2]).strip(), html.unescape(m[1]), li.startswith(' class="selected"')))
    return out


def summary_total(page: str) -> int:
    return int(re.search(r'<p class="summary">\s*<strong>([\d,]+)</strong>', page)[1].replace(",", ""))


# -- every route -------------------------------------------------------------------------------
@pytest.mark.parametrize("url,needle", [
    ("/", "cables match"),
    ("/search?q=police", "SERIOUS RELIGIOUS DISSIDENCE IN QOM"),
    ("/search?q=police&scope=paragraphs&sort=-date", "paragraphs match"),
    ("/search?q=&from=2009&to=2010", "by month"),
    ("/syntax", "Query syntax"),
    ("/cable/07MEXICO6043", "DEPUTY SECRETARY NEGROPONTE HAS CORDIAL MEETINGS"),
    ("/cable/73TEHRAN2077?copy=3", "copy 3 of 3"),
    ("/cable/10TRIPOLI95/diff", "copies compared"),
    ("/static/style.css", ".badge-s"),
    ("/static/app.js", "addEventListener"),
    ("/static/favicon.svg", "<svg"),
])
def test_every_page_answers(client, url, needle) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text[:300]
    assert needle in r.text


def test_the_query_box_has_the_focus_and_the_query(client) -> None:
    page = client.get("/search?q=" + "tags:PGOV").text
    box = re.search(r'<input type="search" name="q"[^>]*>', page, re.S)[0]
    assert 'value="tags:PGOV"' in box and "autofocus" in box


# -- the JSON API is the CLI's --json ---------------------------------------------------------
@pytest.mark.parametrize("params,args", [
    ("q=police&facet=tags&facet=year", ["police", "--facet", "tags", "--facet", "year"]),
    ("q=tags:PGOV&sort=-date&limit=3&offset=2", ["tags:PGOV", "--sort", "-date", "--limit", "3", "--offset", "2"]),
    ("q=police&paragraphs=1&from=2000&to=2010", ["police", "--paragraphs", "--from", "2000", "--to", "2010"]),
    ("q=&all_versions=1&facet=classification&facet_size=2",
     ["", "--all-versions", "--facet", "classification", "--facet-size", "2"]),
    ("q=police&all=1", ["police", "--all"]),
])
def test_api_search_is_search_json(client, sample_index, params, args) -> None:
    r = client.get("/api/search?" + params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    expected = cli_out("search", *args, "--json", "--index", str(sample_index.path))
    assert json.loads(r.text) == json.loads(expected)
    assert r.text == expected


@pytest.mark.parametrize("fmt,flag", [("nl", "--nl"), ("csv", "--csv")])
def test_api_search_nl_and_csv_are_the_cli_s(client, sample_index, fmt, flag) -> None:
    for extra, args in (("", []), ("&all=1", ["--all"])):
        r = client.get(f"/api/search?q=police&format={fmt}{extra}")
        assert r.status_code == 200
        expected = cli_out("search", "police", flag, *args, "--index", str(sample_index.path))
        assert r.text.replace("\r\n", "\n") == expected.replace("\r\n", "\n")


@pytest.mark.parametrize("route,args", [
    ("/api/cable/07MEXICO6043", ["show", "07MEXICO6043"]),
    ("/api/cable/85BEIRUT1013/refs?depth=2", ["refs", "85BEIRUT1013", "--depth", "2"]),
    ("/api/cable/73TEHRAN2077/versions", ["versions", "73TEHRAN2077"]),
    ("/api/cable/10TRIPOLI95/diff", ["diff", "10TRIPOLI95"]),
    ("/api/cable/73TEHRAN2077/diff?from=1&to=3", ["diff", "73TEHRAN2077", "--from", "1", "--to", "3"]),
])
def test_api_cable_routes_are_the_cli_s_json(client, sample_index, route, args) -> None:
    r = client.get(route)
    assert r.status_code == 200
    assert r.text == cli_out(*args, "--json", "--index", str(sample_index.path))


@pytest.mark.parametrize("url,status,kind,exit_code", [
    ("/api/search?q=tags:", 400, "QueryError", 2),
    ("/api/search?q=(police", 400, "QueryError", 2),
    ("/api/search?q=police&sort=sideways", 400, "UsageError", 2),
    ("/api/search?q=police&limit=many", 400, "UsageError", 2),
    ("/api/search?q=police&facet=nonsense", 400, "UsageError", 2),
    ("/api/cable/99NOWHERE1", 404, "NotFoundError", 1),
    ("/api/cable/09SHENYANG5/diff", 404, "NotFoundError", 1),
    ("/api/cable/85BEIRUT1013/refs?depth=-1", 400, "UsageError", 2),
])
def test_api_errors_are_one_line_json(client, url, status, kind, exit_code) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["type"] == kind and body["exit_code"] == exit_code
    assert "\n" not in body["error"] and "Traceback" not in r.text


def test_every_web_search_runs_within_the_web_budget(client, monkeypatch) -> None:
    """The page and the API give each search `DEFAULT_WEB_TIMEOUT_S`: with a budget too small
    for any search, both answer with the one-line timeout, not a result."""
    monkeypatch.setattr("cablesearch.web.searches.DEFAULT_WEB_TIMEOUT_S", 1e-9)
    r = client.get("/api/search?q=kidnap*%20OR%20police&facet=tags")
    assert r.status_code == 400 and r.json()["type"] == "QueryTimeoutError", r.text
    assert r.json()["exit_code"] == 2 and "\n" not in r.json()["error"]
    page = client.get("/search?q=kidnap*%20OR%20police")
    assert page.status_code == 400 and "budget" in page.text and "Traceback" not in page.text


def test_a_filter_only_query_comes_in_date_order_on_the_page_and_the_api(client, sample_index) -> None:
    r = client.get("/api/search?q=tags:PGOV&limit=50")
    dates = [h["date"] for h in r.json()["hits"]]
    dated = [d for d in dates if d]
    assert len(dated) > 2 and dates == sorted(dated) + [None] * (len(dates) - len(dated))  # undated last
    assert r.text == cli_out("search", "tags:PGOV", "--limit", "50", "--json", "--index", str(sample_index.path))


# -- the search page ---------------------------------------------------------------------------
def test_a_bad_query_shows_its_one_line_error_beside_the_box(client) -> None:
    r = client.get("/search?q=tags:")
    assert r.status_code == 400
    error = re.search(r'<p class="error" role="alert" id="query-error">(.*?)</p>', r.text, re.S)[1]
    assert error and "\n" not in error and "tags" in html.unescape(error)
    assert 'value="tags:"' in r.text, "the query stays in the box to be fixed"
    assert "Traceback" not in r.text and "hits" not in r.text


@pytest.mark.parametrize("params,words", [
    ("q=police&sort=sideways", "unknown sort"), ("q=police&offset=-3", "offset"),
    ("q=police&scope=everything", "unknown scope"), ("q=police&from=2009&to=2001", "empty date range"),
    ("q=police&from=yesterday", "yesterday"),
])
def test_a_bad_page_parameter_is_one_line_too(client, params, words) -> None:
    r = client.get("/search?" + params)
    assert r.status_code == 400
    error = html.unescape(re.search(r'<p class="error" role="alert" id="query-error">(.*?)</p>', r.text, re.S)[1])
    assert words in error and "\n" not in error and "Traceback" not in r.text


@pytest.mark.parametrize("facet", ["tags", "country", "station", "classification", "year", "people", "marking",
                                   "withheld"])
def test_facet_links_round_trip(client, facet) -> None:
    """Click a value: the hits narrow to its count and it shows selected; click it again: the
    first page comes back, hits and facets alike."""
    first = client.get("/search?q=police").text
    links = facet_links(first, facet)
    assert links, facet
    value, href, selected = links[0]
    assert not selected
    narrowed = client.get(href).text
    assert "query-error" not in narrowed
    chosen = [link for link in facet_links(narrowed, facet) if link[0] == value]
    assert chosen and chosen[0][2], "the clicked value is marked selected"
    assert set(hit_ids(narrowed)) <= set(hit_ids(first)) or summary_total(narrowed) <= summary_total(first)
    back = client.get(chosen[0][1]).text
    assert hit_ids(back) == hit_ids(first)
    assert facet_links(back, facet) == facet_links(first, facet)


def test_a_chip_takes_a_filter_off(client) -> None:
    page = client.get("/search?q=police tags:PGOV").text
    chip = re.search(r'<ul class="chips".*?<a href="([^"]+)"', page, re.S)[1]
    assert hit_ids(client.get(html.unescape(chip)).text) == hit_ids(client.get("/search?q=police").text)


def test_timeline_bars_narrow_the_dates(client, sample_index) -> None:
    page = client.get("/search?q=tags:PGOV").text
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    bars = re.findall(r'<a href="([^"]+)"><title>(\d{4}): (\d+)</title>', svg)
    assert bars and all("from=" in h and "to=" in h for h, _, _ in bars)
    href, year, count = next(b for b in bars if int(b[2]) > 0)
    narrowed = client.get(html.unescape(href)).text
    assert summary_total(narrowed) == int(count)
    assert f"dates: {year}" in narrowed
    assert sample_index.search("tags:PGOV", from_=year, to=year, limit=0).total == int(count)


def test_paging(client) -> None:
    first = client.get("/search?q=").text
    assert len(hit_ids(first)) == PAGE_SIZE
    nxt = html.unescape(re.search(r'<a rel="next" href="([^"]+)"', first)[1])
    second = client.get(nxt).text
    assert not set(hit_ids(second)) & set(hit_ids(first))
    prev = html.unescape(re.search(r'<a rel="prev" href="([^"]+)"', second)[1])
    assert hit_ids(client.get(prev).text) == hit_ids(first)


def test_paragraph_hits_link_to_their_paragraph(client) -> None:
    page = client.get("/search?q=police&scope=paragraphs").text
    assert re.search(r'<a class="id" href="/cable/[^"#]+#p-\d+">', page)
    assert 'name="scope" value="paragraphs" data-autosubmit checked' in page


def test_copies_badge_and_suggestion(client) -> None:
    assert "2 copies" in client.get("/search?q=id:10TRIPOLI95").text
    page = client.get("/search?q=negroponet").text
    assert "did you mean" in page


def test_export_links_are_the_api_s(client) -> None:
    page = client.get("/search?q=police&sort=date").text
    links = [html.unescape(h) for h in re.findall(r'href="(/api/search\?[^"]+)"', page)]
    assert len(links) == 3 and all("all=1" in h and "sort=date" in h for h in links)
    assert client.get(links[0]).json()["total"] == summary_total(page)


# -- a cable -----------------------------------------------------------------------------------
def test_cable_page_links_references_and_cited_by(client) -> None:
    page = client.get("/cable/85BEIRUT1013").text
    refs = page.split('id="references"', 1)[1].split("</section>", 1)[0]
    cited = page.split('id="cited-by"', 1)[1].split("</section>", 1)[0]
    assert 'href="/cable/85BEIRUT992"' in refs
    assert 'href="/cable/85BEIRUT1014"' in cited and 'href="/cable/85BEIRUT1351"' in cited


def test_a_ref_not_in_the_index_is_marked(client) -> None:
    page = client.get("/cable/06BRASILIA2475").text
    refs = page.split('id="references"', 1)[1].split("</section>", 1)[0]
    assert '<span class="id absent">06STATE186511</span>' in refs and "not in the index" in refs


def test_cable_fields_link_to_searches(client) -> None:
    page = client.get("/cable/07MEXICO6043").text
    assert 'href="/search?q=tags%3APGOV"' in page
    assert "Government; Internal Governmental Affairs" in page, "TAGS with their meaning"
    assert 'href="/search?q=people%3A%22Genaro+Garcia+Luna%22"' in page
    assert 'href="/search?q=station%3AMEXICO"' in page
    assert re.search(r'id="p-2">\s*<span class="para-head"><span class="para">¶2</span><span class="badge badge-c">C'
                     r'</span><a class="badge badge-withheld"', page)


def test_cable_page_of_an_unknown_id_is_404(client) -> None:
    r = client.get("/cable/99NOWHERE1")
    assert r.status_code == 404 and "no cable" in r.text and "Traceback" not in r.text


def test_an_unknown_address_is_404_as_a_page_or_json(client) -> None:
    r = client.get("/nowhere")
    assert r.status_code == 404 and "no page at /nowhere" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.get("/api/nowhere")
    assert r.status_code == 404 and r.json()["type"] == "NotFoundError"
    assert client.get("/static/none.css").status_code == 404


# -- copies ------------------------------------------------------------------------------------
def test_diff_of_the_sample_s_real_copies(client, sample_index) -> None:
    page = client.get("/cable/10TRIPOLI95/diff").text
    d = sample_index.diff("10TRIPOLI95").to_dict()
    assert f"{d['summary']['same']} same" in page and f"{d['summary']['changed']} changed" in page
    assert "<del>Our contact</del><ins>XXXXXXXXXXXX</ins>" in page
    assert page.count('class="cell st-changed') == 2 * d["summary"]["changed"]
    three = client.get("/cable/73TEHRAN2077/diff?from=1&to=3").text
    assert '<option value="3" selected>' in three


def test_cable_page_lists_copies_with_diff_links(client) -> None:
    page = client.get("/cable/09STATE68250").text
    copies = page.split('id="copies"', 1)[1].split("</section>", 1)[0]
    assert "cablegate-html-2010/09STATE68250.html" in copies and "cablegate-html-2011/09STATE68250.html" in copies
    assert 'href="/cable/09STATE68250/diff?from=1&amp;to=2"' in copies


# -- safety ------------------------------------------------------------------------------------
def test_security_headers_on_every_response(client) -> None:
    for url in ("/", "/cable/07MEXICO6043", "/api/search?q=x", "/static/style.css", "/cable/NOPE", "/search?q=("):
        r = client.get(url)
        assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("url", ["/", "/search?q=police", "/cable/07MEXICO6043", "/cable/10TRIPOLI95/diff", "/syntax"])
def test_pages_have_no_inline_script_or_style_and_nothing_external(client, url) -> None:
    page = client.get(url).text
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/app.js" defer>']
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", page)
    assert not re.search(r'(src|href)="(https?:)?//', page), "no external asset or link"


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_read_only(client, method) -> None:
    for url in ("/", "/search", "/api/search", "/cable/07MEXICO6043"):
        assert getattr(client, method)(url).status_code == 405


def test_other_hosts_are_refused_on_a_loopback_server(sample_index) -> None:
    """A loopback server answers only loopback Host names (no DNS rebinding from another site)."""
    c = TestClient(web.create_app(sample_index, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8642")
    assert c.get("/").status_code == 200
    assert c.get("/", headers={"host": "localhost:8642"}).status_code == 200
    assert c.get("/", headers={"host": "evil.example"}).status_code == 400


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory) -> CableIndex:
    """A test cable DERIVED from a real sample cable (07MEXICO6043, FOIA OCR): a copy whose
    subject and first paragraph were edited here to carry markup and quotes. It is not a real
    cable and exists only in this test's temporary folder."""
    root = tmp_path_factory.mktemp("hostile")
    src = (SAMPLE / "foia-ocr" / "MEXICO006043-2007.txt").read_text(encoding="utf-8")
    src = src.replace("SUBJECT: DEPUTY SECRETARY NEGROPONTE", """SUBJECT: <script>alert("s")</script> "Q" 'A' NEGROPONTE""")
    src = src.replace("1. Summary: On October 30,",
                      """1. Summary: zanzibarquux <img src=x onerror="alert(1)"> "double" 'single' & On October 30,""")
    (root / "cables").mkdir()
    (root / "cables" / "derived.txt").write_text(src, encoding="utf-8")
    build_index([root / "cables"], root / "index")
    with CableIndex.open(root / "index") as ix:
        yield ix


def test_cable_strings_render_inert(hostile_index) -> None:
    c = TestClient(web.create_app(hostile_index))
    cable = hostile_index.search("zanzibarquux", limit=1).hits[0]
    assert "<script>" in cable.subject, "the derived cable carries the markup"
    for url in ("/search?q=zanzibarquux", "/search?q=zanzibarquux&scope=paragraphs", f"/cable/{cable.id}",
                "/search?q=" + "subject:alert"):
        page = c.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page, url
        assert "onerror=" not in page.replace("onerror=&#34;", "").replace("onerror=&quot;", ""), url
    search = c.get("/search?q=zanzibarquux").text
    assert "&lt;script&gt;alert(&#34;s&#34;)&lt;/script&gt;" in search
    assert "<mark>zanzibarquux</mark> &lt;img src=x onerror=&#34;alert(1)&#34;&gt; &#34;double&#34; &#39;single&#39; &amp;" \
        in search
    assert c.get("/api/search?q=zanzibarquux").json()["hits"][0]["subject"] == cable.subject


def test_a_query_with_markup_is_escaped_in_the_box_and_the_error(client) -> None:
    q = '"><script>alert(1)</script> tags:'
    page = client.get("/search", params={"q": q}).text
    assert "<script>alert(1)" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; tags:"' in page


# -- `cablesearch serve` -----------------------------------------------------------------------
class _Stop(Exception):
    pass


@pytest.fixture
def no_server(monkeypatch) -> list[tuple]:
    """uvicorn's run replaced: records the listening address instead of serving."""
    seen: list[tuple] = []

    def fake_run(self, sockets=None):
        seen.append(sockets[0].getsockname())

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    return seen


def test_serve_listens_on_127_0_0_1_by_default(sample_index, no_server) -> None:
    result = make_runner().invoke(cli, ["serve", "--index", str(sample_index.path), "--port", "0"],
                                  catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    host, port = no_server[0][:2]
    assert host == "127.0.0.1" and port > 0
    assert result.stderr.strip().splitlines() == [
        f"serving {sample_index.path} at http://127.0.0.1:{port}/  (read-only; Ctrl-C to stop)"]
    assert result.stdout == ""


def test_open_opens_the_page_in_the_browser(sample_index, no_server, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    result = make_runner().invoke(cli, ["serve", "--index", str(sample_index.path), "--port", "0", "--open"],
                                  catch_exceptions=False)
    assert result.exit_code == 0 and opened == [f"http://127.0.0.1:{no_server[0][1]}/"]


def test_serve_warns_for_another_host(sample_index, no_server) -> None:
    result = make_runner().invoke(cli, ["serve", "--index", str(sample_index.path), "--host", "0.0.0.0",
                                        "--port", "0"], catch_exceptions=False)
    assert result.exit_code == 0
    first = result.stderr.splitlines()[0]
    assert first.startswith("warning: listening on 0.0.0.0") and "visible" in first and "network" in first
    assert no_server[0][0] == "0.0.0.0"


def test_the_api_serve_is_the_same(sample_index, no_server) -> None:
    lines: list[str] = []
    import cablesearch

    cablesearch.serve(sample_index.path, port=0, echo=lines.append)
    assert no_server[0][0] == "127.0.0.1" and len(lines) == 1 and lines[0].startswith("serving ")


def test_a_port_in_use_is_one_line_and_exit_1(sample_index, no_server) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = make_runner().invoke(cli, ["serve", "--index", str(sample_index.path), "--port", str(port)])
    assert result.exit_code == 1 and not no_server
    assert result.stderr.startswith(f"cablesearch: error: cannot listen on 127.0.0.1:{port}:")
    assert len(result.stderr.splitlines()) == 1


def test_serve_without_an_index_is_exit_1(tmp_path, no_server) -> None:
    result = make_runner().invoke(cli, ["serve", "--index", str(tmp_path / "none"), "--port", "0"])
    assert result.exit_code == 1 and not no_server and len(result.stderr.splitlines()) == 1


def test_without_the_web_extra_one_line_and_exit_2(sample_index, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "starlette", None)  # `import starlette` now fails
    result = make_runner().invoke(cli, ["serve", "--index", str(sample_index.path)])
    assert result.exit_code == 2
    assert result.stderr == "cablesearch: error: the web page needs the web extra: pip install 'cablesearch[web]'\n"
    with pytest.raises(UsageError, match=r"pip install 'cablesearch\[web\]'"):
        web.create_app(sample_index)


def test_importing_cablesearch_loads_no_web_framework() -> None:
    import subprocess

    code = ("import sys, cablesearch, cablesearch.cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('starlette', 'jinja2', 'uvicorn')))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_syntax_page_has_every_cheat_sheet_row() -> None:
    """The page's cheat-sheet is README's: every example of its table is on the page."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.search(r"## Query syntax \(cheat-sheet\)\n\n(.*?)\n\n", readme, re.S)[1]
    page = (ROOT / "cablesearch" / "web" / "templates" / "syntax.html").read_text(encoding="utf-8")
    for row in table.splitlines()[2:]:
        for example in re.findall(r"`([^`]+)`", row.split(" | ")[0]):
            assert f"<code>{html.escape(example, quote=False)}</code>" in page, example


def test_errors_that_are_not_the_user_s_are_a_plain_500(sample_index, monkeypatch) -> None:
    c = TestClient(web.create_app(sample_index), raise_server_exceptions=False)
    monkeypatch.setattr(CableIndex, "refs", lambda *a, **k: 1 / 0)
    r = c.get("/cable/07MEXICO6043")
    assert r.status_code == 500 and "internal error" in r.text and "ZeroDivision" not in r.text
    r = c.get("/api/cable/07MEXICO6043/refs")
    assert r.status_code == 500 and r.json()["error"] == "internal error"


def test_an_unreadable_index_is_503_not_a_stack(sample_index, monkeypatch) -> None:
    from cablesearch import IndexUnavailableError

    def gone(*a, **k):
        raise IndexUnavailableError("the index folder vanished")

    c = TestClient(web.create_app(sample_index))
    monkeypatch.setattr(CableIndex, "search", gone)
    r = c.get("/api/search?q=x")
    assert r.status_code == 503 and r.json()["error"] == "the index folder vanished"
    assert isinstance(IndexUnavailableError("x"), CablesearchError)


def test_static_files_ship_in_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"cablesearch.web" = ["templates/*.html", "static/*"]' in pyproject
    shipped = {p.name for p in (ROOT / "cablesearch" / "web" / "static").iterdir()}
    assert {"style.css", "app.js", "favicon.svg"} <= shipped
