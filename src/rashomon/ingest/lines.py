"""What a single line of a pasted web page looks like: caption, byline, boilerplate...

Predicates on one stripped line, with no context. ``parts`` combines them with the line's
position on the page. English page furniture only, like the rest of rashomon.
"""

from __future__ import annotations

import re

# Words left lower-case in title case.
SMALL_WORDS = frozenset(
    {
        "a", "an", "and", "as", "at", "but", "by", "de", "for", "from", "in", "into",
        "nor", "of", "on", "or", "per", "the", "to", "vs", "via", "with",
    }
)  # fmt: skip
_SENTENCE_END = tuple(".,;:!…")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

# The caption and boilerplate patterns below are matched against the casefolded line: written
# in lower case and compiled without re.IGNORECASE, which made them three times slower (they
# run on every line of every article; ``tests/ingest/test_ingest_lines.py`` holds them to it).
_CAPTION_PATTERNS = (
    # "... (Photo: video grab)", "(AP Photo/Jane Roe)", "(photo credit: Defence Ministry)"
    re.compile(
        r"\((?:[\w.&]+\s+){0,3}(?:photo(?:graph)?|image|picture|file photo|video grab"
        r"|screen ?grab|screenshot)s?\b[^()]*\)$"
    ),
    # "Photo: ...", "Caption: ...", "Image credit | ...", "Photo by ..."
    re.compile(
        r"^(?:photo(?:graph)?|image|picture|caption|file photo|(?:photo |image )?credits?)s?"
        r"\s*(?:[:|/]|by\b)"
    ),
    # "... in the square. Credit: Getty", "... Photo Credit: EPA / Jane Roe"
    re.compile(r"(?:photo|image)?\s*credits?:\s*[^.]{1,60}$"),
)
_BYLINE = re.compile(r"^(?:written\s+|words\s+|story\s+)?by\s+(?P<name>\S.*)$", re.IGNORECASE)
_CREDIT_LINE = re.compile(
    r"^\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\s+"
    r"(?P<name>[^;)]+)",
    re.IGNORECASE,
)
_BYLINE_NAME_END = re.compile(r"\s*(?:[|•·]|\s[-–—]\s|\bpublished\b|\bupdated\b|\bon\s+\d).*$")
_DATE_LINE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated)(?:\s+on)?:?\s*)?(?:{_WEEKDAY},?\s*)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}"
    rf"(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    r"(?:,?\s*(?:at\s*)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,5})?)?$",
    re.IGNORECASE,
)
# Phrases that are never article text, on lines of at most _BOILERPLATE_MAX_WORDS words.
_BOILERPLATE_PHRASES = re.compile(
    r"donations? (?:are|is) tax[- ]deductible|registered 501\s*\(?c\)?\s*\(?3\)?"
    r"|support (?:our|independent|quality) (?:journalism|work|reporting|newsroom)"
    r"|(?:donate|subscribe|sign up|register) (?:now|today|here)\b|sign up for (?:our|the)\b"
    r"|subscribe to (?:our|the)\b|(?:our|the|free) (?:daily |weekly )?newsletter"
    r"|we use cookies|cookies? (?:policy|settings|preferences)|accept (?:all )?cookies"
    r"|all rights reserved|^©|^copyright\b|follow us on\b|download (?:our|the) app"
    r"|click here\b|your email address will not be published|required fields are marked"
    r"|skip to (?:main )?content|^(?:share|like) this\b|^\d+\s*min(?:ute)?s?\s+read$"
    r"|^(?:read more|related(?: articles| stories| posts| news)?|see also|also read"
    r"|recommended|more from|most read|trending now|tags?|topics|filed under)\b"
)
_BOILERPLATE_MAX_WORDS = 40
# Single words that mark furniture only on very short lines ("Advertisement").
_BOILERPLATE_WORDS = re.compile(
    r"\b(?:advertisements?|sponsored|promoted|newsletters?|subscribe|donate|cookies"
    r"|loading\.*)\b"
)
_BOILERPLATE_WORDS_MAX = 6
_COMMENT_HEADER = re.compile(
    r"^(?:(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:comments?|responses?|repl(?:y|ies)|thoughts? on\b.*)"
    r"|(?:reader |user )?comments?(?:\s*\(\d+\))?|leave a (?:reply|comment)\b.*"
    r"|post a comment|add a comment|join the (?:discussion|conversation)\b.*"
    r"|discussion|what do you think\??|have your say)[.:!]?$",
    re.IGNORECASE,
)
_COMMENTS_CLOSED = re.compile(
    r"^(?:comments? (?:are|is) (?:now )?closed|comments? closed|commenting is (?:now )?"
    r"(?:closed|disabled))\b.{0,60}$",
    re.IGNORECASE,
)
# Lines inside a comment thread that belong to no one comment: author, time, actions.
_COMMENT_FURNITURE = re.compile(
    r"^(?:.{1,40}\s+(?:says|said|wrote):|reply|log in to reply|cancel reply|report"
    r"|like|upvote|downvote|load more comments|show more replies)$",
    re.IGNORECASE,
)
COMMENT_AUTHOR_MAX_WORDS = 5
_NUMBERED_ITEM = re.compile(r"^\d{1,3}[.)]\s+\S")
_SIGNOFF = (
    # "(The Palestine Chronicle)", "(Reuters)"
    re.compile(r"^\(\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&/-]+){0,5}\s*\)$"),
    # "— Associated Press", "- AFP"
    re.compile(r"^[—–-]{1,2}\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&/-]+){0,4}$"),
    re.compile(r"^(?:#{3}|-30-|\*{3}|/?ends)$", re.IGNORECASE),
)
_INNER_SENTENCE = re.compile(r"[.!?]\s")
# "CNN —", "GAZA CITY -": an outlet or place credit that runs into the first paragraph.
_DATELINE_CREDIT = re.compile(r"^[A-Z][\w.&'’ ,()]{0,40}?\s*[—–-]+$")
_DASHES = ("-", "—", "–")


