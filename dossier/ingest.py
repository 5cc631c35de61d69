"""Ingest: files in ``content/articles/`` -> :class:`~dossier.models.Article`.

Three forms are read, chosen by extension and checked by content:

* ``.txt``  -- the user's own form: an optional ``date YYYY-MM-DD`` prefix (or a first line
  ``date: YYYY-MM-DD``), then the body. The title is derived from the first sentence.
* ``.md`` / ``.markdown`` -- optional YAML front matter between ``---`` lines, then the Markdown
  body, kept as is.
* ``.html`` / ``.htm`` -- main text and metadata extracted with trafilatura.

"The file's text" is the file decoded (UTF-8; UTF-16 or UTF-32 with a BOM; UTF-16 without one, or
UTF-8 with a few broken bytes (replaced by U+FFFD), or cp1252/latin-1, each with a warning),
with a BOM removed and newlines translated as Python's text mode does (``\\r\\n`` and ``\\r``
-> ``\\n``), so it equals ``Path.read_text(encoding=...)`` minus the BOM. ``Article.body_start``
indexes into it and ``Article.text == file_text[body_start:].rstrip()``, so every extraction offset
maps back to the file by adding ``body_start``. HTML text is extracted, so its ``body_start`` is 0.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from dossier.errors import DossierError, conflict
from dossier.models import Article

MAX_BYTES = 5_000_000
# spaCy's ``nlp.max_length``: its parser and NER need about 1 GB per 100,000 characters, and a
# longer text makes ``nlp.pipe`` raise for the whole batch, so such an article is refused here.
MAX_CHARS = 1_000_000
TEXT_SUFFIXES = (".txt",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES
FRONT_MATTER_KEYS = ("title", "date", "url", "publisher", "language")
MIN_HTML_WORDS = 10      # fewer extracted words than this: the page has no article
TITLE_WORDS = 12          # derived titles: at most this many words, then "…"
SLUG_WORDS = 8            # ids: at most this many title words …
SLUG_CHARS = 60           # … and this many characters after the date

# ` date 2022-03-21 Body…` (the user's sample) or a first line `date: 2022-03-21`. Without a colon
# the value must look like an ISO date, so a body that merely starts with the word "Date" is not
# mistaken for a header; with a colon the line is clearly a header and any value is validated.
_DATE_PREFIX = re.compile(
    r"\A\s*date(?:[ \t]*:[ \t]*(?P<colon>[^\n]*?)[ \t]*(?:\n|\Z)"
    r"|[ \t]+(?P<bare>\d{4}-\d{1,2}-\d{1,2})(?=\s|\Z))",
    re.IGNORECASE,
)
# ` date March 21, 2022 …`, ` date 21/03/2022 …`: a header in another form, which would otherwise
# silently become the start of the body and the title.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_OTHER_DATE_PREFIX = re.compile(
    r"\A\s*date[ \t]+(?P<value>\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+)?{_MONTH}(?:[ \t]+\d{{1,2}}(?:st|nd|rd|th)?)?,?[ \t]+\d{{4}})"
    r"(?=[\s,.]|\Z)", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Control characters (other than tab, newline, form feed) and U+FFFD: a text with more than one
# in a hundred of them is bytes that happened to decode, not an article.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
FUTURE_DAYS = 1          # a date this many days after today is a slip (time zones allow one)
# Front-matter dates may carry a time (Jekyll and Hugo write `2022-03-21 10:00:00 +0100`);
# the day is kept.
_ISO_DATE_TIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\S.*)?")
_SENTENCE_END = re.compile(r"[.?!](?=\s)|\n")
_INITIAL = re.compile(r"(?:^|[\s.])(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Col|Lt|St|Jr|Sr|No)$")
_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", re.I)


class _FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings.

    Why: plain ``yaml.safe_load`` turns ``date: 2022-02-30`` into a bare ``ValueError`` with no
    line; keeping the string lets us report the impossible date on its line like any other error.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_article(path: Path, *, max_bytes: int = MAX_BYTES,
                 warnings: list[str] | None = None) -> Article:
    """Read one article file; problems that do not stop reading are appended to ``warnings``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DossierError(f"unsupported file type '{path.suffix or '(none)'}'", path=path,
                           hint=f"supported: {', '.join(SUPPORTED_SUFFIXES)}; convert the article "
                                "or move it out of content/articles/")
    raw = _read_bytes(path, max_bytes)
    # Warnings about how the file was decoded count only if it is read: a file refused for
    # another reason gets one message, the refusal.
    notes: list[str] = []
    if suffix in HTML_SUFFIXES:
        article = _read_html(path, raw, notes)
    else:
        text, fallback = _decode(path, raw)
        notes += [fallback] if fallback is not None else []
        if not text.strip():
            raise DossierError("file is empty", path=path,
                               hint="add the article text or delete the file")
        _check_text(path, text)
        article = (_read_markdown if suffix in MARKDOWN_SUFFIXES else _read_text)(path, text)
    if len(article.text) > MAX_CHARS:
        raise DossierError(f"the article is {len(article.text):,} characters long, more than the "
                           f"{MAX_CHARS:,} the language model reads at once", path=path,
                           hint="split it into several articles")
    if not any(ch.isalpha() for ch in article.text):
        raise DossierError("the article has no words, so no sentence to read", path=path,
                           hint="add the article text or delete the file")
    if warnings is not None:
        warnings.extend(notes)
    return article


