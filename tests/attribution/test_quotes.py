"""find_quotes: quotation marks, paragraphs that reopen a quotation, scare quotes."""

from __future__ import annotations

import pytest

from rashomon.attribution.quotes import find_quotes


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will not leave this town” on Monday.", ["“we will not leave this town”"]),
        ('He said "we will not leave this town" on Monday.', ['"we will not leave this town"']),
        ("She called «a clear breach of the truce» today.", ["«a clear breach of the truce»"]),
        ("Ein „ganz klares Signal an alle“ kam.", ["„ganz klares Signal an alle“"]),
        # a straight quote inside a word does not open one: 5"7 is a height
        ('He is 5"7, "they shelled the road at dawn".', ['"they shelled the road at dawn"']),
        # short quoted stretches are scare quotes or titles
        ('The so-called "safe zone" was hit.', []),
        # no closing mark: the quotation ends with its paragraph, or with the text
        ("“We saw the fire from the roof\nThen nothing.", ["“We saw the fire from the roof"]),
        ("He said: “we saw the fire from the roof", ["“we saw the fire from the roof"]),
        ("", []),
    ],
)
def test_quotations(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


def test_a_quotation_goes_on_where_the_next_paragraph_reopens_it() -> None:
    text = "“We ran to the shelter first.\n\n“Then the second blast came,” she said."
    [quote] = find_quotes(text)
    assert (quote.start, quote.end) == (0, len(text) - len(" she said."))
    assert quote.words == 11


def test_quotations_follow_each_other_in_text_order() -> None:
    text = "“One two three four,” he said. “Five six seven eight,” she replied."
    assert spans(text) == ["“One two three four,”", "“Five six seven eight,”"]
