"""The ledger's wire copies: a rewrite of one wire story found within the incident."""

from __future__ import annotations

from datetime import date

from rashomon.compare.copies import incident_copies
from rashomon.link import find_copies
from rashomon.model import Article, CopyGroup, Part, PartKind

WIRE = (
    "Rescuers in the town of Vostra searched the rubble of a grain depot on Monday after an "
    "overnight strike that the regional council said killed eleven workers and wounded "
    "twenty more. The council chairman told reporters that the night shift had just begun "
    "when the first blast hit the loading bay and the roof of the main hall collapsed. "
    "Neighbours described a column of black smoke that could be seen from the river and "
    "said the fire burned until dawn while firefighters pumped water from the harbour. "
    "The Brell Front, which controls the hills west of the town, has not commented on the "
    "strike, and its radio station played music through the morning as usual. "
)
UPDATE = (
    "The toll of the strike on a grain depot in Vostra rose to fourteen on Tuesday, the "
    "regional council said, as relatives gathered outside the morgue of the district "
    "hospital to wait for news of the missing. Workers from the port joined the search "
    "with cranes and lorries borrowed from the timber yard across the road. The governor "
    "flew in from the capital and promised money for the families of the dead. A school "
    "near the depot stayed closed and its pupils were sent to a sports hall instead. " + WIRE[:235]
)
OTHER = (
    "A reporter who reached the Vostra depot on Tuesday found the loading bay gone and the "
    "main hall open to the sky. Local traders said grain prices in the market had doubled "
    "overnight and that bakeries in three villages had closed for want of flour. An "
    "engineer who asked not to be named said the building had been inspected in spring. "
    "The Brell Front's spokesman later accused the council of storing fuel at the site."
)


def _article(aid: str, text: str, day: int) -> Article:
    return Article(aid, text, (Part(PartKind.BODY, 0, len(text)),), published=date(2031, 3, day))


def test_a_rewrite_of_one_wire_story_is_one_copy_group() -> None:
    articles = [_article("a0", WIRE, 3), _article("a1", UPDATE, 4), _article("a2", OTHER, 4)]
    assert find_copies(articles) == []  # too loose a copy for linking's must-links
    [group] = incident_copies(articles, [], prefix="inc-1")
    assert group.article_ids == ("a0", "a1")
    assert group.original_id == "a0"
    assert group.id == "inc-1-copy-1"


def test_corpus_groups_are_kept_and_joined_with_the_rewrites() -> None:
    articles = [_article("a0", WIRE, 3), _article("a1", UPDATE, 4), _article("a2", OTHER, 4)]
    known = CopyGroup("copy-7", ("a0", "x9"), "a0", agency="AFP", similarity=0.9)
    [group] = incident_copies(articles, [known], prefix="inc-1")
    assert set(group.article_ids) == {"a0", "x9", "a1"}
    assert group.agency == "AFP"
    alone = incident_copies(articles[::2], [known], prefix="inc-1")
    assert alone == [known]
