"""What ends a sentence: abbreviations by kind, the next word's case and kind, lists as
structure, ellipses; offsets stay exact into the submitted text."""

from service.text import build_document


def _sentences(text: str) -> list[str]:
    return [s.text for s in build_document(text).sentences]


def test_a_closing_abbreviation_ends_a_sentence_before_a_word_that_opens_one() -> None:
    assert _sentences("The order went to Harlow & Sons Ltd. They shipped it.") == [
        "The order went to Harlow & Sons Ltd.",
        "They shipped it.",
    ]
    assert _sentences("She studied in the U.K. Why did she return?") == [
        "She studied in the U.K.",
        "Why did she return?",
    ]
    assert _sentences("Talks ran past 9 p.m. Nobody left.") == [
        "Talks ran past 9 p.m.",
        "Nobody left.",
    ]


def test_a_closing_abbreviation_continues_before_a_name_a_number_or_lower_case() -> None:
    assert _sentences("The U.K. Treasury objected.") == ["The U.K. Treasury objected."]
    assert _sentences("Harlow & Sons Ltd. shares fell.") == ["Harlow & Sons Ltd. shares fell."]
    assert _sentences("The vote is on Feb. 12 in Leeds.") == ["The vote is on Feb. 12 in Leeds."]
    assert _sentences("He joined Orbis Corp. Finance last year.") == [
        "He joined Orbis Corp. Finance last year."
    ]


def test_a_title_never_ends_a_sentence() -> None:
    assert _sentences("Capt. The Hon. Ada Price spoke first.") == [
        "Capt. The Hon. Ada Price spoke first."
    ]
    assert _sentences("Rep. Nguyen and Sen. Okafor disagreed.") == [
        "Rep. Nguyen and Sen. Okafor disagreed."
    ]
    assert _sentences("Climbers left Mt. Kenya. Rain came.") == [
        "Climbers left Mt. Kenya.",
        "Rain came.",
    ]


def test_a_plural_title_never_ends_a_sentence_but_a_noun_spelled_like_one_does() -> None:
    assert _sentences("The plan was backed by Sens. Ada Price and Tom Reyes.") == [
        "The plan was backed by Sens. Ada Price and Tom Reyes."
    ]
    assert _sentences("Two members, Reps. Ana Ruiz and Tom Reyes, objected.") == [
        "Two members, Reps. Ana Ruiz and Tom Reyes, objected."
    ]
    assert _sentences("She phoned the sales reps. They were keen.") == [
        "She phoned the sales reps.",
        "They were keen.",
    ]
    assert _sentences("He said so on Meet the Press. Nobody asked again.") == [
        "He said so on Meet the Press.",
        "Nobody asked again.",
    ]


def test_a_courtesy_title_after_a_closing_abbreviation_opens_a_sentence() -> None:
    assert _sentences("The polls shut at 8 p.m. Mrs. Okafor conceded at ten.") == [
        "The polls shut at 8 p.m.",
        "Mrs. Okafor conceded at ten.",
    ]
    assert _sentences("She moved back from the U.K. Ms. Hale now lives in Leeds.") == [
        "She moved back from the U.K.",
        "Ms. Hale now lives in Leeds.",
    ]
    # an office title is modified by what precedes it: one phrase
    assert _sentences("He met U.S. Sen. Ada Price and Fla. Gov. Tom Reyes.") == [
        "He met U.S. Sen. Ada Price and Fla. Gov. Tom Reyes."
    ]


def test_a_phrase_fronted_before_the_subject_keeps_its_courtesy_title() -> None:
    assert _sentences("At 7 a.m. Dr. Lee opened the clinic.") == [
        "At 7 a.m. Dr. Lee opened the clinic."
    ]
    assert _sentences(
        "Shortly after 6 p.m. Mr. Ruiz arrived. He left at 9 p.m. Mr. Lee stayed."
    ) == [
        "Shortly after 6 p.m. Mr. Ruiz arrived.",
        "He left at 9 p.m.",
        "Mr. Lee stayed.",
    ]
    assert _sentences("In the U.K. Ms. Hale is well known.") == [
        "In the U.K. Ms. Hale is well known."
    ]


