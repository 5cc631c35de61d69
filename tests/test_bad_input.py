"""Bad input, case by case: what a person sees, and that nothing else is harmed.

Articles: every broken file is skipped with one warning that names it (and its line where there
is one) while the good article beside it is still read; files in other encodings are decoded and
read. One whole build with all of them at once still publishes the good article.

Pair files: every broken ``content/relations/*.yaml`` stops the build before anything is written,
with ``path:line: what is wrong``; ``dossier check`` lists every problem of every file at once.
"""

from __future__ import annotations

import codecs
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import make_project

from dossier.articles import load_articles
from dossier.build import build
from dossier.config import Config
from dossier.errors import DossierError

GOOD = "good.txt"
GOOD_TEXT = " date 2022-05-01 Chile recalled its ambassador from Peru over the fishing dispute.\n"


# ------------------------------------------------------------------------------------ articles

def _symlink_out(folder: Path, name: str) -> None:
    outside = folder.parent / "outside.txt"
    outside.write_text("Chad and Niger met in Niamey.\n", encoding="utf-8")
    (folder / name).symlink_to(outside)


def _dangling(folder: Path, name: str) -> None:
    (folder / name).symlink_to(folder / "gone.txt")


def _fifo(folder: Path, name: str) -> None:
    os.mkfifo(folder / name)


