"""Word lists for the quote rules and the ranker.

The pronoun sets are closed classes of English, shared so the rules and the ranker agree.
The rest was learned from the PolNeAR train split (never dev or test).

``SPEAKER_NOUNS``: head nouns of annotated sources that are not names ("an official", "the
campaign", "a poll", "the editorial"), seen at least twice. A common noun outside this list
("her notes", "rising costs") is not taken as the one who spoke.
"""

SPEAKER_NOUNS = frozenset(
    """
    account activist actor actress ad administration adviser advocate affidavit agency agent
    agreement aide airline ally ambassador analysis analyst anchor antagonist argument army
    article associate attendee attorney audience author authority average backer bank base bill
    black board body book brother bureau business businessman call caller camp campaign
    candidate capitalist centrist chair chairman chairwoman checker chief child chorus circle
    citizen city coalition colleague collection column columnist comment commentator commenter
    commission committee community company confidant congressman conservative constitution
    consultant contender contest conversation copy council counsel count country couple course
    court critic crowd datum daughter debate decision defender delegate demonstrator department
    developer diplomat director disclosure discussion district document donor economist editor
    editorial elder electorate elite email employee enforcement environmentalist establishment
    estimate evangelical evidence exchange executive expert eye faction family fan father figure
    filing finding firm force foundation founder friend frontrunner general generation giant
    government governor group guard guy hacker handful hawk head headline history hopeful host
    husband industry inquiry insider institute interview investigation investigator investor
    joke journalist judge justice lady law lawmaker lawsuit lawyer leader leadership legislation
    legislator legislature letter liberal lion list lobbyist lot magazine mainstream majority
    maker man manager material mayor measure medium member memo memoir message mind minister
    ministry minority moderator mogul mother movement narrator nation network neurosurgeon
    newspaper nominee none number objector observer occupier office officer official one
    operation operative opinion opponent order organization organizer other outlet owner page
    pair panel paper parent partner party pastor people percentage person personnel petition
    photo placard plan platform playbook police policy politician poll polling pollster post
    precedent president prince profit progressive projection proponent proposal prosecutor
    protest protester public publication pundit question rally record regulation release remark
    report reporter reporting representative research researcher resident result return review
    rival rule runner scholar school scientist secretary self senator series service show side
    sign site socialist soldier son source speaker speech speechwriter spokesman spokeswoman
    spot staff staffer star state statement statistic story strategist strategy student study
    suit summary superdelegate supporter survey system tabloid tally team town tracker
    transcript trio troop tweet tycoon union user version veteran video viewer voice vote voter
    watcher wave website wife wing woman word worker writer
    """.split()
)

PERSON_PRONOUNS = frozenset("he she him her his hers".split())
GROUP_PRONOUNS = frozenset("it its they them their".split())
RELATIVE_PRONOUNS = frozenset("who that which".split())
# Lowercase: how the quoted words speak ("I", "we"); compared with lowercased words.
FIRST_PERSON = frozenset("i me my mine myself i'm i’m i've i’ve i'd i’d i'll i’ll".split())
FIRST_PERSON_PLURAL = frozenset("we us our ours ourselves we're we’re we've we’ve we'll we’ll".split())
SECOND_PERSON = frozenset("you your yours yourself yourselves you're you’re you've you’ve you'll you’ll".split())
