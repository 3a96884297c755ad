"""Member texts (reviews, forum posts, blog posts, comments): a small Markdown, rendered safe.

A member text is stored twice: the raw Markdown the member typed, which the edit form shows
again, and the HTML rendered from it once, when the text is saved. Pages print the stored HTML
as it is, so no view pays for rendering, and a change to these rules means re-rendering the
stored texts from their raw Markdown.

Two locks, so that neither alone has to be perfect:

- Markdown never passes HTML through: typed tags come out as escaped text.
- nh3 then keeps only the tags of ``ALLOWED_TAGS``, ``href`` on links (http, https and mailto
  only: a relative or ``javascript:`` target loses its ``href``), and gives every link
  ``rel="nofollow ugc noopener"``.

Supported: paragraphs, line breaks (a single newline is enough), ``**bold**``, ``*italics*``,
``inline code`` in backticks, bulleted and numbered lists, ``>`` quotes, ``[links](https://…)``,
``<https://…>`` and bare http(s) URLs. Headings, rules and indented code blocks stay as the
text typed. There are no images: ``![alt](https://…)`` stays as typed, and its URL, like any
bare URL, becomes a plain link.
"""

import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "code", "ul", "ol", "li", "blockquote", "a"})
LINK_REL = "nofollow ugc noopener"

# nh3's Cleaner is immutable and safe to share between threads; Markdown instances are not.
_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    # Without a "*" entry nh3 keeps its default lang and title on every tag.
    attributes={"*": set(), "a": {"href"}},
    url_schemes={"http", "https", "mailto"},
    url_relative="deny",
    link_rel=LINK_REL,
    strip_comments=True,
)

# \x02 and \x03 delimit Python-Markdown's placeholders (escapes, entities): never part of a URL.
_BARE_URL = r"(?i)\bhttps?://[^\s<>\"\x02\x03]+"
# Punctuation that ends a sentence (or an emphasis) rather than the URL before it.
_TRAILING = ".,:;!?'\"*_"
_CLOSERS = {")": "(", "]": "["}


class _BareUrlProcessor(InlineProcessor):
    """Links a bare http(s) URL, but not inside a link's own text."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):
        url = m.group(0)
        while url and (
            url[-1] in _TRAILING
            or (url[-1] in _CLOSERS and url.count(_CLOSERS[url[-1]]) < url.count(url[-1]))
        ):
            url = url[:-1]
        link = etree.Element("a", href=url)
        link.text = AtomicString(url)
        return link, m.start(0), m.start(0) + len(url)


class _MemberMarkdown(Extension):
    """Python-Markdown cut down to what members may write."""

    def extendMarkdown(self, md):
        # Raw HTML is not parsed, so the serializer escapes it as text.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # No images; the link pattern also leaves `![…](…)` alone, so it stays as typed.
        for name in ("image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(name)
        # Syntax whose tags nh3 would strip, running their text into the next paragraph.
        for name in ("hashheader", "setextheader", "hr", "code"):
            md.parser.blockprocessors.deregister(name)
        # After `link` and `autolink`, which consume the URLs they contain first.
        md.inlinePatterns.register(_BareUrlProcessor(_BARE_URL, md), "bare_url", 115)


class _TextAndLinks(HTMLParser):
    """Collects the text of an HTML fragment and counts its links."""

    INLINE_TAGS = frozenset({"a", "strong", "em", "code"})

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links = 0
        self.chunks: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links += 1
        if tag not in self.INLINE_TAGS:
            self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag not in self.INLINE_TAGS:
            self.chunks.append(" ")

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


def render_markdown(raw: str) -> str:
    """Return the sanitised HTML for a member's Markdown, ready to be marked safe."""
    # A Markdown instance keeps state between convert() calls: one per call is thread-safe.
    html = markdown.Markdown(extensions=[_MemberMarkdown(), "nl2br", "sane_lists"]).convert(raw)
    return _cleaner.clean(html)


def link_count(raw: str) -> int:
    """Return how many links (with a target) the rendered text holds, for forms to limit."""
    return _TextAndLinks(render_markdown(raw)).links


def excerpt(html: str, length: int = 200) -> str:
    """Return rendered HTML as plain text, cut on a word to at most `length` characters.

    The result is text, not HTML: let the template escape it.
    """
    text = _TextAndLinks(html).text
    if len(text) <= length:
        return text
    cut = text[: length - 1]  # room for the ellipsis
    if not text[length - 1].isspace() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"