HUGE_LINE = b"Peru accused Chile of breaking the treaty on the shared border rivers.\n"
HUGE_SIZE = len(HUGE_LINE) * (50 * 2**20 // len(HUGE_LINE) + 1)       # just over 50 MB


def _huge(folder: Path, name: str) -> None:
    """A 50 MB article, made here rather than committed."""
    with open(folder / name, "wb") as fh:
        fh.write(HUGE_LINE * (HUGE_SIZE // len(HUGE_LINE)))


def _noise(folder: Path, name: str) -> None:
    """Bytes that decode (no NUL, some not UTF-8) but are no text: they must not be published."""
    rng = random.Random(13)
    (folder / name).write_bytes(bytes(rng.randrange(1, 256) for _ in range(4000)))


def _duplicate(folder: Path, name: str) -> None:
    # The good article's text again, under another name and form: read once, reported once.
    (folder / name).write_text("---\ntitle: Another title\n---\n" + GOOD_TEXT.split(" ", 3)[3],
                               encoding="utf-8")


# name, file, content (bytes, or a function making the file), message, line
SKIPPED: list[tuple[str, str, bytes | Callable[[Path, str], None], str, int | None]] = [
    ("empty", "empty.txt", b"", "file is empty", None),
    ("only whitespace", "blank.md", b" \n\t\n", "file is empty", None),
    ("binary", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "file is binary", None),
    ("binary page", "page.html", b"<html>\x00\x01\x02\x00</html>\x00", "file is binary", None),
    ("broken UTF-16 after its BOM", "wide.txt", codecs.BOM_UTF16_LE + b"P\x00\x00\xd8",
     "file starts with a UTF-16 byte-order mark but is not valid UTF-16", None),
    ("no words", "dashes.txt", b" date 2022-01-01 -- 1234 ... !!! ???\n",
     "the article has no words, so no sentence to read", None),
    ("header only", "header.txt", b" date 2022-01-01 \n", "no article text after the header", 1),
    ("impossible date", "feb30.txt", b"date: 2022-02-30\nPeru recalled its ambassador from Chile.\n",
     "date '2022-02-30' is not a real date in the form YYYY-MM-DD", 1),
    ("broken date", "tuesday.txt", b"\ndate: next Tuesday\nPeru recalled its ambassador from Chile.\n",
     "date 'next Tuesday' is not a real date in the form YYYY-MM-DD", 2),
    ("impossible date in front matter", "leap.md",
     b"---\ntitle: Leap\ndate: 2021-02-29\n---\nPeru recalled its ambassador from Chile.\n",
     "date '2021-02-29' is not a complete, real date", 3),
    ("malformed front matter", "colon.md",
     b"---\ntitle: a: b\n---\nPeru recalled its ambassador from Chile.\n",
     "front matter is not valid YAML: mapping values are not allowed here", 2),
    ("front matter never closed", "open.md",
     b"---\ntitle: x\nPeru recalled its ambassador from Chile.\n",
     "front matter is never closed", 1),
    ("front matter not a mapping", "list.md",
     b"---\n- a\n- b\n---\nPeru recalled its ambassador from Chile.\n",
     "front matter must be 'key: value' lines, not a list", 2),
    ("front matter with a Python tag", "tag.md",
     b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n"
     b"Peru recalled its ambassador from Chile.\n",
     "front matter is not valid YAML: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/object/apply:os.system'", 2),
    ("page without main text", "nav.html",
     b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
     "no main text found in the HTML page", None),
    ("empty page", "blank.html", b"   \n", "file is empty", None),
    ("unsupported type", "scan.pdf", b"%PDF-1.4\n", "unsupported file type '.pdf'", None),
    ("50 MB article", "huge.txt", _huge,
     f"file is {HUGE_SIZE:,} bytes, larger than the limit of 5,000,000", None),
    ("more characters than the model reads", "long.txt",
     b" date 2022-01-01 " + b"Peru recalled its envoy from Chile. " * 30_000,
     "the article is 1,079,999 characters long, more than the 1,000,000", None),
    ("named pipe", "pipe.txt", _fifo, "not a regular file", None),
    ("symlink out of the folder", "link.txt", _symlink_out,
     "symlink points outside the articles folder, skipped", None),
    ("dangling symlink", "dangling.txt", _dangling,
     "cannot read file: No such file or directory", None),
    ("same article under another name", "zz-again.md", _duplicate,
     f"duplicates {{folder}}/{GOOD}", None),
    ("date in words", "words.txt", b" date March 21, 2022 Peru recalled its ambassador from Chile.\n",
     "date 'March 21, 2022' is not a real date in the form YYYY-MM-DD (write it as 2022-03-21)",
     1),
    ("date with slashes", "slashes.txt", b"\n date 21/03/2022 Peru recalled its ambassador from Chile.\n",
     "date '21/03/2022' is not a real date in the form YYYY-MM-DD", 2),
    ("date in the future", "future.txt", b" date 2999-01-01 Peru recalled its ambassador from Chile.\n",
     "date '2999-01-01' is in the future", 1),
    ("random bytes without a NUL", "noise.txt", _noise, "file looks binary", None),
    ("left mid-merge by git", "merge.md",
     b"Peru recalled its ambassador from Chile.\n"
     b"<<<<<<< HEAD\nIn Lima.\n=======\nIn Santiago.\n>>>>>>> other\n",
     "unresolved merge conflict", 2),
]


def _load(folder: Path, timeout: float = 60) -> tuple[list, list[str]]:
    """``load_articles`` in a thread, so that a file that blocks reading fails the test instead
    of hanging it."""
    out: list = []
    thread = threading.Thread(target=lambda: out.append(load_articles(folder)), daemon=True)
    thread.start()
    thread.join(timeout)
    assert out, "reading the articles blocked"
    return out[0]


@pytest.mark.parametrize("case", SKIPPED, ids=[c[0] for c in SKIPPED])
def test_bad_article_is_skipped_with_a_message(tmp_path: Path, case: tuple) -> None:
    _, name, content, message, line = case
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / GOOD).write_text(GOOD_TEXT, encoding="utf-8")
    if callable(content):
        content(folder, name)
    else:
        (folder / name).write_bytes(content)
    articles, warnings = _load(folder)
    assert [a.path.name for a in articles] == [GOOD]          # the rest is still read
    where = f"{folder / name}:{line}: " if line else f"{folder / name}: "
    mine = [w for w in warnings if w.startswith(str(folder / name))]
    assert len(mine) == 1, warnings
    assert mine[0].startswith(where + message.format(folder=folder)), mine[0]
    assert "(" in mine[0] or "skipped" in mine[0]        # a hint on what to do, or what was done
    if name == "huge.txt":
        (folder / name).unlink()                  # pytest keeps the last runs' folders


# name, bytes, text read, warning (None: read silently)
TEXT = "Perú y Chile firmaron un acuerdo “histórico” en Zürich."
READ: list[tuple[str, bytes, str, str | None]] = [
    ("UTF-8 with BOM", codecs.BOM_UTF8 + TEXT.encode(), TEXT, None),
    ("Windows-1252", TEXT.encode("cp1252"), TEXT, "1: not valid UTF-8, read as cp1252"),
    ("Latin-1", "Perú y Chile: acuerdo histórico, 1991.".encode("latin-1"),
     "Perú y Chile: acuerdo histórico, 1991.", "1: not valid UTF-8, read as cp1252"),
    ("Latin-1 outside cp1252", b"Per\x81 y Chile firmaron.", "Per\x81 y Chile firmaron.",
     "1: not valid UTF-8, read as latin-1"),
    ("UTF-16 LE with BOM", TEXT.encode("utf-16"), TEXT, None),
    ("UTF-16 BE with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, None),
    ("UTF-32 with BOM", TEXT.encode("utf-32"), TEXT, None),
    ("UTF-16 without BOM", TEXT.encode("utf-16-le"), TEXT,
     " no byte-order mark, read as UTF-16-LE"),
    ("UTF-8 with a broken byte", ("Zürich.\n" + TEXT).encode() + b" \xff",
     "Zürich.\n" + TEXT + " \ufffd", "2: not valid UTF-8, read as UTF-8, broken bytes replaced"),
    ("Windows line ends", (TEXT + "\r\nSecond line.\r\n").encode(), TEXT + "\nSecond line.",
     None),
]


@pytest.mark.parametrize("case", READ, ids=[c[0] for c in READ])
def test_other_encodings_are_read(tmp_path: Path, case: tuple) -> None:
    _, raw, text, warning = case
    path = tmp_path / "article.txt"
    path.write_bytes(raw)
    articles, warnings = load_articles(tmp_path)
    assert [a.text for a in articles] == [text]
    if warning is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warnings[0].startswith(f"{path}:{warning}"), warnings


NAMES = ["with space.txt", "Zürich – ünïcode ✓.txt", "-rf.txt", "back\\slash.txt",
         "%2e%2e%2fetc%2fpasswd.txt", "semi;colon&amp$HOME.txt", "CON.txt",
         "sub dir/nested ‘name’.md", "..data.txt.txt", "new\nline.txt"]


def _write_named_articles(folder: Path) -> None:
    """One article under each of NAMES, the i-th saying "Chile recalled its ambassador from Peru,
    round i.", a month apart: each its own event, not reports of one."""
    for i, name in enumerate(NAMES):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f" date 2022-{i + 1:02d}-01 Chile recalled its ambassador from "
                                   f"Peru, round {i}.\n", encoding="utf-8")


def test_file_names_with_spaces_unicode_and_path_like_parts(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    _write_named_articles(folder)
    articles, warnings = load_articles(folder)
    assert warnings == []
    # Hidden files ('..data…') are skipped on purpose; every other one is read, its id a slug
    # made from date and title, whatever the file is called.
    assert sorted(str(a.path.relative_to(folder)) for a in articles) == sorted(
        n for n in NAMES if not n.startswith("."))
    for a in articles:
        assert re.fullmatch(r"2022-\d\d-01-chile-recalled-its-ambassador-from-peru-round-\d", a.id), a.id


def test_odd_file_names_build_a_site_that_stays_in_its_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "content" / "articles"
    _write_named_articles(folder)
    outside = sorted(p for p in tmp_path.rglob("*") if root not in p.parents and p != root)
    report = build(Config.load(root), site=True, quiet=True)
    assert report.warnings == []
    assert sorted(p for p in tmp_path.rglob("*") if root not in p.parents and p != root) == outside
    site = (root / "site").resolve()
    for page in site.rglob("*"):
        assert site in page.resolve().parents, page
    pair = html.unescape((root / "site" / "pairs" / "CL-PE" / "index.html").read_text("utf-8"))
    hidden = NAMES.index("..data.txt.txt")    # skipped on purpose, as above
    assert [i for i in range(len(NAMES)) if f"round {i}." in pair] == [
        i for i in range(len(NAMES)) if i != hidden]


def test_a_build_with_every_bad_article_still_publishes_the_rest(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    folder = root / "content" / "articles"
    for _, name, content, _, _ in SKIPPED:
        if name == "huge.txt":
            continue             # the size check is shown above; no need to copy 50 MB again
        if callable(content):
            content(folder, name)
        else:
            (folder / name).write_bytes(content)
    (folder / GOOD).write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "nobody.txt").write_text(" date 2022-01-01 The weather was fine all week.\n",
                                       encoding="utf-8")
    (folder / "alone.txt").write_text(" date 2022-01-02 Peru held an election on Sunday.\n",
                                      encoding="utf-8")
    report = build(Config.load(root), site=True, quiet=True)
    assert report.read == 4              # the sample, the good one and the two without a pair
    warned = {Path(w.split(":", 1)[0]).name for w in report.warnings}
    expected = {name for _, name, _, _, _ in SKIPPED if name != "huge.txt"}
    assert expected <= warned
    # Read fine but of no use to the dossier: a note, not a warning.
    assert sorted(Path(n.split(":", 1)[0]).name for n in report.unused) == ["alone.txt",
                                                                            "nobody.txt"]
    assert any(n.endswith("nobody.txt: names no country, so nothing was taken from it")
               for n in report.unused)
    assert any(n.endswith("alone.txt: no sentence names two countries, so nothing was taken "
                          "from this article") for n in report.unused)
    assert "  note: " in report.summary() and report.unused_list is not None
    assert report.unused_list.read_text(encoding="utf-8").splitlines() == report.unused
    for pair in ("KZ-US", "CL-PE"):
        assert (root / "site" / "pairs" / pair / "index.html").exists()
    with pytest.raises(DossierError, match="warnings are fatal with --strict"):
        build(Config.load(root), site=False, strict=True)


def test_articles_with_nothing_for_the_dossier_are_noted_and_strict_still_passes(
        tmp_path: Path) -> None:
    """Most of a real news collection names no two countries in a sentence: each such article is
    named once in a short list (the rest in a file), and --strict does not fail on them."""
    root = make_project(tmp_path / "project")
    folder = root / "content" / "articles"
    for i in range(12):
        (folder / f"weather-{i:02}.txt").write_text(
            f" date 2022-01-{i + 1:02} Rain fell on {i + 3} days of the week.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dossier", "build", "--no-site", "--strict"],
                            cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stdout.splitlines() if line.startswith("  note: ")]
    assert len(notes) == 11                    # ten articles and the line that points to the rest
    listed = root / ".cache" / "dossier" / "unused.txt"
    assert notes[-1] == f"  note: … and 2 more articles with nothing for the dossier, all " \
                        f"listed in {listed}"
    assert len(listed.read_text(encoding="utf-8").splitlines()) == 12
    assert "0 skipped or warned, 12 with nothing for the dossier" in result.stdout


# ---------------------------------------------------------------------------------- pair files

VALID = """\
pair: [{a}, {b}]
summary: ''
facts:
  - id: f1
    text: The two signed a treaty.
    topic: diplomacy
    tone: cooperative
    date: '2022-03-21'
    countries: [{a}, {b}]
    sources:
      - {{article: 2022-03-21-a-treaty, sentence: 0}}
    status: extracted
quotes: []
entities: []
"""
L = {line.split(":")[0].strip(" -"): i for i, line in enumerate(VALID.splitlines(), 1)}


def _edit(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


def _symlinked(text: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        target = path.parent.parent.parent / "elsewhere.yaml"
        target.write_text(text, encoding="utf-8")
        path.symlink_to(target)
    return make


# name, change to the valid text (or a function of the path), message, line
BROKEN: list[tuple[str, Callable, str, int | None]] = [
    ("syntax error", _edit("summary: ''", "summary: 'unclosed"), "YAML syntax error", None),
    ("tab indentation", _edit("    topic:", "\ttopic:"), "YAML syntax error", L["topic"]),
    ("duplicate key", _edit("    tone: cooperative", "    tone: cooperative\n    tone: neutral"),
     'YAML syntax error: found duplicate key "tone"', L["tone"] + 1),
    ("not a mapping", lambda t: "- a\n- b\n", "the file must be a mapping", None),
    ("empty file", lambda t: "", "the file must be a mapping", None),
    ("section of the wrong type", _edit("quotes: []", "quotes: {{}}"), "`quotes` must be a list",
     L["quotes"]),
    ("entry of the wrong type", _edit("quotes: []", "quotes: [just text]"),
     "each item of `quotes` must be a mapping", L["quotes"]),
    ("summary of the wrong type", _edit("summary: ''", "summary: [a, b]"),
     "summary must be text", L["summary"]),
    ("text of the wrong type", _edit("text: The two signed a treaty.", "text: 1991"),
     "`text` must be text, not int 1991", L["text"]),
    ("countries not a list", _edit("countries: [{a}, {b}]", "countries: {a}"),
     "`countries` must be a list of country codes", L["countries"]),
    ("sources not a list", _edit("    sources:\n      - {{article: 2022-03-21-a-treaty, "
                                 "sentence: 0}}", "    sources: the paper"),
     "`sources` must be a list", L["sources"]),
    ("source without a sentence number", _edit("sentence: 0", "sentence: first"),
     "each source must be {article: <article id>, sentence: <number>}", L["sources"]),
    ("unknown topic", _edit("topic: diplomacy", "topic: diplomcy"),
     "topic 'diplomcy' is not one of diplomacy, economy", L["topic"]),
    ("unknown tone", _edit("tone: cooperative", "tone: angry"),
     "tone 'angry' is not one of cooperative, conflictual, neutral", L["tone"]),
    ("unknown status", _edit("status: extracted", "status: done"),
     "status 'done' is not one of extracted, edited, verified, rejected", L["status"]),
    ("unknown country code", _edit("countries: [{a}, {b}]", "countries: [{a}, XX]"),
     "unknown country code 'XX'", L["countries"]),
    ("bad date", _edit("date: '2022-03-21'", "date: 21 March 2022"),
     "date '21 March 2022' is not an ISO 8601 date", L["date"]),
    ("impossible month", _edit("date: '2022-03-21'", "date: '2022-13'"),
     "date '2022-13' is not an ISO 8601 date", L["date"]),
    ("pair not matching the file name", _edit("pair: [{a}, {b}]", "pair: [{a}, ZW]"),
     "does not match the file name", L["pair"]),
    ("duplicate ids", _edit("quotes: []", "  - id: f1\n    text: Again.\nquotes: []"),
     "duplicate id 'f1' in `facts` (first on line 4)", L["quotes"]),
    ("entry without an id", _edit("  - id: f1\n", "  - text: x\n    tone: neutral\n    id: ''\n"
                                                   "  - id: f2\n"), "has no `id`", 4),
    ("Python object tag", _edit("summary: ''", "summary: !!python/object/apply:os.system "
                                               "['echo pwned']"),
     "the tag '!!python/object/apply:os.system' is not allowed", L["summary"]),
    ("alias", _edit("quotes: []\nentities: []", "quotes: &q [{{id: q1, text: x}}]\nentities: *q"),
     "aliases (*name) are not allowed", L["entities"]),
    ("file name not a pair", "kz-us.yaml", "the file name must be <A>-<B>.yaml", None),
    ("file name out of order", "US-KZ.yaml", "the file name must be <A>-<B>.yaml", None),
    ("symlink out of content/", _symlinked, "is a symbolic link", None),
    ("one country twice", "KZ-KZ.yaml", "a pair needs two different countries", None),
    ("countries that do not exist", "XX-YY.yaml", "unknown country code 'XX' in the file name",
     None),
    (".yml instead of .yaml", "KZ-US.yml", "pair files end in .yaml, so this one would be ignored",
     None),
    ("misspelled key", _edit("status: extracted", "stauts: rejected"),
     "unknown key `stauts` in an item of `facts` (did you mean `status`?)", L["status"]),
    ("unknown key at the top", _edit("summary: ''", "summary: ''\nsumary: mine"),
     "unknown key `sumary` in the file (did you mean `summary`?)", L["summary"] + 1),
    ("impossible day", _edit("date: '2022-03-21'", "date: '2022-02-30'"),
     "date '2022-02-30' is not an ISO 8601 date on the calendar", L["date"]),
    ("unclosed quote", _edit("text: The two signed a treaty.", 'text: "The two signed a treaty.'),
     "the quoted text that starts on this line is never closed", L["text"]),
    ("git conflict markers", lambda t: "<<<<<<< HEAD\n" + t + "=======\n" + t + ">>>>>>> other\n",
     "unresolved merge conflict", 1),
    ("not UTF-8", lambda t: t.replace("The two signed", "Les deux ont sign\u00e9").encode("latin-1"),
     "the file is not UTF-8 (byte 0xe9)", L["text"]),
]
PAIRS = [("KZ", "US"), ("FR", "KZ"), ("DE", "FR"), ("RU", "US"), ("CN", "US"), ("GB", "US"),
         ("JP", "KR"), ("IN", "PK"), ("BR", "US"), ("EG", "IL"), ("AM", "AZ"), ("CL", "PE"),
         ("DE", "PL"), ("ES", "PT"), ("FI", "SE"), ("KZ", "UZ"), ("CA", "US"), ("MX", "US"),
         ("AU", "NZ"), ("NG", "NE"), ("TR", "GR"), ("CN", "JP"), ("IR", "IQ"), ("KE", "TZ"),
         ("NO", "SE"), ("UA", "RU"), ("ZA", "ZW"), ("BE", "NL"), ("AT", "CH"), ("DK", "IS"),
         ("CZ", "SK"), ("HU", "RO"), ("BG", "GR"), ("EE", "LV"), ("LT", "PL"), ("MA", "DZ"),
         ("TN", "LY")]


def _write_broken(relations: Path, case: tuple, pair: tuple[str, str]) -> Path:
    """Write one broken pair file; its path."""
    change = case[1]
    a, b = sorted(pair)
    valid = VALID.format(a=a, b=b)
    if isinstance(change, str):                   # a file name of its own
        path = relations / change
        path.write_text(valid, encoding="utf-8")
    elif change is _symlinked:
        path = relations / f"{a}-{b}.yaml"
        change(valid)(path)
    else:
        path = relations / f"{a}-{b}.yaml"
        text = change(VALID)
        if isinstance(text, bytes):                 # another encoding
            path.write_bytes(text.decode("latin-1").format(a=a, b=b).encode("latin-1"))
        else:
            path.write_text(text.format(a=a, b=b), encoding="utf-8")
    return path


def _reported(path: Path, line: int | None, message: str, text: str) -> bool:
    """Whether ``text`` has a line ``path:line: … message …`` (any line or none when None)."""
    where = re.escape(str(path)) + (f":{line}: " if line else r"(:\d+)?: ")
    return re.search(rf"(?m)^\s*{where}[^\n]*{re.escape(message)}", text) is not None


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project after one build (the extraction is then in its cache)."""
    root = make_project(tmp_path_factory.mktemp("bad-yaml") / "project")
    build(Config.load(root), site=False, quiet=True)
    return root


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a project with its bytes and mode."""
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mode & 0o7777)
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != ".dossier-build.lock"}


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_pair_file_stops_the_build_before_any_write(built: Path, tmp_path: Path,
                                                           case: tuple) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    # Something a build would write: an article changed, so the pair file and pages are due.
    article = next((root / "content" / "articles").iterdir())
    article.write_text(article.read_text(encoding="utf-8") + "\nKazakhstan and the United "
                       "States opened a new consulate.\n", encoding="utf-8")
    path = _write_broken(root / "content" / "relations", case, ("FR", "KZ"))
    before = _snapshot(root)
    with pytest.raises(DossierError) as caught:      # the site too: no page may be written
        build(Config.load(root), site=True, quiet=True)
    message = str(caught.value)
    assert message.startswith("the dossier's files have problems; nothing was written:")
    assert _reported(path, case[3], case[2], message), message
    assert _snapshot(root) == before


def test_check_reports_every_problem_at_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    relations = root / "content" / "relations"
    relations.mkdir(parents=True)
    assert len(PAIRS) >= len(BROKEN)
    expected = [(_write_broken(relations, case, pair), case[2], case[3])
                for case, pair in zip(BROKEN, PAIRS, strict=False)]
    (relations / "LT-LV.yaml").write_text(VALID.format(a="LT", b="LV"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "dossier", "check"], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    for path, message, line in expected:
        assert _reported(path, line, message, proc.stderr), f"{path}: {message}"
    assert lines[-1] == f"{len(lines) - 1} problem(s) found; nothing was changed."
    assert len(lines) - 1 >= len(BROKEN)
    assert "LT-LV" not in proc.stderr                          # the valid file is not blamed


# --------------------------------------------------------------------------------------- bases

def _base_with(**changes: object) -> Callable[[str], str]:
    def change(text: str) -> str:
        return json.dumps({**json.loads(text), **changes}, indent=1)
    return change


# name, change to the valid base text (or bytes), message, line
BROKEN_BASES: list[tuple[str, Callable[[str], str | bytes], str, int | None]] = [
    ("broken JSON", lambda t: '{"broken json', "not a valid base file: Unterminated string", 1),
    ("truncated", lambda t: t[: len(t) // 2], "not a valid base file:", None),
    ("git conflict markers", lambda t: f"<<<<<<< HEAD\n{t}=======\n{t}>>>>>>> other\n",
     "unresolved merge conflict", 1),
    ("a list", lambda t: "[]", "not a valid base file: a JSON list where an object is expected",
     None),
    ("empty", lambda t: "", "not a valid base file: Expecting value", 1),
    ("entries of the wrong shape", _base_with(entries=[]),
     "not a valid base file: `entries` is not a mapping of facts, quotes, entities", None),
    ("deleted ids of the wrong shape", _base_with(deleted={"facts": "19230c2c"}),
     "not a valid base file: `deleted.facts` is not a JSON array", None),
    ("another pair's base", _base_with(pair=["KZ", "US"]),
     "not a valid base file: pair ['KZ', 'US'] is not ['KZ', 'RU']", None),
    ("another version", _base_with(version=7), "not a valid base file: version 7, expected 1",
     None),
    ("not UTF-8", lambda t: t.encode().replace(b'"pair"', b'"p\xe4ir"'),
     "the file is not UTF-8", None),
    ("a deleted id changed", _base_with(deleted={"entities": [], "facts": ["19230c2d"],
                                                 "quotes": []}),
     "not a valid base file: its content does not match its checksum", None),
]


@pytest.mark.parametrize("case", BROKEN_BASES, ids=[c[0] for c in BROKEN_BASES])
@pytest.mark.parametrize("which", ["base", "pending base"])
def test_broken_base_stops_the_build_before_any_write(built: Path, tmp_path: Path, case: tuple,
                                                      which: str) -> None:
    """A base that cannot be read would make the build forget what a person deleted: the entry
    would come back. So it stops the build, naming the file, and ``check`` says the same."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    pair = root / "content" / "relations" / "KZ-RU.yaml"
    doc = pair.read_text(encoding="utf-8")
    first = doc.index("  - id: ")
    pair.write_text(doc[:first] + doc[doc.index("  - id: ", first + 1):], encoding="utf-8")
    base = root / "content" / "relations" / ".base" / "KZ-RU.json"
    path = base if which == "base" else base.with_name("KZ-RU.json.pending")
    broken = case[1](base.read_text(encoding="utf-8"))
    if isinstance(broken, bytes):
        path.write_bytes(broken)
    else:
        path.write_text(broken, encoding="utf-8")
    before = _snapshot(root)
    with pytest.raises(DossierError) as caught:
        build(Config.load(root), site=False, quiet=True)
    assert _reported(path, case[3], case[2], str(caught.value)), str(caught.value)
    assert _snapshot(root) == before
    proc = subprocess.run([sys.executable, "-m", "dossier", "check", "--no-site"], cwd=root,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and _reported(path, case[3], case[2], proc.stderr), proc.stderr


# --------------------------------------------------------------------------- what a build writes

def test_written_files_keep_their_mode(built: Path, tmp_path: Path) -> None:
    """A rewrite keeps a pair file's and a base's permissions; a new file gets the umask's, not
    the 0600 of a temporary file, so a group sharing the repository keeps access."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    relations = root / "content" / "relations"
    for path in (relations / "KZ-US.yaml", relations / ".base" / "KZ-US.json"):
        path.chmod(0o664)
    article = root / "content" / "articles" / "new.txt"
    article.write_text(" date 2022-06-01 The United States opened a consulate in Kazakhstan to "
                       "expand trade in Almaty. Chile recalled its ambassador from Peru in "
                       "Lima.\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        report = build(Config.load(root), site=False, quiet=True)
    finally:
        os.umask(old)
    assert {"KZ-US", "CL-PE"} <= set(report.pairs_changed)
    modes = {p.relative_to(relations).as_posix(): p.stat().st_mode & 0o777
             for p in relations.rglob("*") if p.is_file()}
    assert modes["KZ-US.yaml"] == modes[".base/KZ-US.json"] == 0o664
    assert modes["CL-PE.yaml"] == modes[".base/CL-PE.json"] == 0o644
    assert set(modes.values()) == {0o644, 0o664}


def test_a_syntax_error_is_reported_where_the_quote_opens(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    path = root / "content" / "relations" / "KZ-US.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("    text: "))
    lines[at] = lines[at].replace("text: ", 'text: "', 1)
    path.write_text("\n".join(lines + ["# more"] * 200) + "\n", encoding="utf-8")
    with pytest.raises(DossierError) as caught:
        build(Config.load(root), site=False, quiet=True)
    assert _reported(path, at + 1, "the quoted text that starts on this line is never closed",
                     str(caught.value)), str(caught.value)


def test_a_build_outside_a_project_leaves_nothing_behind(tmp_path: Path) -> None:
    """Run from the wrong folder, the build stops with a message and writes nothing, not even
    its lock file."""
    for command in (["build"], ["check"]):
        proc = subprocess.run([sys.executable, "-m", "dossier", *command], cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1
        assert f"{tmp_path / 'content' / 'articles'}: articles folder not found" in proc.stderr
        assert "run the build in the project folder" in proc.stderr
        assert list(tmp_path.iterdir()) == []
