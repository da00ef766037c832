#!/usr/bin/env python3
"""report_test.py: tests of `reprint scan --html` in headless Chromium.

Drives Debian's chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: no
port, no network, no driver download), with the standard library only. Each test renders a
report with $REPRINT and checks it against the scan's JSON Lines records, which come from
the same corpus but not from the page:
  - (report-data, without a browser) the page's JSON holds every text and every span at
    the UTF-16 indices of the scan's byte spans, with nothing unescaped that ends a script;
  - every story is listed in the overview and every article in its story's view;
  - clicking a pair (a real mouse click) shows, on both sides, highlighted text that is
    exactly the text of each shared passage's byte spans, copies and quotations in different
    colours, rewritten sentences marked, page furniture greyed out at its spans, and jump
    links that move the focus to the matching passage;
  - the keyboard reaches and opens a story, and the print style hides the controls;
  - nothing is written to the console and no request leaves the page.
Screenshots are kept as build/test/report-*.png. The ECB+ report is timed from navigation
to the listed stories. Prints one line per test: "ok NAME", "FAIL NAME: why" or
"skip NAME: why", as tests/run.sh counts them.

usage: python3 tests/browser/report_test.py [NAME...]   (from the project root)
environment: REPRINT (default build/test/reprint), SHARED (default ../shared), CHROMIUM
"""

import base64
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPRINT = os.environ.get("REPRINT", "build/test/reprint")
SHARED = os.environ.get("SHARED", "../shared")
OUT = os.path.join("build", "test")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--remote-debugging-pipe"]


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failure(what)


# ---- The DevTools protocol over a pipe ----------------------------------------------------

class Browser:
    """Chromium with --remote-debugging-pipe: commands go to its fd 3 and answers come from
    its fd 4, as JSON messages ended by a NUL byte."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="reprint-chromium-")
        to_child, self.cmd_fd = os.pipe()
        self.res_fd, from_child = os.pipe()

        def fds():
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [binary] + FLAGS + ["--user-data-dir=" + self.profile, "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False)
        os.close(to_child)
        os.close(from_child)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_fd, json.dumps(msg).encode() + b"\0")
        while True:
            m = self.read(timeout)
            if m is None:
                raise Failure("no answer from chromium to " + method)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise Failure(method + ": " + m["error"].get("message", "error"))
                return m.get("result", {})

    def read(self, timeout):
        """The next message, or None after 'timeout' seconds; events are kept in self.events."""
        end = time.monotonic() + timeout
        while b"\0" not in self.buf:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.res_fd], [], [], left)[0]:
                return None
            chunk = os.read(self.res_fd, 1 << 20)
            if not chunk:
                raise Failure("chromium closed the pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        m = json.loads(raw)
        if "method" in m:
            self.events.append(m)
        return m

    def wait_event(self, method, timeout=30):
        end = time.monotonic() + timeout
        while True:
            for k, e in enumerate(self.events):
                if e["method"] == method:
                    del self.events[k]
                    return e
            if time.monotonic() > end or self.read(max(0.01, end - time.monotonic())) is None:
                raise Failure("no " + method + " within %d s" % timeout)

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)
        self.session = self.send("Target.attachToTarget",
                                 {"targetId": target["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(domain + ".enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 860, "deviceScaleFactor": 1, "mobile": False})

    def navigate(self, url):
        self.events = [e for e in self.events if e["method"] != "Page.loadEventFired"]
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def js(self, expression):
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                           "awaitPromise": True})
        if "exceptionDetails" in r:
            raise Failure("script failed: " + json.dumps(r["exceptionDetails"])[:400])
        return r["result"].get("value")

    def wait_for(self, expression, what, timeout=10):
        end = time.monotonic() + timeout
        while True:
            v = self.js("!!(%s)" % expression)
            if v:
                return v
            if time.monotonic() > end:
                raise Failure("timed out waiting for " + what)
            self.read(0.02)

    def click(self, selector):
        """A real mouse click in the middle of the first element that 'selector' matches."""
        rect = self.js("new Promise((done) => requestAnimationFrame(() => done((() => {"
                       " const e = document.querySelector(%s); if (!e) return null;"
                       " e.scrollIntoView({block: 'center', behavior: 'instant'});"
                       " const path = e.querySelector('path');"  # an SVG link: the middle of its line
                       " if (path) { const p = path.getPointAtLength(path.getTotalLength() / 2)"
                       "   .matrixTransform(path.getScreenCTM()); return [p.x, p.y]; }"
                       " const r = e.getClientRects()[0] || e.getBoundingClientRect();"
                       " return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]; })())))"
                       % json.dumps(selector))
        check(rect is not None, "nothing to click at " + selector)
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": rect[0], "y": rect[1],
                                                   "button": "left", "clickCount": 1})

    def key(self, key, code, vk, text=None):
        for kind in ("keyDown", "keyUp"):
            p = {"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": vk}
            if text and kind == "keyDown":
                p["text"] = text
            self.send("Input.dispatchKeyEvent", p)

    def screenshot(self, path, width=1280, height=860):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.read(0.1)
        shot = self.send("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 860, "deviceScaleFactor": 1, "mobile": False})

    def problems(self):
        """Console errors, exceptions and requests that left the page, since the last call."""
        self.read(0.05)
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                out.append("exception: " + p["exceptionDetails"].get("text", "") + " " +
                           json.dumps(p["exceptionDetails"].get("exception", {}).get("description", "")))
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                out.append("console %s: %s" % (p["type"], " ".join(str(a.get("value", a.get("description")))
                                                                    for a in p.get("args", []))))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] in ("error", "warning"):
                out.append("log: " + p["entry"]["text"])
            elif e["method"] == "Network.requestWillBeSent":
                url = p["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    out.append("request: " + url)
        self.events = []
        return out

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self.cmd_fd, self.res_fd):
            os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)


# ---- Corpora and what the scan says of them -----------------------------------------------

def decode(b):
    """Bytes as reprint's JSON writer gives them: UTF-8, and U+FFFD for each invalid byte."""
    out, i = [], 0
    while i < len(b):
        c = b[i]
        n = 1 if c < 0x80 else 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else \
            4 if 0xF0 <= c <= 0xF4 else 0
        try:
            ch = b[i:i + n].decode("utf-8") if n else None
        except UnicodeDecodeError:
            ch = None
        if ch is None or len(b[i:i + n]) < n:
            out.append("\ufffd")
            i += 1
        else:
            out.append(ch)
            i += n
    return "".join(out)


