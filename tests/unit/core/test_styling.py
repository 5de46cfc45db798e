"""XEP-0393 parsing: the XEP's own examples, nesting, unterminated directives, long input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from heron.core import styling
from heron.core.styling import Line, LineKind, Style, is_plain, parse

S, E, T, M = Style.STRONG, Style.EMPHASIS, Style.STRIKE, Style.MONO


def styled(text: str) -> list[tuple[str, Style]]:
    """The styled runs of every line, directives included, as (text, style)."""
    return [(text[s.start:s.end], s.style) for line in parse(text) for s in line.spans
            if s.style is not Style.NONE]


def words(text: str) -> list[tuple[str, Style]]:
    """Only the styled text, without its directives."""
    return [(text[s.start:s.end], s.style) for line in parse(text) for s in line.spans
            if s.style is not Style.NONE and not s.directive]


def test_the_xep_strong_examples_are_styled() -> None:
    assert words("*strong*") == [("strong", S)]
    assert words("plain *strong* plain") == [("strong", S)]
    assert words("*strong* plain *strong*") == [("strong", S), ("strong", S)]
    assert words("*strong*plain*") == [("strong", S)]
    assert words("* plain *strong*") == [("strong", S)]


def test_the_xep_plain_examples_stay_plain() -> None:
    for text in ("not strong*", "*not strong", "*not \n strong*", "*not *strong", "**",
                 "****", "a * b * c", "2*3*4", "snake_case_name", "~", "``"):
        assert styled(text) == [], text
        assert is_plain(parse(text)), text


def test_directives_are_kept_and_marked() -> None:
    text = "say *hi* now"
    spans = parse(text)[0].spans
    assert "".join(text[s.start:s.end] for s in spans) == text  # nothing removed or added
    assert [(text[s.start:s.end], s.directive) for s in spans] == [
        ("say ", False), ("*", True), ("hi", False), ("*", True), (" now", False)]


def test_each_directive_and_nesting() -> None:
    assert words("_italic_ ~gone~ `code`") == [("italic", E), ("gone", T), ("code", M)]
    assert words("_emphasized span containing *strong span*_") == [
        ("emphasized span containing ", E), ("strong span", E | S)]
    assert words("*`monospace and bold`*") == [("monospace and bold", S | M)]
    assert words("*_~`all`~_*") == [("all", S | E | T | M)]


def test_a_code_span_holds_no_other_spans() -> None:
    assert words("This is `*monospace*`") == [("*monospace*", M)]


def test_whitespace_on_the_inner_side_breaks_a_span() -> None:
    assert styled("* not*") == []
    assert styled("*not *") == []
    assert styled("a*b* c") == []  # opening not after whitespace
    assert words("\u00a0*nbsp before*") == [("nbsp before", S)]  # category Z counts
    assert styled("*\u3000ideographic space*") == []


def test_lazy_matching_takes_the_first_closing_directive() -> None:
    assert words("*a* b*") == [("a", S)]
    assert words("*one *two*") == [("one *two", S)]


def test_spans_never_cross_lines() -> None:
    assert styled("*first\nsecond*") == []
    assert styled("`code\ncontinued`") == []


def test_emoji_and_combining_characters() -> None:
    assert words("*😀🎉*") == [("😀🎉", S)]
    assert words("_cafe\u0301_ and *\u0301x*") == [("cafe\u0301", E), ("\u0301x", S)]
    assert words("👍🏽 ~👨‍👩‍👧~") == [("👨‍👩‍👧", T)]


def test_plain_lines_and_quotes() -> None:
    lines = parse("> That that is, is.\n\nSaid the old hermit of Prague.")
    assert [(line.kind, len(line.quotes)) for line in lines] == [
        (LineKind.PLAIN, 1), (LineKind.PLAIN, 0), (LineKind.PLAIN, 0)]
    assert lines[0].content == 2  # the first whitespace after '>' is trimmed


def test_quotes_nest_and_end_at_the_first_unquoted_line() -> None:
    text = ">> That that is, is.\n> Said the old hermit of Prague.\n\nWho?"
    lines = parse(text)
    assert [len(line.quotes) for line in lines] == [2, 1, 0, 0]
    assert lines[0].quotes == (0, 1)
    assert text[lines[0].content:lines[0].end] == "That that is, is."
    assert [len(line.quotes) for line in parse("> a\nb\n> c")] == [1, 0, 1]


def test_only_the_first_whitespace_of_a_quote_is_trimmed() -> None:
    text = ">  two spaces\n> > spaced nesting\n>>tight"
    lines = parse(text)
    assert text[lines[0].content:lines[0].end] == " two spaces"
    assert len(lines[1].quotes) == 2 and text[lines[1].content:lines[1].end] == "spaced nesting"
    assert len(lines[2].quotes) == 2 and text[lines[2].content:lines[2].end] == "tight"


def test_spans_inside_quotes() -> None:
    assert words("> quoted *bold* text") == [("bold", S)]


def _kinds(text: str) -> list[str]:
    return [line.kind.value for line in parse(text)]


def test_preformatted_block_from_the_xep() -> None:
    text = ('```ignored\n(println "Hello, world!")\n```\n\n'
            "This should show up as monospace, preformatted text ⤴")
    assert _kinds(text) == ["fence", "pre", "fence", "plain", "plain"]
    assert styled('```\n*not bold* in code\n```') == []


def test_preformatted_block_ends_with_its_quote() -> None:
    text = ("> ```\n> (println \"Hello, world!\")\n\n"
            "The entire blockquote is a preformatted text block, but this line\n"
            "is *plaintext*!")
    lines = parse(text)
    assert [line.kind.value for line in lines] == ["fence", "pre", "plain", "plain", "plain"]
    assert [len(line.quotes) for line in lines] == [1, 1, 0, 0, 0]
    assert words(text) == [("plaintext", S)]
    # A later quote is a new quote, not the old block coming back.
    later = parse("> ```\n> code\nplain\n> quoted *b*")
    assert [line.kind.value for line in later] == ["fence", "pre", "plain", "plain"]
    assert words("> ```\n> code\nplain\n> quoted *b*") == [("b", S)]


def test_preformatted_block_keeps_quote_markers_as_text() -> None:
    text = "> ```\n> > not a nested quote\n> ```\n> after"
    lines = parse(text)
    assert [(line.kind.value, len(line.quotes)) for line in lines] == [
        ("fence", 1), ("pre", 1), ("fence", 1), ("plain", 1)]
    assert text[lines[1].content:lines[1].end] == "> not a nested quote"


def test_closing_fence_is_exactly_three_grave_accents() -> None:
    assert _kinds("```\ncode\n```` \n``` x\nstill code") == ["fence", "pre", "pre", "pre", "pre"]
    assert _kinds("```\nunterminated") == ["fence", "pre"]
    assert _kinds("text ```not a block```") == ["plain"]


def test_every_line_and_character_is_kept() -> None:
    text = "a\n\n> b\n```\nc\n```\n"
    lines = parse(text)
    assert len(lines) == text.count("\n") + 1
    assert [(line.start, line.end) for line in lines] == [
        (0, 1), (2, 2), (3, 6), (7, 10), (11, 12), (13, 16), (17, 17)]


@given(st.text(alphabet="*_~`> \n\tab😀\u0301"))
def test_spans_cover_each_plain_content_exactly_once(text: str) -> None:
    for line in parse(text):
        assert text.find("\n", line.start, line.end) < 0
        if line.kind is LineKind.PLAIN:
            pieces = [(s.start, s.end) for s in line.spans]
            assert all(a < b for a, b in pieces)
            covered = [i for a, b in pieces for i in range(a, b)]
            assert covered == list(range(line.content, line.end))
            for s in line.spans:
                if s.directive:
                    assert s.end - s.start == 1 and text[s.start] in styling.DIRECTIVES


class _Counter:
    """Counts how often the parser looks at whitespace: its work, measured without a clock."""

    def __init__(self) -> None:
        self.calls = 0
        self.real = styling.is_space

    def __call__(self, char: str) -> bool:
        self.calls += 1
        return self.real(char)


def _work(text: str, monkeypatch: object) -> int:
    counter = _Counter()
    monkeypatch.setattr(styling, "is_space", counter)  # type: ignore[attr-defined]
    lines: list[Line] = parse(text)
    assert lines
    monkeypatch.undo()  # type: ignore[attr-defined]
    return counter.calls


def test_work_grows_linearly_with_hostile_input(monkeypatch: object) -> None:
    for unit in ("*_", "* _ ", " *a", "*a _b ~c `d", "> ", ">"):
        small = _work(unit * 5_000, monkeypatch)
        large = _work(unit * 50_000, monkeypatch)  # 100 KB and more
        assert large <= 11 * small, (unit, small, large)