# --- bytes -> text --------------------------------------------------------------------------------

def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            # A named pipe would block the build forever; a device is no article either.
            raise DossierError("not a regular file", path=path,
                               hint="move it out of content/articles/")
        if st.st_size > max_bytes:
            raise DossierError(f"file is {st.st_size:,} bytes, larger than the limit of "
                               f"{max_bytes:,}", path=path,
                               hint="split it, or raise DOSSIER_MAX_ARTICLE_BYTES if it really "
                                    "is one article")
        return path.read_bytes()
    except OSError as error:
        raise DossierError(f"cannot read file: {error.strerror or error}", path=path,
                           hint="check that it exists and is readable") from error


def _decode(path: Path, raw: bytes) -> tuple[str, str | None]:
    """Decode ``raw``; return the text and, when the encoding was guessed, a warning."""
    fallback = None
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        text = _decode_as(path, raw, "utf-32", "UTF-32")
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode_as(path, raw, "utf-16", "UTF-16")  # the codec reads and drops the BOM
    elif b"\x00" in raw:
        wide = _utf16_without_bom(raw)
        if wide is None:
            raise DossierError("file is binary (contains NUL bytes), not an article", path=path,
                               hint=f"save it as text ({', '.join(SUPPORTED_SUFFIXES)}) or "
                                    "remove it")
        text = raw.decode(wide)
        fallback = str(DossierError(f"no byte-order mark, read as {wide.upper()}", path=path,
                                    hint="save the file as UTF-8 to be sure"))
    else:
        if raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            replaced = raw.decode("utf-8", "replace")
            if any(ord(ch) > 127 and ch != "\ufffd" for ch in replaced):
                # Valid multi-byte UTF-8 elsewhere: a few broken bytes in a UTF-8 file, which a
                # legacy reading would turn into mojibake everywhere else.
                text, encoding = replaced, "UTF-8, broken bytes replaced by \ufffd"
            else:
                # cp1252 is what Windows editors write; it leaves five bytes undefined, latin-1
                # none.
                for encoding in ("cp1252", "latin-1"):
                    try:
                        text = raw.decode(encoding)
                        break
                    except UnicodeDecodeError:
                        continue
            fallback = str(DossierError(f"not valid UTF-8, read as {encoding}", path=path,
                                        line=line, hint="save the file as UTF-8 to be sure"))
    # Match Python's text mode so offsets agree with Path.read_text().
    return text.replace("\r\n", "\n").replace("\r", "\n"), fallback