def read_texts(path):
    """id -> text bytes of every article under path (.txt files and .jsonl records)."""
    texts = {}
    files = [path] if os.path.isfile(path) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs)
    for f in files:
        if f.endswith(".txt"):
            with open(f, "rb") as fh:
                texts[os.path.splitext(os.path.basename(f))[0]] = fh.read()
        elif f.endswith(".jsonl"):
            with open(f, encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        r = json.loads(line)
                        texts[str(r["id"])] = r["text"].encode("utf-8")
    return texts


SCANS = {}


def scan(path, html):
    """Writes the report of 'path' to 'html' and returns the scan's JSON Lines records (once
    for each pair of them: the tests share the pages)."""
    if (path, html) in SCANS and os.path.exists(html):
        return SCANS[path, html]
    r = subprocess.run([REPRINT, "scan", "--html", html, "--format", "jsonl", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    check(r.returncode == 0, "reprint scan failed: " + r.stderr.decode(errors="replace"))
    recs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    SCANS[path, html] = {k: [x for x in recs if x["kind"] == k] for k in ("article", "relation", "story")}
    return SCANS[path, html]


def page_data(html):
    with open(html, encoding="utf-8") as f:
        page = f.read()
    m = re.search(r'<script type="application/json" id="rp-data">(.*?)</script>', page, re.S)
    check(m, "no #rp-data in the page")
    return page, json.loads(m.group(1))


def utf16_slice(s, start, end):
    u = s.encode("utf-16-le", "surrogatepass")
    return u[2 * start:2 * end].decode("utf-16-le", "surrogatepass")


# ---- Checks in the page ---------------------------------------------------------------------

SEG_TEXT = ("(() => { const box = document.getElementById('rp-text-%s');"
            " return [...box.querySelectorAll('.seg[data-p~=\"%d\"]')].map((e) => e.textContent).join(''); })()")


def show(br, hash_):
    """Goes to a view by its address and waits until it is drawn."""
    br.js("location.hash = %s" % json.dumps(hash_))
    br.wait_for("document.body.dataset.view === %s" % json.dumps(hash_[1:]), "the view " + hash_)


JUNK = ("(() => { const out = []; const w = document.createTreeWalker(document.getElementById('rp-main'),"
        " NodeFilter.SHOW_TEXT); for (let t; (t = w.nextNode());) { if (t.parentElement.closest('.text')) continue;"
        " const s = t.textContent.trim(); if (/^(null|undefined|NaN)$|undefined|NaN%|\\[object /.test(s)) out.push(s); }"
        " return out; })()")


def check_clean(br, where):
    """No text outside the articles' own says null, undefined, NaN or [object ...]."""
    junk = br.js(JUNK)
    check(not junk, "%s shows %r" % (where, junk[:3]))


def check_overview(br, recs):
    """Every story is in the overview's table (all on one page); returns its row count."""
    br.wait_for("document.querySelector('#rp-stories tbody')", "the stories table")
    br.js("(() => { const s = document.getElementById('rp-page-size'); s.value = '0';"
          " s.dispatchEvent(new Event('change')); })()")
    check_clean(br, "the overview")
    rows = br.js("document.querySelectorAll('#rp-stories tbody tr').length")
    check(rows == len(recs["story"]), "overview lists %s of %d stories" % (rows, len(recs["story"])))
    titles = br.js("[...document.querySelectorAll('#rp-stories tbody th a')].map((a) => a.textContent)")
    for st in recs["story"]:
        want = st["title"] or st["articles"][0]
        check(want in titles, "story %s (%r) is not listed" % (st["id"], want))
    return rows


def check_all_articles(br, recs):
    """Every article appears in the view of its story, with its role."""
    seen = {}
    for k, st in enumerate(recs["story"]):
        show(br, "#/story/%d" % k)
        check_clean(br, "story %d" % k)
        rows = br.js("[...document.querySelectorAll('#rp-main tr[data-article]')].map((r) =>"
                     " [r.querySelector('th + td + td a').textContent, r.querySelector('.badge').textContent])")
        for (aid, role), want_id, want_role in zip(rows, st["articles"], st["roles"]):
            check(aid == want_id and role == want_role,
                  "story %s row %r, expected %r" % (st["id"], (aid, role), (want_id, want_role)))
            seen[aid] = True
        check(len(rows) == len(st["articles"]), "story %s shows %d of %d articles"
              % (st["id"], len(rows), len(st["articles"])))
    missing = [a["id"] for a in recs["article"] if a["id"] not in seen]
    check(not missing, "articles not shown: %s" % missing[:5])


def check_pair(br, recs, texts, rel, name, flip=False):
    """Opens the pair of relation 'rel' (from its story's table with a click, or, flipped,
    by its address with B on the left) and checks every span on both sides."""
    index = {a["id"]: k for k, a in enumerate(recs["article"])}
    left, right = ("b", "a") if flip else ("a", "b")
    href = "#/pair/%d/%d" % (index[rel[left]], index[rel[right]])
    if flip:
        show(br, href)
    else:
        st = next(k for k, s in enumerate(recs["story"]) if rel["a"] in s["articles"])
        show(br, "#/story/%d" % st)
        br.click('a.pair-link[href="%s"]' % href)
        br.wait_for("document.body.dataset.view === %s" % json.dumps(href[1:]),
                    "the pair view of %s and %s" % (rel["a"], rel["b"]))
    check_clean(br, "pair " + href)
    page_side = {left: "a", right: "b"}
    for side in ("a", "b"):
        whole = br.js("[...document.querySelectorAll('#rp-text-%s .seg')].map((e) => e.textContent).join('')"
                      % page_side[side])
        check(whole == decode(texts[rel[side]]), "the text of %s is not shown whole" % rel[side])
    colours = {}
    for k, p in enumerate(rel["passages"], 1):
        for side in ("a", "b"):
            s, e = p[side]
            want = decode(texts[rel[side]][s:e])
            got = br.js(SEG_TEXT % (page_side[side], k))
            check(got == want, "%s %s-%s passage %d side %s: highlighted %r, expected %r"
                  % (name, rel["a"], rel["b"], k, side, got[:80], want[:80]))
        kind = "quote" if p["quote"] else "copy"
        ok = br.js("[...document.querySelectorAll('.seg[data-p~=\"%d\"]')].every((e) =>"
                   " e.classList.contains('%s') || e.classList.contains('quote'))" % (k, kind))
        check(ok, "passage %d is not drawn as a %s" % (k, kind))
        colours[kind] = br.js("getComputedStyle(document.querySelector('.seg.%s')).backgroundColor" % kind)
    for k, p in enumerate(rel.get("sentences", []), 1):
        for side in ("a", "b"):
            got = br.js("[...document.querySelectorAll('#rp-text-%s .seg[data-s~=\"%d\"]')]"
                        ".map((e) => e.textContent).join('')" % (page_side[side], k))
            want = decode(texts[rel[side]][p[side][0]:p[side][1]])
            check(got == want, "rewrite sentence %d: %r, expected %r" % (k, got[:60], want[:60]))
    for side in ("a", "b"):
        art = next(a for a in recs["article"] if a["id"] == rel[side])
        box = "#rp-text-" + page_side[side]
        want = "".join(decode(texts[art["id"]][s:e]) for s, e in art["boilerplate"])
        got = br.js("[...document.querySelectorAll('%s .seg.bp')].map((e) => e.textContent).join('')" % box)
        check(got == want, "furniture of %s: greyed %r, expected %r" % (art["id"], got[:60], want[:60]))
        if want:
            grey = br.js("getComputedStyle(document.querySelector('%s .seg.bp')).color" % box)
            ink = br.js("getComputedStyle(document.querySelector('%s')).color" % box)
            check(grey != ink, "furniture of %s is not greyed" % art["id"])
    if rel["passages"]:
        br.click("#rp-a-p1")
        br.wait_for("document.activeElement && document.activeElement.id === 'rp-b-p1'",
                    "the jump from passage 1 in A to its match in B in " + href)
        br.wait_for("(() => { const r = document.activeElement.getBoundingClientRect();"
                    " return r.top >= 0 && r.bottom <= innerHeight; })()",
                    "the matching passage to scroll into view")
    return colours


def check_article(br, recs, texts, k):
    """The article view shows the whole text, its furniture and every passage it shares."""
    a = recs["article"][k]
    show(br, "#/article/%d" % k)
    check_clean(br, "article " + a["id"])
    whole = br.js("[...document.querySelectorAll('#rp-text-a .seg')].map((e) => e.textContent).join('')")
    check(whole == decode(texts[a["id"]]), "the article view of %s does not show its text" % a["id"])
    marked = br.js("[...document.querySelectorAll('#rp-text-a mark.seg')].map((e) => e.textContent).join('')")
    spans = sorted({tuple(p[side]) for r in recs["relation"] for side in ("a", "b")
                    if r[side] == a["id"] for p in r["passages"]})
    covered = bytearray(len(texts[a["id"]]))
    for s, e in spans:
        covered[s:e] = b"\1" * (e - s)
    want, i, b = [], 0, texts[a["id"]]
    while i < len(b):  # the bytes inside passages, decoded run by run
        j = i
        while j < len(b) and covered[j] == covered[i]:
            j += 1
        if covered[i]:
            want.append(decode(b[i:j]))
        i = j
    check(marked == "".join(want), "the article view of %s highlights %r, expected %r"
          % (a["id"], marked[:60], "".join(want)[:60]))


def check_keyboard(br):
    """From the top of the overview, Tab reaches a story link and Enter opens the story."""
    show(br, "#/")
    br.js("document.activeElement.blur(); window.focus()")
    for _ in range(40):
        br.key("Tab", "Tab", 9)
        href = br.js("document.activeElement && document.activeElement.getAttribute('href')")
        if href and href.startswith("#/story/"):
            break
    else:
        raise Failure("Tab never reached a story link")
    br.key("Enter", "Enter", 13, "\r")
    br.wait_for("document.body.dataset.view === %s && document.activeElement.tagName === 'H1'"
                % json.dumps(href[1:]),
                "Enter to open the story and focus its heading")


def check_print(br, pdf):
    """The print style hides the navigation, controls and jump links, keeps the highlights'
    colours, and the page prints (to 'pdf', kept as an artefact)."""
    br.send("Emulation.setEmulatedMedia", {"media": "print"})
    hidden = br.js("[...document.querySelectorAll('.top, .jump, .controls')].every((e) =>"
                   " getComputedStyle(e).display === 'none')")
    exact = br.js("[...document.querySelectorAll('.seg.copy, .seg.quote')].every((e) =>"
                  " getComputedStyle(e).printColorAdjust === 'exact')")
    br.send("Emulation.setEmulatedMedia", {"media": ""})
    check(hidden, "the print style shows the navigation or the jump links")
    check(exact, "the print style drops the highlights' colours")
    out = br.send("Page.printToPDF", {"printBackground": True})
    with open(pdf, "wb") as f:
        f.write(base64.b64decode(out["data"]))
    check(os.path.getsize(pdf) > 1000, "the printed page is empty")


def report_corpus(br, name, path, shot_views):
    html = os.path.abspath(os.path.join(OUT, "report-%s.html" % name))
    recs = scan(path, html)
    texts = read_texts(path)
    br.navigate("file://" + html)
    check_overview(br, recs)
    check_all_articles(br, recs)
    colours = {}
    pairs = 0
    for rel in recs["relation"]:
        colours.update(check_pair(br, recs, texts, rel, name))
        pairs += 1
    if recs["relation"]:
        check_pair(br, recs, texts, recs["relation"][0], name, flip=True)
    for k in range(len(recs["article"])):
        check_article(br, recs, texts, k)
    if recs["relation"]:
        show(br, "#/story/0")
        br.click(".graph a.edge-link")
        br.wait_for("document.body.dataset.view.startsWith('/pair/')", "a click on the graph to open a pair")
    if "copy" in colours and "quote" in colours:
        check(colours["copy"] != colours["quote"], "copies and quotes have the same colour")
    if recs["relation"] and recs["relation"][0]["passages"]:
        # A link straight to a passage of a pair: the page opens at it.
        target = first_pair(recs, first=True) + "/b/p1"
        br.navigate("about:blank")
        br.navigate("file://" + html + target)
        br.wait_for("document.body.dataset.view === %s && document.activeElement.id === 'rp-b-p1'"
                    % json.dumps(target[1:]), "the page opened at " + target)
    check_keyboard(br)
    show(br, first_pair(recs))
    check_print(br, os.path.join(OUT, "report-%s-print.pdf" % name))
    for view, hash_, size in shot_views(recs):
        show(br, hash_)
        br.js("window.scrollTo(0, 0)")
        br.screenshot(os.path.join(OUT, "report-%s-%s.png" % (name, view)), *size)
    problems = br.problems()
    check(not problems, "; ".join(problems[:5]))
    return "%d stories, %d articles, %d pairs checked" % (len(recs["story"]), len(recs["article"]), pairs)


# ---- Tests ----------------------------------------------------------------------------------

def first_pair(recs, first=False):
    """The address of the first relation, or of the one with the most passages."""
    index = {a["id"]: k for k, a in enumerate(recs["article"])}
    rel = recs["relation"][0] if first else \
        max(recs["relation"], key=lambda r: len(r["passages"]) + (r["type"] == "quote"))
    return "#/pair/%d/%d" % (index[rel["a"]], index[rel["b"]])


def test_examples(br):
    # report-examples-story.png is the README's doc/report.png.
    return report_corpus(br, "examples", "examples",
                         lambda recs: [("story", "#/story/0", (1000, 1160)), ("pair", first_pair(recs), (1280, 860)),
                                       ("overview", "#/", (1280, 600))])


def test_seeds(br):
    seeds = os.path.join(SHARED, "seeds")
    if not os.path.isdir(seeds):
        raise Skip(seeds + " not found")
    return report_corpus(br, "seeds", seeds, lambda recs: [("story", "#/story/0", (1280, 860)),
                                                          ("pair", first_pair(recs), (1280, 860))])


TRICKY_ORIGINAL = (
    "Harbour tunnel opens \U0001F6A2 after caf\u00e9 vote\n\n"
    "The Lindqvist harbour tunnel under the old \u00f8re canal opened on Monday morning after nine years of work "
    "and three referendums \U0001F389, the city's transport office said in a statement.\n\n"
    "\"We are proud that the crossing \u2014 all 2.4 kilometres of it \u2014 was finished on time and under budget,\" "
    "said the office's director \u00c5sa N\u00e9meth, adding that \U0001F687 trams would follow in spring.\n\n"
    "Engineers had to freeze the soft clay around the caissons\u2028before the boring machine could pass, a "
    "method that kept the \u00e9glise of Saint-Ren\u00e9 standing above the route.\n\n"
    "A sign at the entrance reads </script><script>alert(1)</script> <!-- as a joke by the crew -->.\n")
TRICKY_COPY = (
    "City news\n\nOur reporter writes: \u00a9 \u2122 \U0001F600 \U0001F600.\n\n"
    "The Lindqvist harbour tunnel under the old \u00f8re canal opened on Monday morning after nine years of work "
    "and three referendums \U0001F389, the city's transport office said in a statement.\n\n"
    "Commuters queued for the first crossing. Engineers had to freeze the soft clay around the caissons\u2028before "
    "the boring machine could pass, a method that kept the \u00e9glise of Saint-Ren\u00e9 standing above the route.\n")


def make_tricky():
    """A corpus made here, with astral characters, U+2028, '</script>', markup in a source,
    dates, and invalid UTF-8 bytes in a text file; returns its folder."""
    d = os.path.join(OUT, "report-tricky-input")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "wire.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "wire", "title": "Harbour tunnel </script> opens", "source": "Wire <b>&</b>",
                            "published": "2024-03-01T08:00:00Z", "text": TRICKY_ORIGINAL}) + "\n")
        f.write(json.dumps({"id": "daily", "source": "Daily", "published": "2024-03-02",
                            "text": TRICKY_COPY}) + "\n")
    quote = b"\xff\xe2\x82 Bad bytes first. " + (
        "The director said: \"We are proud that the crossing \u2014 all 2.4 kilometres of it \u2014 was "
        "finished on time and under budget,\" and left.\n").encode("utf-8")
    with open(os.path.join(d, "page.txt"), "wb") as f:
        f.write(quote)
    return d


