"""Article texts for the gold-by-construction diff tests, one beat each.

Written for these tests in the style of wire and metro copy. Each article is a
headline and paragraphs given as their sentences, so the sentence boundaries are
known by construction: ``segment`` must find exactly these, and an edit script
applied to them (``tests/gold/generator.py``) knows its own right answer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    beat: str
    headline: str
    paragraphs: tuple[tuple[str, ...], ...]


ARTICLES = (
    Article(
        "city hall",
        "Council backs $4.2-billion transit plan after marathon meeting",
        (
            (
                "OTTAWA \u2014 City council voted 17-7 on Wednesday to approve a $4.2-billion transit plan "
                "that adds two light-rail lines and 40 kilometres of bus lanes by 2034.",
            ),
            (
                "The vote came after a 14-hour meeting in which more than 90 residents addressed council, "
                "many of them from the city's east end.",
                "Mayor Lena Okafor called the plan \u201cthe biggest investment in getting around this city "
                "in a generation.\u201d",
            ),
            (
                "Coun. Rick Tessier, who voted against it, said the cost estimate was outdated and that "
                "property taxes would have to rise by at least 2.5 per cent a year.",
                "\u201cWe are signing a cheque without knowing the amount. Residents deserve better,\u201d "
                "Tessier said.",
            ),
            (
                "Under the plan, the first line would run 12 kilometres from the downtown core to Blair "
                "station, with 11 stops.",
                "Construction is expected to begin in the spring of 2027, pending federal funding.",
                "The province has already committed $1.1 billion to the project.",
            ),
            (
                "Staff told council the second line, along Carling Avenue, would not open before 2033 "
                "because of land purchases still under negotiation.",
            ),
            (
                "A report by the city auditor in March warned that large projects in Ottawa had run an "
                "average of 38 per cent over budget since 2010.",
                "The auditor recommended an independent review at each stage of construction.",
            ),
            ("Council will vote on the final budget for the project in December.",),
        ),
    ),
    Article(
        "courts",
        "Former daycare operator sentenced to three years for fraud",
        (
            (
                "A former daycare operator who billed the province for children who never attended her "
                "centres was sentenced Friday to three years in prison.",
            ),
            (
                "Marisa Delgado, 52, pleaded guilty in June to defrauding the Ministry of Education of "
                "more than $860,000 between 2018 and 2022.",
                "Court heard she submitted attendance records for 143 children at two centres in "
                "Mississauga, Ont., including some who had moved out of the country.",
            ),
            (
                "Justice Paul Andersen said the fraud was \u201ccalculated, sustained and aimed at money "
                "meant for families who needed it.\u201d",
                "He ordered Delgado to repay the full amount as a condition of her sentence.",
            ),
            (
                "Her lawyer, Sam Whitfield, had asked for a conditional sentence served at home, citing "
                "her health and her lack of a criminal record.",
                "\u201cShe has lost her business, her savings and her reputation. She is not a danger to "
                "anyone,\u201d Whitfield told the court.",
            ),
            (
                "The Crown had sought four years.",
                "Prosecutor Diane Leclerc said the case was discovered after a parent noticed her son "
                "listed at a centre he had left two years earlier.",
            ),
            (
                "The ministry said it has since changed how it checks attendance claims and now audits "
                "a random sample of centres every month.",
            ),
            (
                "Before the sentence was read, Delgado apologized to the parents whose children were "
                "named in the records.",
                "Delgado has 30 days to appeal.",
            ),
        ),
    ),
    Article(
        "weather",
        "Ice storm leaves 120,000 without power across eastern Ontario",
        (
            (
                "More than 120,000 homes and businesses were without power Tuesday morning after an ice "
                "storm coated eastern Ontario with up to 25 millimetres of freezing rain.",
            ),
            (
                "Hydro One said crews from Quebec and Manitoba were on their way to help restore service, "
                "but warned some rural customers could be in the dark until the weekend.",
                "The utility reported 1,400 broken poles, most of them in Lanark and Leeds counties.",
            ),
            (
                "Environment Canada kept a freezing rain warning in place for Kingston, Brockville and "
                "Cornwall, with another five millimetres expected overnight.",
                "Temperatures are forecast to fall to -18 C by Thursday.",
            ),
            (
                "In Perth, the town opened a warming centre at the community hall and asked residents "
                "to check on elderly neighbours.",
                "\u201cIf you have power, call someone who doesn't. That is how we get through this,\u201d "
                "Mayor Judy Brennan said.",
            ),
            (
                "Provincial police said they responded to more than 300 collisions on Monday night, "
                "including a crash on Highway 401 near Gananoque that sent two people to hospital.",
            ),
            (
                "School boards in the region cancelled classes for a second day.",
                "Kingston's airport said all flights were cancelled until at least noon.",
            ),
        ),
    ),
    Article(
        "business",
        "Maple Ridge Foods cuts 600 jobs as profit falls 31 per cent",
        (
            (
                "TORONTO (Reuters) - Maple Ridge Foods Inc said on Thursday it would cut about 600 jobs "
                "and close its bakery in Moncton, N.B., after quarterly profit fell 31 per cent.",
            ),
            (
                "The Toronto-based company reported net income of $48.2 million for the three months "
                "ended Sept. 30, down from $69.9 million a year earlier.",
                "Revenue rose 2 per cent to $1.61 billion, short of analysts' average estimate of "
                "$1.66 billion.",
            ),
            (
                "Chief executive Anita Rao blamed higher costs for wheat and packaging and weaker demand "
                "for its premium frozen meals.",
                "\u201cConsumers are trading down. We have to be the company they trade down to,\u201d Rao "
                "told analysts on a conference call.",
            ),
            (
                "The Moncton plant employs 410 people and will close by the end of June.",
                "The remaining cuts are at the head office and in its U.S. distribution business.",
            ),
            (
                "Shares of Maple Ridge fell 6.4 per cent to $27.15 in morning trading on the Toronto "
                "Stock Exchange.",
            ),
            ("(Reporting by Dan Morrow in Toronto; Editing by Paul Simao)",),
        ),
    ),
    Article(
        "sports",
        "Rivermen rally past Harbour Kings for fifth straight win",
        (
            (
                "Jonah Whitecloud scored twice in the third period and the Rivermen came back from a "
                "three-goal deficit to beat the Harbour Kings 5-4 on Saturday night.",
            ),
            (
                "The win extended the Rivermen's streak to five games and moved them into second place "
                "in the Eastern Division, two points behind Saint John.",
            ),
            (
                "Harbour Kings goalie Ben Ostrowski stopped 38 shots but could not hold the lead after "
                "his team went ahead 4-1 early in the second period.",
                "\u201cWe stopped skating. You can't do that against a team this hot,\u201d coach Mark "
                "Lindqvist said.",
            ),
            (
                "Rookie defenceman Theo Marchand tied the game with 4:12 left on a shot from the point "
                "that deflected off a skate.",
                "Whitecloud scored the winner 58 seconds later, his 19th goal of the season.",
            ),
            (
                "The Rivermen announced during the game that captain Luc Belanger will miss at least "
                "six weeks with a broken wrist.",
            ),
            (
                "Great night for the fans. pic.twitter.com/Rv8Kq2Lm \u2014 Rivermen Hockey (@Rivermen) "
                "March 8, 2026",
                "The teams meet again on Tuesday in Halifax.",
            ),
        ),
    ),
    Article(
        "health",
        "Emergency wait times at city hospitals hit record, report finds",
        (
            (
                "Patients admitted through the emergency departments of the city's three hospitals "
                "waited a median of 21 hours for a bed last year, the longest since the province began "
                "keeping records in 2008.",
            ),
            (
                "The figures, published Monday by Health Quality Ontario, show waits rose by almost "
                "four hours compared with 2024.",
                "One in 10 patients waited more than 52 hours.",
            ),
            (
                "Dr. Amara Singh, chief of emergency medicine at General Hospital, said staff were "
                "treating patients in hallways most days of the week.",
                "\u201cThe emergency department is where the whole system backs up. We see the end of "
                "every problem,\u201d Singh said.",
            ),
            (
                "The report links the waits to a shortage of long-term care beds: on an average day, "
                "160 hospital beds in the city were occupied by patients waiting for a nursing home.",
            ),
            (
                "Health Minister Sylvia Marchetti said the province would open 1,200 long-term care "
                "beds in the region by 2028.",
                "Opposition critics said the promise had been made twice before.",
            ),
            (
                "Our editors' picks: the week's best reads from our newsroom.",
                "The hospitals said patients with minor injuries should consider walk-in clinics, where "
                "waits averaged under two hours.",
                "Our editors' picks: the week's best reads from our newsroom.",
            ),
        ),
    ),
)

#: Sentences from none of the articles above, for additions an edit script makes.
ADDITIONS = (
    "A spokesperson for the union said members would meet on Sunday to discuss next steps.",
    "Volunteers handed out blankets and hot drinks outside the library until midnight.",
    "The investigation is being led by the major crimes unit, police said in a statement.",
    "Tickets for the spring festival go on sale online at 9 a.m. on Friday.",
    "The museum's new wing will display 300 works by artists from across the Maritimes.",
    "Two ferry crossings were cancelled because of high winds on the lake.",
    "Enrolment at the college has doubled since the nursing program opened in 2019.",
    "The farmers' market will move indoors to the old rail station for the winter.",
)
