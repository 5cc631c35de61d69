"""Ingest: every article form, ids, duplicates, and one clear message per kind of bad file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from dossier.articles import load_articles
from dossier.errors import DossierError
from dossier.ingest import make_id, read_article

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def file_text(path: Path) -> str:
    """The file's text as ingest defines it: Python's text mode, BOM removed."""
    return path.read_text(encoding="utf-8-sig")


def assert_body_maps_to_file(path: Path) -> None:
    article = read_article(path)
    text = file_text(path)
    assert text[article.body_start:article.body_start + 20] == article.text[:20]
    assert text[article.body_start:].rstrip() == article.text


def error_for(path: Path, **kwargs: int) -> str:
    with pytest.raises(DossierError) as caught:
        read_article(path, **kwargs)
    return str(caught.value)


# --- the forms ---------------------------------------------------------------------------------

def test_txt_with_date_prefix() -> None:
    path = FIXTURES / "txt_with_date_prefix.txt"
    article = read_article(path)
    assert article.date == "2023-06-01"
    assert article.body_start == len(" date 2023-06-01 ")
    assert article.text.startswith("Kazakhstan and Uzbekistan agreed")
    assert article.title == ("Kazakhstan and Uzbekistan agreed on Tuesday to open a new border "
                             "crossing…")
    assert article.id == "2023-06-01-kazakhstan-and-uzbekistan-agreed-on-tuesday-to-open"
    assert (article.url, article.publisher) == (None, None)
    assert_body_maps_to_file(path)


def test_txt_with_date_line_keeps_question_mark_in_title() -> None:
    path = FIXTURES / "txt_with_date_line.txt"
    article = read_article(path)
    assert article.date == "2021-11-09"
    assert article.title == "Mongolia and Japan held talks on rare earth mining in Ulaanbaatar?"
    assert article.text.startswith("Mongolia")
    assert_body_maps_to_file(path)


def test_txt_without_date_starts_at_zero() -> None:
    path = FIXTURES / "txt_without_date.txt"
    article = read_article(path)
    assert (article.date, article.body_start) == (None, 0)
    assert article.id.startswith("undated-finland-and-estonia")
    assert_body_maps_to_file(path)


def test_md_with_front_matter() -> None:
    path = FIXTURES / "md_with_front_matter.md"
    article = read_article(path)
    assert article.title == "Georgia and Armenia sign transit deal"
    assert article.date == "2020-02-14"  # YAML reads it as a date; kept as an ISO string
    assert article.url == "https://example.org/georgia-armenia-transit"
    assert article.publisher == "Caucasus Wire"
    assert article.language == "en"
    assert article.text.startswith("Georgia and Armenia signed")
    assert "The *deal* covers" in article.text  # Markdown is kept, not rendered
    assert article.id == "2020-02-14-georgia-and-armenia-sign-transit-deal"
    assert_body_maps_to_file(path)


def test_md_title_from_first_heading() -> None:
    article = read_article(FIXTURES / "md_heading_title.md")
    assert article.title == "Chile and Peru settle fishing dispute"
    assert article.body_start == 0 and article.text.startswith("# Chile")


def test_md_datetime_in_front_matter_keeps_the_day(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ndate: 2022-03-21 10:00:00 +0100\n---\nPeru and Bolivia met.\n")
    assert read_article(path).date == "2022-03-21"


def test_html_page_with_article() -> None:
    article = read_article(FIXTURES / "page_with_article.html")
    assert article.title == "Astana and Washington sign water pact"
    assert article.date == "2023-05-04"
    assert article.url == "https://example.org/news/water-pact"
    assert article.publisher == "Steppe Times"
    assert article.language == "en"
    assert article.body_start == 0
    assert "Kazakhstan and the United States signed an agreement" in article.text
    assert "\n\n" in article.text  # paragraphs separated by blank lines
    assert "Copyright" not in article.text and "Sport" not in article.text


def test_utf8_bom_is_not_part_of_the_body(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf date 2022-01-02 Chad and Niger met in Niamey.\n")
    article = read_article(path)
    assert (article.body_start, article.text) == (17, "Chad and Niger met in Niamey.")
    assert_body_maps_to_file(path)


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_text(" date 2022-01-02 Chad and Niger met.\n", encoding="utf-16")
    article = read_article(path)
    assert (article.date, article.text) == ("2022-01-02", "Chad and Niger met.")


def test_latin1_is_read_with_a_warning() -> None:
    warnings: list[str] = []
    article = read_article(FIXTURES / "latin1.txt", warnings=warnings)
    assert article.text.endswith("histórico.")
    assert warnings == [f"{FIXTURES / 'latin1.txt'}:1: not valid UTF-8, read as cp1252 "
                        "(save the file as UTF-8 to be sure)"]


def test_user_sample_seed(tmp_path: Path) -> None:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    path = tmp_path / seeds[0].name
    shutil.copyfile(seeds[0], path)  # copied at test time; its text is not committed
    article = read_article(path)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", article.date or "")
    assert article.id.startswith(article.date or "")
    assert article.body_start > 0 and article.title
    assert_body_maps_to_file(path)


# --- ids ---------------------------------------------------------------------------------------

def test_ids_are_url_safe_and_stable(tmp_path: Path) -> None:
    articles, _ = load_articles(FIXTURES)
    for article in articles:
        assert SLUG.fullmatch(article.id), article.id
        assert len(article.id) <= len("undated-") + 60
        assert read_article(article.path).id == article.id  # independent of the other files
    # Adding an unrelated article changes no existing id.
    folder = tmp_path / "articles"
    shutil.copytree(FIXTURES, folder)
    (folder / "zz_new.txt").write_text("date 2024-01-01 Iceland and Norway met.\n")
    before = {a.path.name: a.id for a in articles}
    after = {a.path.name: a.id for a in load_articles(folder)[0]}
    assert all(after[name] == id_ for name, id_ in before.items())


def test_make_id_transliterates() -> None:
    assert make_id("2022-03-21", "Émigrés in Zürich — ‘Œuvre’ façade!") == \
        "2022-03-21-emigres-in-zurich-uvre-facade"
    assert make_id(None, "Россия и Казахстан", "abcdef0123") == "undated-abcdef01"


def test_same_id_gets_suffix_in_path_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("date 2022-01-01 Peru and Chile met. First story.\n")
    (tmp_path / "b.txt").write_text("date 2022-01-01 Peru and Chile met. Second story.\n")
    articles, warnings = load_articles(tmp_path)
    assert warnings == []
    assert {a.path.name: a.id for a in articles} == {
        "a.txt": "2022-01-01-peru-and-chile-met", "b.txt": "2022-01-01-peru-and-chile-met-2"}


# --- the folder --------------------------------------------------------------------------------

def test_duplicates_reported_once(tmp_path: Path) -> None:
    body = "Peru and Chile signed a treaty.\n"
    (tmp_path / "a.txt").write_text("date 2022-01-01 " + body)
    (tmp_path / "b.md").write_text("---\ntitle: Other title\n---\n" + body.upper())
    articles, warnings = load_articles(tmp_path)
    assert [a.path.name for a in articles] == ["a.txt"]
    assert warnings == [f"{tmp_path / 'b.md'}: duplicates {tmp_path / 'a.txt'}, skipped"]


def test_bad_files_are_skipped_not_fatal() -> None:
    articles, warnings = load_articles(FIXTURES)
    names = {a.path.name for a in articles}
    assert "txt_with_date_prefix.txt" in names and "page_with_article.html" in names
    bad = ["broken_front_matter.md", "empty.txt", "impossible_date.txt", "partial_date.md",
           "page_without_article.html", "unsupported_type.pdf"]
    for name in bad:
        assert name not in names
        assert sum(w.startswith(str(FIXTURES / name)) for w in warnings) == 1, name
    assert any(w.startswith(str(FIXTURES / "latin1.txt")) for w in warnings)
    assert [a.id for a in articles] == sorted(a.id for a in articles)


def test_hidden_readme_and_outside_symlinks_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "x.txt").write_text("Peru and Chile met.\n")
    (folder / ".draft.txt").write_text("Peru and Chile met.\n")
    (folder / "README.md").write_text("# Put articles here\n")
    (tmp_path / "outside.txt").write_text("Chad and Niger met.\n")
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    articles, warnings = load_articles(folder)
    assert articles == []
    assert warnings == [f"{folder / 'link.txt'}: symlink points outside the articles folder, "
                        "skipped"]


# --- bad input: each names the file (and the line) ---------------------------------------------

def test_impossible_date_exact_message() -> None:
    path = FIXTURES / "impossible_date.txt"
    assert error_for(path) == (f"{path}:1: date '2022-02-30' is not a real date in the form "
                               "YYYY-MM-DD (write the date as YYYY-MM-DD, e.g. 2022-03-21)")


def test_broken_front_matter_exact_message() -> None:
    path = FIXTURES / "broken_front_matter.md"
    assert error_for(path) == (f"{path}:2: front matter is not valid YAML: mapping values are not "
                               "allowed here (fix the YAML between the '---' lines; quote values "
                               "that contain ': ')")


def test_empty_file_exact_message() -> None:
    path = FIXTURES / "empty.txt"
    assert error_for(path) == f"{path}: file is empty (add the article text or delete the file)"


def test_partial_front_matter_date_names_its_line() -> None:
    path = FIXTURES / "partial_date.md"
    assert error_for(path).startswith(f"{path}:3: date '2021-07' is not a complete, real date")


def test_date_line_not_on_first_line(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_text("\n\ndate: 2021-13-01\nPeru and Chile met.\n")
    assert error_for(path).startswith(f"{path}:3: date '2021-13-01'")


@pytest.mark.parametrize("front, line", [
    ("---\n- a list\n- not a mapping\n---\nBody text.\n", 2),
    ("---\ntitle: x\n", 1),
    ("---\ntitle: [a, b]\n---\nBody text.\n", 2),
])
def test_bad_front_matter_names_the_line(tmp_path: Path, front: str, line: int) -> None:
    path = tmp_path / "bad.md"
    path.write_text(front)
    assert error_for(path).startswith(f"{path}:{line}: ")


def test_whitespace_only_and_header_only(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\t\n")
    assert error_for(blank).startswith(f"{blank}: file is empty")
    header = tmp_path / "header.txt"
    header.write_text(" date 2022-03-21 \n")
    assert error_for(header).startswith(f"{header}:1: no article text after the header")


def test_unsupported_type_lists_supported() -> None:
    path = FIXTURES / "unsupported_type.pdf"
    message = error_for(path)
    assert message.startswith(f"{path}: unsupported file type '.pdf'")
    assert ".txt, .md, .markdown, .html, .htm" in message


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error_for(path).startswith(f"{path}: file is binary (contains NUL bytes)")


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Peru and Chile met. " * 100)
    assert error_for(path, max_bytes=1000) == (
        f"{path}: file is 2,000 bytes, larger than the limit of 1,000 (split it, or raise "
        "DOSSIER_MAX_ARTICLE_BYTES if it really is one article)")


def test_html_without_main_text() -> None:
    path = FIXTURES / "page_without_article.html"
    assert error_for(path).startswith(f"{path}: no main text found in the HTML page")