def check_data(path, name):
    """The page's JSON is valid, escapes what would end a <script>, holds every text as the
    input has it (U+FFFD for each invalid byte), and every span, converted to UTF-16 indices,
    covers the same text as the scan's byte span. Returns the number of spans checked."""
    html = os.path.abspath(os.path.join(OUT, "report-%s.html" % name))
    recs = scan(path, html)
    page, data = page_data(html)
    check("\u2028" not in page.split("<script>\n")[0], "U+2028 reached the page unescaped")
    elements = 2 + len(data["articles"])  # the data, the script and one per text
    check(page.count("<script") == elements and page.count("</script") == elements,
          "a text's <script> or </script> reached the page unescaped")
    texts = read_texts(path)
    shown = {}
    for m in re.finditer(r'<script type="application/json" id="rp-t(\d+)">(.*?)</script>', page, re.S):
        shown[int(m.group(1))] = json.loads(m.group(2))
    spans = 0
    for k, art in enumerate(recs["article"]):
        text = shown[k]
        check(text == decode(texts[art["id"]]), "the text of %s is not the input's" % art["id"])
        check(len(text.encode("utf-16-le", "surrogatepass")) // 2 == data["articles"][k]["len"],
              "the UTF-16 length of %s" % art["id"])
        for (s, e), q in zip(art["boilerplate"], data["articles"][k]["bp"]):
            check(utf16_slice(text, *q) == decode(texts[art["id"]][s:e]), "furniture of %s" % art["id"])
            spans += 1
    index = {a["id"]: k for k, a in enumerate(recs["article"])}
    for rel, mine in zip(recs["relation"], data["relations"]):
        for p, q in zip(rel["passages"], mine["passages"]):
            for side in ("a", "b"):
                aid = rel[side]
                check(utf16_slice(shown[index[aid]], *q[side]) == decode(texts[aid][p[side][0]:p[side][1]]),
                      "passage of %s at bytes %s is not at UTF-16 %s" % (aid, p[side], q[side]))
                spans += 1
    return spans


