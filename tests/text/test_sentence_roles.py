"""The rule-based parse behind notices: whose age, what a count counts, what a sum
pays for, who said a quotation, what happened on a date, a unit, a tense."""

from __future__ import annotations

import pytest

from factcheck.notices.prose import tidy
from factcheck.text.sentence_roles import (
    age_referent, attributed_speaker, counted_noun, event_of, is_person, money_purpose, tokens, unit_after,
)
from factcheck.text.tense import same_verb
from factcheck.text.segmentation import split_sentences


def _age(sentence: str, number: str, before: tuple[str, ...] = ()) -> str | None:
    story = [*before, sentence]
    start = sentence.index(number)
    found = age_referent(sentence, start, start + len(number), story, len(story) - 1)
    return found.phrase if found else None


AGES = [
    # the subject of "was 41", past a place name opening the sentence
    ("Harlow Bridge police said the truck's driver, Daniel Okonkwo, was 41.", "41", "Daniel Okonkwo, the truck's driver"),
    ("HARLOW BRIDGE, Ont. — Daniel Okonkwo, 41, of Harlow Bridge was charged Tuesday.", "41", "Daniel Okonkwo"),
    ("In Harlow Bridge, the driver was 47.", "47", "the driver"),
    ("The driver, who lives in Harlow Bridge, was 47.", "47", "the driver"),
    # two people in one sentence: each age its own person
    ("Mayor Lena Ortiz, 52, and her challenger, Paul Grieve, 47, traded barbs.", "47", "Paul Grieve"),
    ("Mayor Lena Ortiz, 52, and her challenger, Paul Grieve, 47, traded barbs.", "52", "Mayor Lena Ortiz"),
    ("The suspect is 19 and the victim is 22.", "22", "the victim"),
    ("The suspect is 19 and the victim is 22.", "19", "the suspect"),
    ("A witness, Tomas Bell, 34, said he saw two men arguing.", "34", "Tomas Bell, a witness"),
    ("Police identified the victim as Maria Santos, 58, of Dartmouth.", "58", "Maria Santos"),
    ("Former premier John Hamm, 83, attended the ceremony.", "83", "John Hamm"),
    ("The mayor, 61, said she would not run again.", "61", "the mayor"),
    ("The cyclist, 27-year-old nurse Priya Sandhu, was struck on Main Street West.", "27-year-old", "Priya Sandhu"),
    ("Khadr, a 15-year-old, was captured in 2002.", "15-year-old", "Khadr"),
    ("A 29-year-old man was arrested Saturday.", "29-year-old", "the man"),
    ("Omar Khadr, now 24, was 22 at the time of the meeting.", "22", "Omar Khadr"),
    ("Ellison died Tuesday at 93.", "93", "Ellison"),
    # a pronoun: the person the story named before
    ("She was 19.", "19", "Alicia Greaves", ("Sprinter Alicia Greaves won bronze.", "Greaves trained in Guelph.")),
    ("She turned 100 on Sunday.", "100", "Edna Clarke", ("Edna Clarke celebrated with her family.",)),
    # numbers that are no age
    ("The crash killed 3 people.", "3", None),
    ("The fund had fallen to $4.1 million.", "$4.1 million", None),
    ("Construction is expected to take eight weeks.", "eight", None),
    ("Turnout was 41 per cent.", "41", None),
]


@pytest.mark.parametrize("case", AGES, ids=lambda c: c[0][:40])
def test_whose_age(case):
    sentence, number, expected, *before = case
    assert _age(sentence, number, *before) == expected


COUNTS = [
    ("Three people were injured when a bus and a car collided.", "Three", ("people", "injured", "were")),
    ("Two were taken to hospital for smoke inhalation.", "Two", (None, "taken to hospital", "were")),
    ("Police seized 14 firearms and a quantity of ammunition.", "14", ("firearms", "seized", "")),
    ("At least five people have died after flash floods.", "five", ("people", "who have died", "have")),
    ("Of the 30 passengers, 12 were hurt.", "12", (None, "hurt", "were")),
    ("Three of the victims were children.", "Three", ("victims", None, "")),
    ("The company will lay off 150 workers.", "150", ("workers", None, "")),
    ("There were four candidates in the race.", "four", ("candidates", None, "")),
]