def test_a_capital_after_a_time_of_day_opens_a_sentence_unless_a_day_or_zone() -> None:
    assert _sentences("Voting closed at 8 p.m. Officials began counting at once.") == [
        "Voting closed at 8 p.m.",
        "Officials began counting at once.",
    ]
    assert _sentences("The ferry sails at 7 a.m. Tuesday and 9 p.m. Pacific time.") == [
        "The ferry sails at 7 a.m. Tuesday and 9 p.m. Pacific time."
    ]
    assert _sentences("The talks resume at 10 a.m. Nairobi time on Monday.") == [
        "The talks resume at 10 a.m. Nairobi time on Monday."
    ]
    assert _sentences("The count ended at 11 p.m. GMT. Turnout was high.") == [
        "The count ended at 11 p.m. GMT.",
        "Turnout was high.",
    ]
    assert _sentences("By 8 a.m. Officials had opened the doors.") == [
        "By 8 a.m. Officials had opened the doors."
    ]
    assert _sentences("He was sworn in as mayor of the U.K. city. Thousands watched.") == [
        "He was sworn in as mayor of the U.K. city.",
        "Thousands watched.",
    ]
    assert _sentences("Fans flew in from the U.S. Thousands more watched online.") == [
        "Fans flew in from the U.S.",
        "Thousands more watched online.",
    ]


def test_a_stop_glued_to_the_next_sentence_still_ends_it() -> None:
    assert _sentences("The polls closed early.Turnout was low.") == [
        "The polls closed early.",
        "Turnout was low.",
    ]
    assert _sentences("Donations reached 4,000.That doubled the goal.") == [
        "Donations reached 4,000.",
        "That doubled the goal.",
    ]
    assert _sentences("“We won!”After the count she left.") == [
        "“We won!”",
        "After the count she left.",
    ]
    # a straight quote opens the next sentence when the ones before it are paired
    assert _sentences('"We lost," she said to the crowd."We will be back."') == [
        '"We lost," she said to the crowd.',
        '"We will be back."',
    ]


def test_a_glued_stop_in_an_address_an_abbreviation_or_an_ellipsis_ends_nothing() -> None:
    assert _sentences("Visit www.Harbour.org today.") == ["Visit www.Harbour.org today."]
    assert _sentences("Write to Ann.Lee@Example.org now.") == ["Write to Ann.Lee@Example.org now."]
    assert _sentences("It went to U.S.Army units.") == ["It went to U.S.Army units."]
    assert _sentences("It was a quiet year...Critics noticed.") == [
        "It was a quiet year...Critics noticed."
    ]


def test_a_letter_that_opens_a_sentence_is_a_label() -> None:
    assert _sentences("Q. Where were you? A. At home with my sister.") == [
        "Q. Where were you?",
        "A. At home with my sister.",
    ]
    assert _sentences("She gave it a B. It was fair.") == ["She gave it a B.", "It was fair."]


def test_a_backtick_opens_a_quotation() -> None:
    assert _sentences("Sales held at 900 cars. `Why worry?' asks a dealer.") == [
        "Sales held at 900 cars.",
        "`Why worry?' asks a dealer.",
    ]


def test_dotted_letters_may_hold_an_ampersand() -> None:
    assert _sentences("The S.&P. 500 rose. It fell on Friday.") == [
        "The S.&P. 500 rose.",
        "It fell on Friday.",
    ]
    assert _sentences("Shares went to Dunn Corp. Others followed.") == [
        "Shares went to Dunn Corp.",
        "Others followed.",
    ]


def test_runs_of_question_and_exclamation_marks_end_one_sentence() -> None:
    assert _sentences("Stop!! Look there.") == ["Stop!!", "Look there."]
    assert _sentences("Really?? Yes.") == ["Really??", "Yes."]
    assert _sentences("Is it true?! Nobody knew.") == ["Is it true?!", "Nobody knew."]
    assert _sentences("Wait!? Where?") == ["Wait!?", "Where?"]


def test_an_exclamation_mark_inside_a_name_ends_nothing() -> None:
    assert _sentences("He joined Flickr! as a designer.") == ["He joined Flickr! as a designer."]