def test_data(br):
    """Without a browser: the data of the tricky corpus, the examples, the seeds and ECB+."""
    d = make_tricky()
    spans = check_data(d, "tricky")
    check(spans >= 6, "the tricky corpus has only %d spans" % spans)
    corpora = ["tricky", "examples"]
    spans += check_data("examples", "examples")
    for path, name in ((os.path.join(SHARED, "seeds"), "seeds"),
                       (os.path.join(SHARED, "eval", "stories", "ecbplus.jsonl"), "ecbplus")):
        if os.path.exists(path):
            spans += check_data(path, name)
            corpora.append(name)
    return "%d spans at the right UTF-16 offsets in %s" % (spans, ", ".join(corpora))


def test_tricky(br):
    """The corpus of test_data in the browser, and its dated part alone."""
    d = make_tricky()
    html = os.path.abspath(os.path.join(OUT, "report-tricky.html"))
    recs = scan(d, html)
    texts = read_texts(d)
    br.navigate("file://" + html)
    check_overview(br, recs)
    check_all_articles(br, recs)
    for rel in recs["relation"]:
        check_pair(br, recs, texts, rel, "tricky")
        check_pair(br, recs, texts, rel, "tricky", flip=True)
    for k in range(len(recs["article"])):
        check_article(br, recs, texts, k)
    # The two dated articles alone: a story in time order, drawn on a time axis, with an
    # arrow of known direction from the earlier to the later.
    dated_html = os.path.abspath(os.path.join(OUT, "report-tricky-dated.html"))
    dated = scan(os.path.join(d, "wire.jsonl"), dated_html)
    check(len(dated["story"]) == 1 and not dated["story"][0]["order_inferred"],
          "the dated articles are not one story in time order: %r" % dated["story"])
    br.navigate("file://" + dated_html)
    show(br, "#/story/0")
    caption = br.js("document.querySelector('.timeline figcaption').textContent")
    check("2024-03-01" in caption and "inferred" not in caption, "the dated timeline says %r" % caption)
    xs = br.js("[...document.querySelectorAll('.timeline circle')].map((c) => +c.getAttribute('cx'))")
    check(xs == sorted(xs) and xs[0] < xs[-1], "the timeline's dots are not in time order: %r" % xs)
    edge = br.js("(() => { const e = document.querySelector('.graph a.edge-link');"
                 " return e && [e.getAttribute('href'), e.querySelector('.edge').getAttribute('class')]; })()")
    check(edge and edge[0] == "#/pair/0/1" and "dated" in edge[1],
          "the graph's arrow is not from wire to daily with a known direction: %r" % edge)
    br.screenshot(os.path.join(OUT, "report-tricky-story.png"))
    check_future_types(br, dated_html)
    problems = br.problems()
    check(not problems, "; ".join(problems[:5]))
    return "%d relations highlighted; dated timeline; rewrite and same-story drawn" \
        % len(recs["relation"])