def _decode_as(path: Path, raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        raise DossierError(f"file starts with a {name} byte-order mark but is not valid {name}",
                           path=path, hint="save it again as UTF-8") from error


def _utf16_without_bom(raw: bytes) -> str | None:
    """'utf-16-le' or '-be' when the bytes read as mostly ASCII text in that encoding (a NUL in
    every other byte), else None: the file is binary."""
    if len(raw) % 2 or len(raw) < 4:
        return None
    for codec, zeros in (("utf-16-le", raw[1::2]), ("utf-16-be", raw[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text and all(ch.isprintable() or ch.isspace() for ch in text):
                return codec
    return None


# --- the three forms ------------------------------------------------------------------------------

def _read_text(path: Path, text: str) -> Article:
    date, body_start = _date_prefix(path, text)
    body = _body(path, text, body_start)
    return _article(path, text=body, body_start=body_start, date=date, title=_first_sentence(body))


def _read_markdown(path: Path, text: str) -> Article:
    meta: dict[str, Any] = {}
    date: str | None = None
    lines = text.split("\n")
    if lines[0].rstrip() == "---":
        end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")),
                   None)
        if end is None:
            raise DossierError("front matter is never closed", path=path, line=1,
                               hint="end it with a line '---'")
        meta = _front_matter(path, "\n".join(lines[1:end]))
        date = _front_matter_date(path, meta.get("date"), lines[1:end])
        body_start = sum(len(line) + 1 for line in lines[: end + 1])
        body_start = _skip_space(text, min(body_start, len(text)))
    else:
        date, body_start = _date_prefix(path, text)
    body = _body(path, text, body_start)
    strings = {key: _string(path, meta, key, lines) for key in ("title", "url", "publisher",
                                                                "language")}
    return _article(path, text=body, body_start=body_start, date=date,
                    title=strings["title"] or _markdown_title(body), url=strings["url"],
                    publisher=strings["publisher"], language=strings["language"])


def _read_html(path: Path, raw: bytes, warnings: list[str] | None = None) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    # Bytes go to trafilatura as they are, so it can honour the page's declared charset;
    # only UTF-16 and UTF-32 are decoded first because its detection does not cover them (and
    # a binary file is refused by the decoder).
    html: bytes | str = raw
    if b"\x00" in raw:
        html, fallback = _decode(path, raw)
        if fallback is not None and warnings is not None:
            warnings.append(fallback)
    if not html.strip():
        raise DossierError("file is empty", path=path, hint="add the page or delete the file")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False)
    extracted = (getattr(doc, "text", None) or "") if doc is not None else ""
    # trafilatura puts one paragraph per line; blank lines keep paragraphs apart for the sentence
    # splitter, as in the .txt and .md forms.
    body = "\n\n".join(line.strip() for line in extracted.split("\n") if line.strip())
    # On a page without an article trafilatura falls back to stray link text ("Home"), so a few
    # words are treated as no article rather than ingested as one.
    if len(body.split()) < MIN_HTML_WORDS:
        raise DossierError("no main text found in the HTML page", path=path,
                           hint="save the article page itself (not an index or a login page) "
                                "or paste its text into a .txt file")
    head = raw[:20_000].decode("utf-8", "replace") if isinstance(html, bytes) else html[:20_000]
    lang = _HTML_LANG.search(head)
    date = getattr(doc, "date", None)
    return _article(path, text=body, body_start=0,
                    date=date if isinstance(date, str) and _valid_iso(date) and not _future(date)
                    else None,
                    title=getattr(doc, "title", None) or _first_sentence(body),
                    url=getattr(doc, "url", None), publisher=getattr(doc, "sitename", None),
                    language=getattr(doc, "language", None) or (lang.group(1) if lang else None))


# --- pieces ---------------------------------------------------------------------------------------

def _article(path: Path, *, text: str, body_start: int, date: str | None, title: str,
             url: str | None = None, publisher: str | None = None,
             language: str | None = None) -> Article:
    title = title.strip() or path.stem
    digest = hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()
    return Article(id=make_id(date, title, digest), path=path, title=title, date=date, text=text,
                   body_start=body_start, url=url, publisher=publisher, language=language,
                   digest=digest)


def make_id(date: str | None, title: str, digest: str = "") -> str:
    """The URL-safe slug ``YYYY-MM-DD-title-words`` (``undated-…`` without a date)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-").split("-")[:SLUG_WORDS]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > SLUG_CHARS:
            slug = slug or word[:SLUG_CHARS]
            break
        slug = candidate
    # A title with no Latin letters (e.g. Cyrillic) still needs a stable id: use the content hash.
    slug = slug or (digest[:8] if digest else "article")
    return f"{date or 'undated'}-{slug}"


def _date_prefix(path: Path, text: str) -> tuple[str | None, int]:
    """The date written before the body and where the body starts (0 when there is no header)."""
    match = _DATE_PREFIX.match(text)
    if match is None:
        other = _OTHER_DATE_PREFIX.match(text)
        if other is not None:
            raise _bad_date(path, other.group("value"),
                            text.count("\n", 0, other.start("value")) + 1)
        return None, 0
    group = "bare" if match.group("bare") is not None else "colon"
    value = match.group(group)
    line = text.count("\n", 0, match.start(group)) + 1
    if not _valid_iso(value):
        raise _bad_date(path, value, line)
    _not_future(path, value, line)
    return value, _skip_space(text, match.end())


def _bad_date(path: Path, value: str, line: int) -> DossierError:
    """A date header that is not YYYY-MM-DD, with the ISO form to write when it is certain."""
    iso = None
    if re.search(r"[A-Za-z]", value):      # a month name: no day-month order to guess
        import dateparser

        parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
        iso = parsed.date().isoformat() if parsed is not None else None
    return DossierError(f"date '{value}' is not a real date in the form YYYY-MM-DD", path=path,
                        line=line, hint=f"write it as {iso}" if iso else
                        "write the date as YYYY-MM-DD, e.g. 2022-03-21")


def _future(value: str) -> bool:
    return dt.date.fromisoformat(value) > dt.date.today() + dt.timedelta(days=FUTURE_DAYS)


def _not_future(path: Path, value: str, line: int | None) -> None:
    """A published article is not dated after today: 2999 is a typo to fix, not a date to show."""
    if _future(value):
        raise DossierError(f"date '{value}' is in the future", path=path, line=line,
                           hint="check the year; an article is dated when it was published")


def _check_text(path: Path, text: str) -> None:
    """Refuse decoded text that is no article: random bytes, or a file left mid-merge by git."""
    control = len(_CONTROL.findall(text))
    if control > max(3, len(text) // 100):
        raise DossierError(f"file looks binary ({control:,} control characters in "
                           f"{len(text):,}), not an article", path=path,
                           hint=f"save it as text ({', '.join(SUPPORTED_SUFFIXES)}) or remove it")
    marked = conflict(text, path)
    if marked is not None:
        raise marked


def _valid_iso(value: str) -> bool:
    match = _ISO_DATE.fullmatch(value)
    if match is None:
        return False
    try:
        dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


def _front_matter(path: Path, source: str) -> dict[str, Any]:
    try:
        data = yaml.load(source, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        # +2: the YAML starts on the file's second line and marks count from 0.
        raise DossierError(f"front matter is not valid YAML: {problem}", path=path,
                           line=mark.line + 2 if mark else 1,
                           hint="fix the YAML between the '---' lines; "
                                "quote values that contain ': '"
                           ) from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DossierError(f"front matter must be 'key: value' lines, not a {type(data).__name__}",
                           path=path, line=2, hint=f"use keys among {', '.join(FRONT_MATTER_KEYS)}")
    return data


def _key_line(lines: list[str], key: str, offset: int = 2) -> int | None:
    """The 1-based file line where front-matter ``key`` is written (the YAML starts on line 2)."""
    pattern = re.compile(rf"['\"]?{re.escape(key)}['\"]?\s*:")
    return next((i + offset for i, line in enumerate(lines) if pattern.match(line)), None)


def _front_matter_date(path: Path, value: Any, fm_lines: list[str]) -> str | None:
    if value is None:
        return None
    # A datetime is also a date, so check it first; explicit !!timestamp tags still produce these.
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.isoformat()
    match = _ISO_DATE_TIME.fullmatch(str(value).strip())
    day = "-".join(match.groups()) if match else ""
    line = _key_line(fm_lines, "date")
    if not _valid_iso(day):
        raise DossierError(f"date '{value}' is not a complete, real date in the form YYYY-MM-DD",
                           path=path, line=line,
                           hint="write the full day, e.g. date: 2022-03-21, or leave the date out")
    _not_future(path, day, line)
    return day


def _string(path: Path, meta: dict[str, Any], key: str, lines: list[str]) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        raise DossierError(f"front matter '{key}' must be a single value, not a "
                           f"{type(value).__name__}", path=path,
                           line=_key_line(lines[1:], key), hint=f"write '{key}: some text'")
    return str(value).strip() or None


def _body(path: Path, text: str, body_start: int) -> str:
    body = text[body_start:].rstrip()
    if not body.strip():
        raise DossierError("no article text after the header", path=path,
                           line=text[:body_start].rstrip().count("\n") + 1,
                           hint="add the body below the date or front matter")
    return body


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _first_sentence(body: str) -> str:
    """A title from the first sentence: cut at '. ', '? ', '! ' or a newline, at most 12 words."""
    body = body.strip()
    sentence = body
    for end in _SENTENCE_END.finditer(body):
        # "U.S. officials …", "Mr. Tokayev …": a dot after an initial or a title is no sentence end.
        if body[end.start()] == "." and _INITIAL.search(body, 0, end.start()):
            continue
        sentence = body[: end.start() + (body[end.start()] in "?!")]
        break
    words = sentence.split()
    if len(words) > TITLE_WORDS:
        return " ".join(words[:TITLE_WORDS]).rstrip(",;:") + "…"
    return " ".join(words).rstrip(".")


def _markdown_title(body: str) -> str:
    """The first line when it is a heading, else the first sentence without inline markup."""
    lines = body.strip().split("\n")
    heading = _ATX_HEADING.fullmatch(lines[0].strip())
    if heading is None and len(lines) > 1 and _SETEXT_UNDERLINE.fullmatch(lines[1].strip()):
        heading = re.match(r"(.*)", lines[0].strip())
    return _plain(heading.group(1)) if heading else _first_sentence(_plain(lines[0]))


def _plain(markdown: str) -> str:
    """Drop the inline Markdown a title may carry: links, emphasis, code marks, quote/list marks."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^\s*(?:[>#]+|[-*+]|\d+[.)])\s+", "", text)
    return re.sub(r"[*_`]+", "", text).strip()