def test_periods_inside_numbers_addresses_and_links_end_nothing() -> None:
    assert _sentences("The fee was £12.50. It rose later.") == [
        "The fee was £12.50.",
        "It rose later.",
    ]
    assert _sentences("Write to press.office@example.org. They answer daily.") == [
        "Write to press.office@example.org.",
        "They answer daily.",
    ]
    assert _sentences("Read it at https://news.example.org/v2.1/a.html. It is short.") == [
        "Read it at https://news.example.org/v2.1/a.html.",
        "It is short.",
    ]


def test_a_lower_case_abbreviation_continues_before_lower_case_or_a_number() -> None:
    assert _sentences("He lives on Elm st. near the mill.") == [
        "He lives on Elm st. near the mill."
    ]
    assert _sentences("Open the report to p. 12 now.") == ["Open the report to p. 12 now."]
    assert _sentences("He met Dunn and co. at lunch.") == ["He met Dunn and co. at lunch."]
    assert _sentences("He bought it from Dunn and co. They were closed.") == [
        "He bought it from Dunn and co.",
        "They were closed.",
    ]
    assert _sentences("That was Ruiz Jr.'s plan.") == ["That was Ruiz Jr.'s plan."]


def test_a_quoted_sentence_ends_the_sentence_only_before_a_capital() -> None:
    assert _sentences('He paused, "We lost." he said quietly.') == [
        'He paused, "We lost." he said quietly.'
    ]
    assert _sentences("He paused, 'We lost.' he said quietly.") == [
        "He paused, 'We lost.' he said quietly."
    ]
    assert _sentences('He paused, "We lost." Then he sat down.') == [
        'He paused, "We lost."',
        "Then he sat down.",
    ]
    assert _sentences("“We will rebuild,” she said. “It will take years.”") == [
        "“We will rebuild,” she said.",
        "“It will take years.”",
    ]


def test_a_sentence_in_parentheses_stays_inside_the_sentence_around_it() -> None:
    assert _sentences("She taught law (She had practised for ten years.) at the college.") == [
        "She taught law (She had practised for ten years.) at the college."
    ]


def test_a_single_letter_is_an_initial_before_a_name_and_a_word_before_an_opener() -> None:
    assert _sentences("Maria T. Lopez voted no.") == ["Maria T. Lopez voted no."]
    assert _sentences("It was just the two of us, Sam and I. Then the bus came.") == [
        "It was just the two of us, Sam and I.",
        "Then the bus came.",
    ]
    assert _sentences("They chose plan B. It failed.") == ["They chose plan B.", "It failed."]


def test_a_hyphen_or_slash_does_not_hide_an_abbreviation() -> None:
    assert _sentences("He backed the then-Gov. Ruth Ames in 2019.") == [
        "He backed the then-Gov. Ruth Ames in 2019."
    ]
    assert _sentences("A pro-U.S. Senate bloc formed.") == ["A pro-U.S. Senate bloc formed."]
    assert _sentences("It moved to Anglo/U.S. Then it closed.") == [
        "It moved to Anglo/U.S.",
        "Then it closed.",
    ]


def test_a_number_sign_before_a_number_ends_nothing() -> None:
    assert _sentences("The file is at No. 14. Ask the clerk.") == [
        "The file is at No. 14.",
        "Ask the clerk.",
    ]
    assert _sentences("Look under N°. 7.2.9. It is there.") == [
        "Look under N°. 7.2.9.",
        "It is there.",
    ]
    assert _sentences("See pp. 10-12 for details.") == ["See pp. 10-12 for details."]
    assert _sentences("Read Vol. XII first, then ext. 214.") == [
        "Read Vol. XII first, then ext. 214."
    ]
    assert _sentences("The plan costs Rs. 4,200 crore over five years.") == [
        "The plan costs Rs. 4,200 crore over five years."
    ]


def test_a_number_sign_before_anything_but_a_number_is_the_word_it_spells() -> None:
    assert _sentences("At first the answer was flatly no. Voters then relented.") == [
        "At first the answer was flatly no.",
        "Voters then relented.",
    ]
    assert _sentences("Maybe. No. Perhaps later.") == ["Maybe.", "No.", "Perhaps later."]
    assert _sentences("She ranked No. 3. He ranked No. 9.") == [
        "She ranked No. 3.",
        "He ranked No. 9.",
    ]


