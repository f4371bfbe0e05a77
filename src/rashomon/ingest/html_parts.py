"""What trafilatura leaves out of a page and rashomon keeps as parts: image captions and
comment authors.

trafilatura returns the main text and the comments as plain text: ``<figcaption>`` and
captions in ``class="...caption..."`` blocks are dropped, and so are the names of the
readers who wrote the comments. This module reads them from the page's structure (lxml):

* captions: every ``<figcaption>`` and every element whose class names a caption
  (``wp-caption-text``, ``image-caption``...) holding no other caption, inside the page's
  ``<article>`` elements when it has some (else the body), never inside ``nav``, ``header``,
  ``footer``, ``aside`` or a comment section;
* comments: inside an element whose id or class names comments, each element whose class
  names an author (``comment-author``, ``fn``, ``username``...) or each ``<cite>`` starts a
  comment: the comment is its smallest enclosing element holding more text than the name,
  and its paragraphs are that element's ``<p>`` (or its text), less the name, date and reply
  links and less the replies nested in it (each reply is a comment of its own).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree
import lxml.html

logger = logging.getLogger(__name__)

_CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)
_COMMENTS = re.compile(r"comment", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(
    r"author|commenter|user-?name|nickname|(?:^|\s)fn(?:\s|$)|(?:^|\s)name(?:\s|$)",
    re.IGNORECASE,
)
_META_CLASS = re.compile(r"meta|date|time|reply|action|vote|avatar|permalink", re.IGNORECASE)
_OUTSIDE = frozenset({"nav", "header", "footer", "aside", "script", "style", "noscript", "form"})
_META_TAGS = frozenset({"time", "script", "style", "img", "button", "form"})
MAX_CAPTION_WORDS = 80
MAX_AUTHOR_WORDS = 8


@dataclass(frozen=True, slots=True)
class PageComment:
    """One reader comment: the author's name as shown and its paragraphs."""

    author: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageExtras:
    """Captions and authored comments found in a page's structure, in page order."""

    captions: tuple[str, ...] = ()
    comments: tuple[PageComment, ...] = ()


def page_extras(page: str) -> PageExtras:
    """The captions and authored comments of an HTML page (empty when it cannot be parsed)."""
    try:
        root = lxml.html.document_fromstring(page)
    except (lxml.etree.ParserError, ValueError) as e:
        logger.debug("page structure not readable for captions and comments: %s", e)
        return PageExtras()
    return PageExtras(captions=tuple(_captions(root)), comments=tuple(_comments(root)))


def _classes(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _is_element(node: object) -> bool:
    return isinstance(node, lxml.html.HtmlElement)


def _in_comments(element: lxml.html.HtmlElement) -> bool:
    return any(_COMMENTS.search(_classes(a)) for a in element.iterancestors())


def _captions(root: lxml.html.HtmlElement) -> Iterator[str]:
    scopes = root.xpath("//article[not(ancestor::article)]") or root.xpath("//body") or [root]
    seen: set[str] = set()
    for scope in scopes:
        for element in scope.iter():
            if not _is_element(element) or not _is_caption(element):
                continue
            if any(_is_caption(d) for d in element.iterdescendants() if _is_element(d)):
                continue  # the container (wp-caption): its caption text is inside
            if any(a.tag in _OUTSIDE for a in element.iterancestors()) or _in_comments(element):
                continue
            text = _text(element)
            if text and len(text.split()) <= MAX_CAPTION_WORDS and text not in seen:
                seen.add(text)
                yield text


def _is_caption(element: lxml.html.HtmlElement) -> bool:
    if element.tag == "figcaption":
        return True
    return element.tag not in {"figure", "img"} and bool(
        _CAPTION_CLASS.search(element.get("class", ""))
    )


def _comments(root: lxml.html.HtmlElement) -> Iterator[PageComment]:
    sections = [
        e
        for e in root.iter()
        if _is_element(e)
        and e.tag not in {"html", "body"}
        and _COMMENTS.search(_classes(e))
        and not _in_comments(e)
    ]
    for section in sections:
        authors = _authors(section)
        items = [_item_of(author) for author in authors]
        item_set = set(items)
        for author, item in zip(authors, items, strict=True):
            paragraphs = tuple(_paragraphs(item, author, item_set))
            if paragraphs:
                name = _text(author).removesuffix(" says:").removesuffix(":").strip()
                yield PageComment(name or None, paragraphs)


def _is_author(element: lxml.html.HtmlElement) -> bool:
    if element.tag == "cite" or _AUTHOR_CLASS.search(element.get("class", "")):
        text = _text(element)
        return bool(text) and len(text.split()) <= MAX_AUTHOR_WORDS
    return False


def _authors(section: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The outermost author elements of a comment section, in page order."""
    found = [e for e in section.iterdescendants() if _is_element(e) and _is_author(e)]
    chosen = set(found)
    return [e for e in found if not any(a in chosen for a in e.iterancestors())]


def _item_of(author: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The smallest element around ``author`` holding more than the name, a wrapper of
    the name and a date (``class="comment-meta"``) left out."""
    name = _text(author)
    for ancestor in author.iterancestors():
        if _text(ancestor) == name:
            continue
        if _META_CLASS.search(ancestor.get("class", "")) and not any(
            not _excluded(p, author, set()) for p in ancestor.iter("p") if p is not author
        ):
            continue
        return ancestor
    return author


def _excluded(
    element: lxml.html.HtmlElement,
    author: lxml.html.HtmlElement,
    items: set[lxml.html.HtmlElement],
) -> bool:
    """The name, a date or reply line, or a nested reply: not the comment's text."""
    return (
        element is author
        or element in items
        or element.tag in _META_TAGS
        or bool(_META_CLASS.search(element.get("class", "")))
    )


def _paragraphs(
    item: lxml.html.HtmlElement,
    author: lxml.html.HtmlElement,
    items: set[lxml.html.HtmlElement],
) -> Iterator[str]:
    others = items - {item}

    def own(element: lxml.html.HtmlElement) -> bool:
        for a in [element, *element.iterancestors()]:
            if a is item:
                return True
            if _excluded(a, author, others):
                return False
        return False

    paragraphs = [p for p in item.iter("p") if own(p)]
    if paragraphs:
        for p in paragraphs:
            text = _text(p)
            if text:
                yield text
        return
    text = " ".join(" ".join(_gather(item, author, others)).split())
    if text:
        yield text


def _gather(
    element: lxml.html.HtmlElement,
    author: lxml.html.HtmlElement,
    items: set[lxml.html.HtmlElement],
) -> list[str]:
    pieces = [element.text or ""]
    for child in element:
        if _is_element(child) and not _excluded(child, author, items):
            pieces.extend(_gather(child, author, items))
        pieces.append(child.tail or "")
    return pieces
