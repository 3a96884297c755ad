"""Member texts: the Markdown they support, and the HTML they can never produce."""

import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest

from billetnet import markup
from billetnet.markup import excerpt, link_count, render_markdown
from billetnet.tests.xss_corpus import XSS_PAYLOADS

# Written out here rather than imported, so that widening the module's allow-list fails a test.
ALLOWED_TAGS = {"p", "br", "strong", "em", "code", "ul", "ol", "li", "blockquote", "a"}
REL = "nofollow ugc noopener"
SAFE_HREF = re.compile(r"(https?://|mailto:)", re.IGNORECASE)


class Collector(HTMLParser):
    """Every tag with its attributes, and anything that is neither tag nor text."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.other = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_comment(self, data):
        self.other.append(("comment", data))

    def handle_decl(self, decl):
        self.other.append(("declaration", decl))

    def handle_pi(self, data):
        self.other.append(("processing instruction", data))

    def unknown_decl(self, data):
        self.other.append(("unknown declaration", data))


def links(html):
    return [dict(attrs) for tag, attrs in Collector(html).tags if tag == "a"]


# The supported syntax.


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Un beau spectacle.", "<p>Un beau spectacle.</p>"),
        ("Premier.\n\nSecond.", "<p>Premier.</p>\n<p>Second.</p>"),
        ("Ligne un\nligne deux", "<p>Ligne un<br>\nligne deux</p>"),
        ("**Magnifique** et *drôle*", "<p><strong>Magnifique</strong> et <em>drôle</em></p>"),
        ("__gras__ et _italique_", "<p><strong>gras</strong> et <em>italique</em></p>"),
        ("Tapez `ctrl+c`", "<p>Tapez <code>ctrl+c</code></p>"),
        ("- décor\n- acteurs", "<ul>\n<li>décor</li>\n<li>acteurs</li>\n</ul>"),
        ("1. entrée\n2. plat", "<ol>\n<li>entrée</li>\n<li>plat</li>\n</ol>"),
        ("> Bien vu.", "<blockquote>\n<p>Bien vu.</p>\n</blockquote>"),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ],
)
def test_supported_syntax_renders(raw, expected):
    assert render_markdown(raw) == expected


def test_bulleted_and_numbered_lists_stay_apart():
    html = render_markdown("- un\n- deux\n\n1. premier\n2. second")
    assert [tag for tag, _ in Collector(html).tags if tag in {"ul", "ol"}] == ["ul", "ol"]


def test_nested_list():
    assert render_markdown("- a\n    - b") == "<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>"


@pytest.mark.parametrize(
    ("raw", "href", "text"),
    [
        ("[Le site](https://theatre.example/)", "https://theatre.example/", "Le site"),
        ("<https://theatre.example/>", "https://theatre.example/", "https://theatre.example/"),
        ("Voir https://theatre.example/saison", "https://theatre.example/saison", None),
        ("[Écrire](mailto:contact@theatre.example)", "mailto:contact@theatre.example", "Écrire"),
        ("<contact@theatre.example>", "mailto:contact@theatre.example", None),
        ("[x][1]\n\n[1]: https://theatre.example/", "https://theatre.example/", "x"),
    ],
)
def test_links_render_with_rel(raw, href, text):
    html = render_markdown(raw)
    assert links(html) == [{"href": href, "rel": REL}]
    if text:
        assert f">{text}</a>" in html


@pytest.mark.parametrize(
    ("raw", "href"),
    [
        ("Fin de phrase https://a.example.", "https://a.example"),
        ("Une question https://a.example/?q=1 ?", "https://a.example/?q=1"),
        ("(voir https://a.example/p)", "https://a.example/p"),
        (
            "https://fr.wikipedia.example/wiki/Cyrano_(pièce)",
            "https://fr.wikipedia.example/wiki/Cyrano_(pièce)",
        ),
        ("**https://a.example**", "https://a.example"),
    ],
)
def test_bare_url_leaves_surrounding_punctuation_out(raw, href):
    assert [link["href"] for link in links(render_markdown(raw))] == [href]


def test_url_in_link_text_is_not_linked_again():
    html = render_markdown("[voir https://b.example](https://a.example)")
    assert links(html) == [{"href": "https://a.example", "rel": REL}]


def test_typed_html_shows_as_text():
    assert render_markdown("<b>gras</b>") == "<p>&lt;b&gt;gras&lt;/b&gt;</p>"


def test_image_syntax_is_text_with_a_plain_link():
    html = render_markdown("![affiche](https://evil.example/x.png)")
    assert html.startswith("<p>![affiche](<a ")
    assert links(html) == [{"href": "https://evil.example/x.png", "rel": REL}]


def test_headings_rules_and_code_blocks_stay_as_typed():
    html = render_markdown("# Titre\n\n---\n\n    indenté")
    assert html == "<p># Titre</p>\n<p>---</p>\n<p>indenté</p>"


def test_relative_and_unknown_targets_lose_their_href():
    for raw in ("[x](/mon-espace/)", "[x](//evil.example/)", "[x](ftp://files.example/)"):
        assert links(render_markdown(raw)) == [{"rel": REL}], raw


def test_render_is_thread_safe():
    """gunicorn runs threads: Markdown instances must not leak state between calls."""
    texts = [f"[lien {i}][r]\n\n[r]: https://example.com/{i}\n\n- **{i}**" for i in range(40)]
    expected = [render_markdown(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(render_markdown, texts * 5)) == expected * 5


# The XSS corpus.


def test_corpus_is_large_and_distinct():
    assert len(XSS_PAYLOADS) >= 60
    assert len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


def assert_harmless(html):
    parsed = Collector(html)
    assert parsed.other == [], html
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, html
        assert tag not in {"img", "script", "style", "svg", "math", "iframe", "object", "embed"}
        names = [name for name, _ in attrs]
        assert not [name for name in names if name.startswith("on")], html
        if tag != "a":
            assert names == [], html
            continue
        assert set(names) <= {"href", "rel"}, html
        assert dict(attrs)["rel"] == REL, html
        if "href" in names:
            assert SAFE_HREF.match(dict(attrs)["href"]), html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_renders_harmless(payload):
    assert_harmless(render_markdown(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_alone_makes_payload_harmless(payload):
    """Markdown escapes typed HTML, so nh3 rarely sees a tag; it must hold on its own too."""
    assert_harmless(markup._cleaner.clean(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payload_link_count_matches_render(payload):
    assert link_count(payload) == len([a for a in links(render_markdown(payload)) if "href" in a])


# link_count and excerpt.


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("Pas de lien.", 0),
        ("[un](https://a.example) et [deux](https://b.example)", 2),
        ("<https://a.example> et https://b.example et <c@d.example>", 3),
        ("[x][1] et [y][1]\n\n[1]: https://a.example", 2),
        ("[voir https://b.example](https://a.example)", 1),
        ("[x](javascript:alert(1)) et [y](/relatif/)", 0),
        ("`https://a.example` dans du code", 0),
        ("![img](https://a.example/x.png)", 1),
    ],
)
def test_link_count(raw, count):
    assert link_count(raw) == count


def test_excerpt_short_text_is_whole_plain_text():
    html = render_markdown("**Superbe** & <drôle>.\n\n- un\n- deux")
    assert excerpt(html) == "Superbe & <drôle>. un deux"


def test_excerpt_cuts_on_a_word():
    html = render_markdown("Un spectacle vraiment inoubliable")
    assert excerpt(html, length=25) == "Un spectacle vraiment…"
    assert len(excerpt(html, length=25)) <= 25


def test_excerpt_cut_right_after_a_word_keeps_it():
    assert excerpt("<p>abc def ghi</p>", length=8) == "abc def…"


def test_excerpt_of_one_long_word_cuts_inside_it():
    assert excerpt("<p>" + "a" * 30 + "</p>", length=10) == "a" * 9 + "…"


def test_excerpt_separates_blocks_and_collapses_whitespace():
    assert excerpt("<p>un</p><p>deux<br>trois</p>\n\n<ul><li>quatre</li></ul>") == (
        "un deux trois quatre"
    )