@pytest.mark.parametrize("sentence, number, expected", COUNTS)
def test_what_a_number_counts(sentence, number, expected):
    start = sentence.index(number)
    count = counted_noun(sentence, start, start + len(number))
    assert (count.noun, count.predicate, count.auxiliary) == expected


SUMS = [
    ("Council approved $40,000 for the food bank's new walk-in freezer, after a debate.", "$40,000",
     "the amount approved for the food bank's new walk-in freezer"),
    ("The new downtown arena will cost $38 million, according to a staff report.", "$38 million", "the cost of the new downtown arena"),
    ("The city has awarded a $2.5-million contract to repave Main Street between First and Fifth avenues.", "$2.5-million",
     "the value of the contract to repave Main Street"),
    ("The Senate passed a $14 billion border security bill.", "$14 billion", "the value of the border security bill"),
    ("The province will spend $12 million on new ambulances.", "$12 million", "the amount for new ambulances"),
    ("He was fined $2,000 for street racing.", "$2,000", "the fine for street racing"),
    ("Tickets cost $45 each.", "$45", "the cost of tickets"),
    ("The fund had fallen to $4.1 million.", "$4.1 million", None),
]


@pytest.mark.parametrize("sentence, amount, expected", SUMS)
def test_what_a_sum_pays_for(sentence, amount, expected):
    start = sentence.index(amount)
    story = ["Buy tickets early.", sentence]  # "Tickets" opening the sentence is a common noun
    assert money_purpose(sentence, start, start + len(amount), story, 1) == expected


QUOTES = [
    ('"We are reviewing every route," said Mei Lin, a spokesperson for Harlow Transit.', "We are reviewing every route,", (),
     "Mei Lin, a spokesperson for Harlow Transit"),
    ('"This plan will drain our reserves," she said.', "This plan will drain our reserves,",
     ("Coun. Sheila MacInnis told a budget committee meeting that the fund had fallen.",), "Coun. Sheila MacInnis"),
    ('Trustee Amir Haddad called the plan "a short-sighted exercise" at the meeting.', "a short-sighted exercise", (),
     "Trustee Amir Haddad"),
    ("Sandhu's mother told the court her family \"will never be whole again.\"", "will never be whole again.", (), "Sandhu's mother"),
    ('"It was terrifying," Bell told reporters.', "It was terrifying,", (), "Bell"),
    ('Mayor Lena Ortiz said: "We will rebuild."', "We will rebuild.", (), "Mayor Lena Ortiz"),
    ('According to Chief Sam Li, the fire was "completely preventable."', "completely preventable.", (), "Chief Sam Li"),
    ('"No comment," said the spokesperson.', "No comment,", (), "the spokesperson"),
    ('Lin said the agency was "reviewing every schedule."', "reviewing every schedule.", (), "Lin"),
]


@pytest.mark.parametrize("sentence, quote, before, expected", QUOTES, ids=lambda c: str(c)[:30])
def test_who_said_a_quotation(sentence, quote, before, expected):
    story = [*before, sentence]
    start = sentence.index(quote)
    speaker = attributed_speaker(sentence, start, start + len(quote), story, len(story) - 1)
    assert speaker is not None and speaker.phrase == expected


@pytest.mark.parametrize("sentence, date, expected", [
    ("His bail hearing is scheduled for March 21 in Fredericton.", "March 21", "the bail hearing"),
    ("Investigators said the break-in happened Friday shortly before 3 a.m.", "Friday", "the break-in"),
    ("The funeral will be held Saturday in Brandon.", "Saturday", "the funeral"),
    ("The vote is set for Oct. 19.", "Oct. 19", "the vote"),
    ("The Senate on Wednesday passed a bill.", "Wednesday", None),
])
def test_what_happened_on_a_date(sentence, date, expected):
    assert event_of(sentence, sentence.index(date)) == expected