def check_future_types(br, html):
    """Relations of the types the library is about to report, written into a page by hand:
    a rewrite with sentence pairs and a same-story relation with terms only, drawn from the
    public record's fields like the others."""
    page, data = page_data(html)
    texts = [json.loads(re.search(r'<script type="application/json" id="rp-t%d">(.*?)</script>' % k,
                                  page, re.S).group(1)) for k in range(len(data["articles"]))]

    def u16(text, sub):
        i = text.index(sub)
        return [len(text[:i].encode("utf-16-le")) // 2, len(text[:i + len(sub)].encode("utf-16-le")) // 2]

    rel = data["relations"][0]
    # A sentence only the copy has, paired with one of the original's: 'daily' sorts first.
    sa, sb = "Commuters queued for the first crossing.", "the city's transport office said in a statement"
    check(data["articles"][rel["a"]]["id"] == "daily", "the relation's first article is not daily")
    for kind in ("rewrite", "same-story"):
        r = dict(rel, type=kind, terms=["Lindqvist", "harbour tunnel"])
        if kind == "rewrite":
            r["sentences"] = [{"a": u16(texts[r["a"]], sa), "b": u16(texts[r["b"]], sb), "similarity": 0.71}]
        else:
            r.update(passages=[], sentences=[])
            r.pop("from", None)
        mine = dict(data, relations=[r])
        blob = json.dumps(mine, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
        start = page.index('<script type="application/json" id="rp-data">') + len('<script type="application/json" id="rp-data">')
        out = os.path.abspath(os.path.join(OUT, "report-tricky-%s.html" % kind))
        with open(out, "w", encoding="utf-8") as f:
            f.write(page[:start] + blob + page[page.index("</script>", start):])
        br.navigate("about:blank")
        br.navigate("file://" + out)
        show(br, "#/story/0")
        if kind == "same-story":  # not a source: drawn among all the relations
            br.click("#rp-all-edges")
            br.wait_for("document.getElementById('rp-all-edges').checked", "the all-relations switch")
        edge = br.js("(() => { const e = document.querySelector('.graph .edge');"
                     " return e && [e.getAttribute('class'), e.getAttribute('marker-end')]; })()")
        check(edge and "t-" + kind in edge[0], "%s: the graph draws %r" % (kind, edge))
        if kind == "same-story":
            check("none" in edge[0] and edge[1] is None, "same-story is drawn with an arrow: %r" % edge)
        show(br, "#/pair/%d/%d" % (r["a"], r["b"]))
        terms = br.js("[...document.querySelectorAll('.terms li')].map((e) => e.textContent)")
        check(terms == r["terms"], "%s: the terms shown are %r" % (kind, terms))
        if kind == "rewrite":
            for side, want in (("a", sa), ("b", sb)):
                got = br.js("[...document.querySelectorAll('#rp-text-%s .seg.rw[data-s~=\"1\"]')]"
                            ".map((e) => e.textContent).join('')" % side)
                check(got == want, "rewrite sentence in %s: %r, expected %r" % (side, got, want))
            br.click("#rp-a-s1")
            br.wait_for("document.activeElement.id === 'rp-b-s1'", "the jump to the rewritten sentence")
        else:
            check(not br.js("document.querySelector('mark.seg')"), "same-story marks passages")
        check_clean(br, kind)


def test_ecbplus(br):
    path = os.path.join(SHARED, "eval", "stories", "ecbplus.jsonl")
    if not os.path.isfile(path):
        raise Skip(path + " not found")
    html = os.path.abspath(os.path.join(OUT, "report-ecbplus.html"))
    recs = scan(path, html)
    br.navigate("about:blank")
    t0 = time.monotonic()
    br.navigate("file://" + html)
    br.wait_for("document.querySelectorAll('#rp-stories tbody tr').length > 0", "the stories", timeout=20)
    loaded = time.monotonic() - t0
    drawn = br.js("performance.getEntriesByName('rp-first-view')[0].startTime") / 1000
    first = br.js("document.querySelectorAll('#rp-stories tbody tr').length")
    check(first == min(50, len(recs["story"])), "the first page shows %d stories" % first)
    # Pages of 25: every story on one of them, none twice.
    br.js("(() => { const s = document.getElementById('rp-page-size'); s.value = '25';"
          " s.dispatchEvent(new Event('change')); })()")
    seen = []
    first_row = "+document.querySelector('#rp-stories tbody tr').dataset.story"
    for _ in range(1000):
        seen += br.js("[...document.querySelectorAll('#rp-stories tbody tr')].map((r) => +r.dataset.story)")
        if br.js("(() => { const b = [...document.querySelectorAll('.pager button')].pop();"
                 " return !b || b.disabled; })()"):
            break
        before = br.js(first_row)
        br.click(".pager button:last-child")
        br.wait_for("%s !== %d" % (first_row, before), "the next page")
    check(sorted(seen) == list(range(len(recs["story"]))),
          "the pages list %d stories (%d distinct) of %d" % (len(seen), len(set(seen)), len(recs["story"])))
    check_overview(br, recs)
    biggest = max(range(len(recs["story"])), key=lambda k: len(recs["story"][k]["articles"]))
    t1 = time.monotonic()
    show(br, "#/story/%d" % biggest)
    story_s = time.monotonic() - t1
    br.screenshot(os.path.join(OUT, "report-ecbplus-story.png"))
    problems = br.problems()
    check(not problems, "; ".join(problems[:5]))
    size = os.path.getsize(html) / 1e6
    return "%d stories, %d articles, %.1f MB; stories listed %.2f s after navigation, page loaded in %.2f s," \
        " largest story drawn in %.2f s" % (len(recs["story"]), len(recs["article"]), size, drawn, loaded, story_s)


# name, test, whether it needs the browser
TESTS = [("report-data", test_data, False), ("report-tricky", test_tricky, True),
         ("report-examples", test_examples, True), ("report-seeds", test_seeds, True),
         ("report-ecbplus", test_ecbplus, True)]


def find_chromium():
    for c in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if c and shutil.which(c):
            return shutil.which(c)
    return None


def run(name, fn, br):
    """Runs one test and prints its line; returns 1 when it failed."""
    t0 = time.monotonic()
    try:
        note = fn(br)
        print("ok %s (%.1f s): %s" % (name, time.monotonic() - t0, note))
    except Skip as e:
        print("skip %s: %s" % (name, e))
    except Failure as e:
        print("FAIL %s: %s" % (name, e))
        if br is not None:
            br.problems()
        return 1
    return 0


def main():
    os.chdir(ROOT)
    os.makedirs(OUT, exist_ok=True)
    names = sys.argv[1:]
    tests = [t for t in TESTS if not names or t[0] in names]
    failed = sum(run(name, fn, None) for name, fn, browser in tests if not browser)
    tests = [t for t in tests if t[2]]
    binary = find_chromium()
    if binary is None:
        for name, _, _ in tests:
            print("skip %s: chromium is not installed (as root, make test installs it;"
                  " otherwise: apt-get install chromium)" % name)
        return 1 if failed else 0
    if not tests:
        return 1 if failed else 0
    br = Browser(binary)
    try:
        try:
            br.send("Browser.getVersion", session=False, timeout=60)
            br.open_page()
        except Failure as e:
            for name, _, _ in tests:
                print("FAIL %s: chromium (%s) did not start: %s" % (name, binary, e))
            return 1
        for name, fn, _ in tests:
            failed += run(name, fn, br)
    finally:
        br.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