def test_numbered_items_on_one_line_are_sentences_and_their_markers_end_nothing() -> None:
    assert _sentences("1. Drain the tank 2. Refill it") == ["1. Drain the tank", "2. Refill it"]
    assert _sentences("1.) Drain the tank. 2.) Refill it.") == [
        "1.) Drain the tank.",
        "2.) Refill it.",
    ]
    assert _sentences("3) Drain the tank 4) Refill it 5) Test it") == [
        "3) Drain the tank",
        "4) Refill it",
        "5) Test it",
    ]


def test_lettered_and_bulleted_items_are_sentences() -> None:
    assert _sentences("a. Read the notice b. Sign it c. Post it") == [
        "a. Read the notice",
        "b. Sign it",
        "c. Post it",
    ]
    assert _sentences("• 4. Pack the kit • 5. Load the van") == [
        "• 4. Pack the kit",
        "• 5. Load the van",
    ]
    assert _sentences("‣ Pack the kit ‣ Load the van") == ["‣ Pack the kit", "‣ Load the van"]


def test_a_list_marker_needs_a_list() -> None:
    assert _sentences("He scored 2. The crowd cheered.") == ["He scored 2.", "The crowd cheered."]
    assert _sentences("Ana Diaz • 3 hours ago") == ["Ana Diaz • 3 hours ago"]
    assert _sentences("1. Go now. Take 3. Then rest.") == ["1. Go now.", "Take 3.", "Then rest."]


def test_an_ellipsis_ends_a_sentence_only_where_the_capital_after_it_means_something() -> None:
    assert _sentences("We waited... Nobody came.") == ["We waited...", "Nobody came."]
    assert _sentences("Well . . . I suppose so.") == ["Well . . . I suppose so."]
    assert _sentences("He spoke of the rights of… Irish tenants.") == [
        "He spoke of the rights of… Irish tenants."
    ]


def test_an_ellipsis_that_opens_a_passage_ends_nothing() -> None:
    assert _sentences("… The hearing resumed.") == ["… The hearing resumed."]
    assert _sentences("She wrote: “… We will rebuild.”") == ["She wrote: “… We will rebuild.”"]
    assert _sentences('He read "... Nothing moved" aloud.') == [
        'He read "... Nothing moved" aloud.'
    ]


def test_four_dots_and_a_period_before_a_spaced_ellipsis_end_the_sentence() -> None:
    assert _sentences("It was over.... We went home.") == ["It was over....", "We went home."]
    assert _sentences("It was over . . . . We went home.") == [
        "It was over . . . .",
        "We went home.",
    ]
    assert _sentences("The rule held. . . . Later it lapsed.") == [
        "The rule held.",
        ". . . Later it lapsed.",
    ]


def test_an_elision_in_brackets_keeps_the_citation_with_its_quote() -> None:
    assert _sentences('"The tide [...] turned early [...]" (Harris 12).') == [
        '"The tide [...] turned early [...]" (Harris 12).'
    ]
    assert _sentences('"We will [...] Rebuild the port," she said.') == [
        '"We will [...] Rebuild the port," she said.'
    ]


def test_capitals_in_a_title_case_line_do_not_start_sentences() -> None:
    assert _sentences("Council Backs Budget... Critics Warn Of Cuts") == [
        "Council Backs Budget... Critics Warn Of Cuts"
    ]
    assert _sentences("Judge Tells U.S. To Pause Transfers") == [
        "Judge Tells U.S. To Pause Transfers"
    ]
    assert _sentences("The audit ended... Critics said little.") == [
        "The audit ended...",
        "Critics said little.",
    ]


def test_sentence_offsets_point_into_the_submitted_text_across_lists_and_ellipses() -> None:
    submitted = "1.\u200b Pay the Co. It waits 2. Sign\u200b it. . . . Then go… Now."
    document = build_document(submitted)
    assert [s.text for s in document.sentences] == [
        "1. Pay the Co.",
        "It waits",
        "2. Sign it.",
        ". . . Then go…",
        "Now.",
    ]
    for sentence in document.sentences:
        s, e = document.to_submitted(sentence.start, sentence.end)
        assert submitted[s:e].replace("\u200b", "") == sentence.text
    assert (
        document.quote(document.sentences[2].start, document.sentences[2].end)
        == "2. Sign\u200b it."
    )
