"""Actors, quotes and summaries on invented articles (the model is loaded once per session)."""

import pytest

from bot.nlp.pipeline import analyze_text
from tests.articles import BRIDGE_STATEMENTS, COUNCIL_BUDGET, HARBOR_STRIKE, SUMMARY_ARTICLE

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def strike(nlp):
    return analyze_text(nlp, HARBOR_STRIKE)


@pytest.fixture(scope="module")
def budget(nlp):
    return analyze_text(nlp, COUNCIL_BUDGET)


def speaker_of(analysis, fragment):
    hits = [q for q in analysis.quotes if fragment in q.text]
    assert hits, f"no quote contains {fragment!r}"
    return hits[0].speaker


def test_offsets_point_into_the_text(strike):
    for q in strike.quotes:
        assert HARBOR_STRIKE[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert HARBOR_STRIKE[q.speaker_start : q.speaker_end].strip()


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("We will not go back", "Marta Quellin"),  # spun cue "stated", title before the name
        ("Nobody wins a long strike", "Tobias Renwick"),  # "he said" after "informed the Herald"
        ("The families on both sides", "Tobias Renwick"),  # quote continuing the same speaker
        ("The offer on the table", "Harlan Oduya"),  # split quote, first half
        ("and it will not improve", "Harlan Oduya"),  # split quote, second half
        ("serious and lasting damage", "Marta Quellin"),  # partial quote in reported speech
        ("Nobody has called us", "an official at the labor ministry"),  # unnamed source
        ("Every day of delay", "Marta Quellin"),  # quote-only paragraph continues the speaker
    ],
)
def test_strike_speakers(strike, fragment, speaker):
    assert speaker_of(strike, fragment) == speaker


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("Prices will fall by spring", "Paulo Ferraz"),  # colon-introduced
        ("Keep the lights on", "Paulo Ferraz"),  # straight quotes; "told the council": not the council
        ("She told me ‘never again’", "Dana Whitlock"),  # nested single quotes
        ("The budget passes tomorrow", "Paulo Ferraz"),  # written words
        ("review every contract", "Treasury Office"),  # an organisation speaks
        ("The first half of the plan", "Irena Costa"),  # quote over two paragraphs
        ("and the second half", "Irena Costa"),
        ("ridership has fallen", "the transport department"),  # according to
    ],
)
def test_budget_speakers(budget, fragment, speaker):
    assert speaker_of(budget, fragment) == speaker


def test_titles_are_not_quotes(strike):
    texts = [q.text for q in strike.quotes]
    assert "Morning Table" not in texts and "Harbor Voices" not in texts


def test_actors_have_one_canonical_name_with_aliases(strike):
    actors = {a.name: a for a in strike.actors}
    assert "Quellin" not in actors and "Renwick" not in actors
    quellin = actors["Marta Quellin"]
    assert quellin.kind == "PERSON" and "Quellin" in quellin.aliases and quellin.quotes == 4
    renwick = actors["Tobias Renwick"]
    assert "Mayor Tobias Renwick" in renwick.aliases
    assert renwick.description == "a former shipping executive"
    assert actors["Harlan Oduya"].description == "a spokesman for the Alvera Port Authority"


def test_summary_skips_headline_byline_and_furniture(nlp):
    analysis = analyze_text(nlp, SUMMARY_ARTICLE, summary_sentences=3)
    assert len(analysis.summary) == 3
    joined = " ".join(analysis.summary)
    for junk in ("LEAVE A REPLY", "Please enter", "views", "Photo:", "He added", "Library opens in the old"):
        assert junk not in joined
    positions = [SUMMARY_ARTICLE.index(s) for s in analysis.summary]
    assert positions == sorted(positions)


def test_model_multiplies_with_numpy_not_blis(nlp):
    # blis's plain C kernel (its build's choice on CPUs it does not know) is 4x slower. The
    # token vectors are most of the multiplying; the parser's Cython code has its own.
    for name in ("tok2vec", "tagger"):
        assert {node.ops.use_blis for node in nlp.get_pipe(name).model.walk()} == {False}


def test_empty_and_quote_free_texts(nlp):
    assert analyze_text(nlp, "").quotes == ()
    plain = analyze_text(nlp, "The river rose by a metre overnight. Farmers moved their herds to higher fields.")
    assert plain.quotes == () and plain.summary


@pytest.fixture(scope="module")
def bridge(nlp):
    return analyze_text(nlp, BRIDGE_STATEMENTS)


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("deeply concerned about the delays", "Harbor Authority"),  # said in a statement
        ("The bridge opens in May", "Lena Vasko"),  # tweeted
        ("Nobody ordered it in time", "Tomas Brandt"),  # "he insisted" after "Brandt argued"
        ("We regret the delays", "Kessel Works"),  # "it said": an organisation, never a person
        ("The budget was always too small", "Ilse Marr"),  # inverted "noted X"
        ("We have been here before", "Tomas Brandt"),  # "he explained" after "Brandt recalled"
    ],
)
def test_statement_speakers(bridge, fragment, speaker):
    assert speaker_of(bridge, fragment) == speaker


def test_nicknames_without_a_speaker_are_not_quotes(bridge):
    assert not any("Iron Lady" in q.text for q in bridge.quotes)


def test_actors_ranked_by_salience_and_junk_dropped(strike, bridge):
    assert strike.actors[0].name == "Marta Quellin"  # most quoted, in the lead
    for analysis in (strike, bridge):
        for actor in analysis.actors:
            assert not any(ch.isdigit() for ch in actor.name)
            assert actor.name not in ("Monday", "Tuesday", "Friday", "Thursday", "May")
    kinds = {a.name: a.kind for a in bridge.actors}
    assert kinds["Kessel Works"] == "ORG" and kinds["Lena Vasko"] == "PERSON"


def test_every_quote_keeps_its_sentence(strike):
    for q in strike.quotes:
        assert q.text in q.sentence and q.sentence in HARBOR_STRIKE


@pytest.mark.model
@pytest.mark.parametrize(
    "sentence, description",
    [
        ("Former harbour commissioner Sen. John Keller said the pier would wait.", "Former harbour commissioner"),
        ("John Keller, a former harbour commissioner, said the pier would wait.", "a former harbour commissioner"),
        ("John Keller, this reeks of fear, said the pier would wait.", None),  # a clause, not a description
        ("John Keller, the friend of Anna Keller, said the pier would wait.", None),  # another person's name
        ("Fellow candidate Ohio Sen. John Keller said the pier would wait.", "Fellow candidate"),  # no place
        ("The unilateral action John Keller took angered the pier staff.", None),  # not a role
    ],
)
def test_descriptions_are_noun_phrases_a_reader_can_use(nlp, sentence, description):
    from bot.nlp.actors import find_actors

    keller = next(c for c in find_actors(nlp(sentence)).clusters if c.name == "John Keller")
    assert keller.description == description