def word_count(line: str) -> int:
    return len(line.split())


def ends_sentence(line: str) -> bool:
    """The line ends like running text: sentence punctuation, or a closing quote/bracket."""
    return line.endswith(_SENTENCE_END) or line[-1] in "\"”’')]»"


def title_cased(line: str) -> bool:
    """Most words that are not small words start with a capital (or a digit)."""
    words = [w.strip("\"'“”‘’()[]:,-–—") for w in line.split()]
    major = [w for w in words if w and w.lower() not in SMALL_WORDS]
    if not major:
        return False
    capitalised = sum(1 for w in major if w[0].isupper() or w[0].isdigit())
    return capitalised / len(major) >= 0.75


def starts_capitalised(line: str) -> bool:
    first = line.lstrip("\"'“‘(")
    return bool(first) and (first[0].isupper() or first[0].isdigit())


def is_caption(line: str) -> bool:
    if word_count(line) > 80:
        return False
    folded = line.casefold()
    return any(p.search(folded) for p in _CAPTION_PATTERNS)


def byline_name(line: str) -> str | None:
    """The name in a byline ("By Jane Roe | May 2, 2024" -> "Jane Roe"); None if not one."""
    match = _BYLINE.match(line) or _CREDIT_LINE.match(line)
    if match is None:
        return None
    name = _BYLINE_NAME_END.sub("", match.group("name")).strip(" ,;()")
    return name or None


def is_byline(line: str) -> bool:
    """ "By Jane Roe", "By JANE ROE, Staff Writer", "(Reporting by ...; Editing by ...)"."""
    if _CREDIT_LINE.match(line):
        return word_count(line) <= 40
    name = byline_name(line) if _BYLINE.match(line) else None
    if name is None or word_count(name) > 10 or line.endswith((".", "!", "?")):
        return False
    return starts_capitalised(name) and title_cased(name) and not _INNER_SENTENCE.search(name)


def is_date_line(line: str) -> bool:
    """A line that is only a date, maybe a time and "Published"/"Updated"."""
    return _DATE_LINE.match(line) is not None


def is_boilerplate(line: str) -> bool:
    words = word_count(line)
    if words > _BOILERPLATE_MAX_WORDS:
        return False
    folded = line.casefold()
    if _BOILERPLATE_PHRASES.search(folded):
        return True
    return words <= _BOILERPLATE_WORDS_MAX and _BOILERPLATE_WORDS.search(folded) is not None


def is_comment_header(line: str) -> bool:
    """A line that opens a comment thread ("1 Comment", "Leave a Reply")."""
    return word_count(line) <= 12 and _COMMENT_HEADER.match(line) is not None


def is_comments_closed(line: str) -> bool:
    return _COMMENTS_CLOSED.match(line) is not None


def is_comment_furniture(line: str) -> bool:
    """Author, date and action lines inside a comment thread ("Jo says:", "Reply").

    A short title-cased line without final punctuation ("Ilsa from Kessel") is taken for
    an author's name; short comments are rarely title-cased ("Well said" is not).
    """
    if _COMMENT_FURNITURE.match(line) is not None or is_date_line(line):
        return True
    return is_title_like(line, max_words=COMMENT_AUTHOR_MAX_WORDS) and title_cased(line)


def is_dateline_credit(line: str) -> bool:
    return word_count(line) <= 5 and _DATELINE_CREDIT.match(line) is not None


def is_numbered_item(line: str) -> bool:
    return _NUMBERED_ITEM.match(line) is not None


def is_signoff(line: str) -> bool:
    """A line that can end an article: "(Outlet Name)", "— Agency", "###"."""
    if word_count(line) > 6 or not any(p.match(line) for p in _SIGNOFF):
        return False
    return line.startswith(("#", "*", "/", "-3")) or title_cased(line) or line.isupper()


def is_title_like(line: str, *, max_words: int) -> bool:
    """Short, capitalised, without final sentence punctuation: a headline or subhead."""
    return (
        0 < word_count(line) <= max_words
        and starts_capitalised(line)
        and not line.endswith(_SENTENCE_END + _DASHES)
        and not line.startswith(('"', "“", "'", "‘", "*", "•", *_DASHES))
    )