@pytest.mark.parametrize("sentence, date, story, expected", [
    ("Council met on Tuesday.", "Tuesday", ["The city council said."], "council met"),
    ("Ortiz met voters on Tuesday.", "Tuesday", ["Mayor Lena Ortiz ran."], "Ortiz met voters"),
    ("Police arrested a Truro man Friday night.", "Friday", [], "police arrested a Truro man"),
    ("Police arrested the man Friday night.", "Friday", ["Ask the police."], "police arrested the man"),
    ("The Senate on Wednesday passed the bill.", "Wednesday", [], "the Senate passed the bill"),
    ("The Senate on Wednesday passed a $14 billion bill by a vote of 51-48.", "Wednesday", [], None),
    ("She said Tuesday that she would run.", "Tuesday", [], None),
])
def test_what_the_story_says_happened_on_a_day(sentence, date, story, expected):
    from factcheck.text.sentence_roles import action_on

    assert action_on(sentence, sentence.index(date), story) == expected


@pytest.mark.parametrize("sentence, number, unit", [
    ("samples taken over a three-week period", "three-week", "week"),
    ("clocked at 120 km/h in a construction zone", "120", "km/h"),
    ("another 80 millimetres of rain", "80", "millimetres"),
    ("a 15-year-old", "15-year-old", "year"),
    ("three people", "three", None),
])
def test_the_unit_travelling_with_a_number(sentence, number, unit):
    start = sentence.index(number)
    assert unit_after(sentence, start, start + len(number)) == unit


def test_places_are_not_people():
    story = ["HARLOW BRIDGE, Ont. - A driver was charged.", "Harlow Bridge police said the driver was 47.",
             "Daniel Okonkwo lives in Harlow Bridge.", "Okonkwo was not hurt."]
    assert not is_person("Harlow Bridge", story)
    assert is_person("Daniel Okonkwo", story)
    assert is_person("Coun. Sheila MacInnis", [])


def test_abbreviations_keep_their_full_stop():
    assert [t.text for t in tokens("Coun. Sheila MacInnis and Sgt. Ray Dunlevy met M.P.P. Jo Li.")][:7] == [
        "Coun.", "Sheila", "MacInnis", "and", "Sgt.", "Ray", "Dunlevy"]
    assert tokens("He left.")[-1].text == "."


@pytest.mark.parametrize("paragraph", [
    "Coun. Sheila MacInnis and Coun. Brian Tate voted against it.",
    "Ald. Marie Dubois and Supt. Ray Li and Insp. Jo Ng spoke.",
    "Cpl. Al Smith and Const. Bo Jones and Det. Cy Wu were there.",
    "Liberal M.P.P. John Fraser and Hon. Jane Doe met Gov. Tim Walz, Rep. Al Green and Lt. Dan Ho.",
    "Sgt. Ray Dunlevy and Dr. Ana Ruiz and Msgr. Paul Roy and Atty. Gen. Kim Lee spoke.",
])
def test_title_abbreviations_never_end_a_sentence(paragraph):
    assert [paragraph[s:e] for s, e in split_sentences(paragraph)] == [paragraph]


@pytest.mark.parametrize("old, new, same", [
    ("does", "did", True), ("says", "said", True), ("comments", "commented", True), ("denies", "denied", True),
    ("is", "was", True), ("has", "had", True), ("will", "would", True),
    ("rejects", "accepts", False), ("is", "has", False), ("three", "four", False), ("route", "schedule", False),
])
def test_tense_changes(old, new, same):
    assert same_verb(old, new) is same


@pytest.mark.parametrize("messy, clean", [
    ('said "savings,," not "reserves,."', 'said "savings," not "reserves."'),
    ('read "a."."', 'read "a."'),
    ("It is 4 ,not 3..", "It is 4, not 3."),
    ("Harlow Bridge, Ont., police  said...", "Harlow Bridge, Ont., police said..."),
    ("$40,000 for it.", "$40,000 for it."),
])
def test_tidy(messy, clean):
    assert tidy(messy) == clean
