"""Word lists and dependency-label sets for the quote rules and the ranker.

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

# ---------------------------------------------------------------- speech verbs and nouns

CUE_LEMMAS = frozenset(
    """say tell state inform add note argue insist warn stress explain ask claim recall write
    tweet post declare announce admit acknowledge assert caution complain confirm contend deny
    emphasize emphasise exclaim predict promise reply respond reiterate remark suggest testify
    urge vow joke quip concede conclude counter observe proclaim recount reveal shout boast
    lament muse opine charge allege maintain comment mention clarify elaborate answer retort
    scoff snap whisper yell cry plead pledge agree disagree reason speculate estimate indicate
    report brief tout hint signal describe call demand surmise put blame accuse dub label brand
    praise criticize criticise slam blast dismiss decry question wonder interject chime tease mock
    remind assure reassure brag chant read cite quote express voice pronounce refer characterize
    characterise term deem hail condemn welcome thank applaud laugh beg implore instruct
    guarantee confess gloat ponder reflect reminisce relate summarize summarise rail lash scold
    lambaste ridicule counsel advise propose recommend affirm attest swear continue
    list react gush vent rip fume rage sneer grumble marvel rave exult crow denounce assail deride
    disparage belittle excoriate chide rebuke fault bash laud extol commend defend downplay reject
    refute dispute""".split()
)
# Speech verbs only with their particle: "went on", "pointed out", "shot back".
PHRASAL_CUES = frozenset(
    {
        ("go", "on"),
        ("point", "out"),
        ("shoot", "back"),
        ("fire", "back"),
        ("push", "back"),
        ("hit", "back"),
        ("write", "back"),
    }
)
# Verbs that speak through their object: "issued a statement", "released the following remarks".
ISSUING_VERBS = frozenset("issue release publish post send".split())
ISSUED_NOUNS = frozenset("statement remark comment tweet post message letter column memo editorial".split())
# Past forms the tagger sometimes reads as adjectives or nouns in spun text.
# Cognition verbs report what somebody holds, as news reports it ("Biden believes the deal
# will hold"); counted as reported speech, as PolNeAR annotates them.
COGNITION_LEMMAS = frozenset("believe think know want hope fear expect feel worry doubt suspect".split())
REPORTING_LEMMAS = CUE_LEMMAS | COGNITION_LEMMAS
CUE_FORMS = frozenset(
    "said says told stated added noted wrote tweeted informed explained stressed warned insisted argued".split()
)
NOUN_CUES = frozenset(
    """comment remark statement feedback assertion claim warning message tweet post testimony
    words argument suggestion insistence declaration announcement promise pledge""".split()
)
# Wider than NOUN_CUES: whose accusation or slogan a quotation is, for the ranker to weigh.
SPEECH_NOUNS = NOUN_CUES | frozenset(
    """accusation allegation assessment call charge criticism demand description insult
    attack slogan vow refrain line phrase term label question answer response reply
    rhetoric characterization rebuke praise boast retort quip joke plea speech interview""".split()
)
ATTRIBUTION_PHRASES = ("according to", "in line with", "in accordance with")
PHRASE_STARTS = frozenset(p.split()[0] for p in ATTRIBUTION_PHRASES)
# What a quoted name followed by one of these is: a title, not something somebody said.
TITLE_FOLLOWERS = frozenset(
    """show program programme series book film movie novel album song podcast documentary
    column segment episode newsletter magazine play musical broadcast special campaign
    slogan hashtag memoir bestseller franchise""".split()
)
SMALL_WORDS = frozenset("of the a an and in on for to at with from by or & vs".split())
# Dependency labels.
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OBJECT_DEPS = frozenset("dobj pobj iobj dative attr oprd".split())
QUANTIFIERS = frozenset("some many most few several all both each any none".split())
FRACTIONS = frozenset("half third quarter majority minority percent plurality".split())
NOT_SPEAKER_ENTITIES = frozenset("DATE TIME MONEY PERCENT QUANTITY CARDINAL ORDINAL".split())
DASHES = "-–—―"
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # Penn tags of finite verbs
# Words that open a new clause after a quotation: '"…," but he also noted' is not its cue.
NEW_CLAUSE_WORDS = frozenset("but and or yet while as because although".split())
# Prepositions that carry an unnamed source on: "a source at the palace", "an aide to the mayor".
SOURCE_PREPOSITIONS = frozenset("at from in with of for on to".split())
# Words that never speak, whatever the parser says: listeners, questions, expletive "there".
NEVER_SPEAKERS = frozenset("you me us him them what there".split())

# ---------------------------------------------------------------- names of actors

# Words that introduce a name without being part of it ("President Biden", "Mr. Putin").
TITLE_WORDS = frozenset(
    """
    president vice mr mr. mrs mrs. ms ms. dr dr. sen sen. senator rep rep. representative gov gov.
    governor secretary minister chancellor prime foreign defense defence state press spokesperson
    spokesman spokeswoman general gen gen. judge justice mayor king queen prince princess pope
    ambassador director chief chairman chairwoman chair ceo leader speaker candidate nominee former
    first lady sir dame lord professor prof prof. rev rev. father sister brother coach commissioner
    attorney adviser advisor officer deputy senior top lt col sgt capt captain admiral adm sheriff
    detective host anchor author analyst founder
    """.split()
)
# Last words that make a name an organisation's.
ORG_WORDS = frozenset(
    """
    works inc corp corporation company co ltd llc group authority association council ministry
    department agency office party committee union university bank court commission institute
    foundation fund times post news journal network campaign administration service services board
    bureau club church hospital school college society municipality coal energy oil steel motors
    airlines airways mining pharmaceuticals holdings industries technologies labs
    """.split()
)
# Entity strings that are never an actor's name.
NOT_NAMES = frozenset(
    """
    the he she it they we i you his her its their mr mrs ms dr president reply comment comments
    share email cookie cookies gmt utc bst cet est edt pst pdt
    """.split()
)

# Networks named in page furniture ("Share on Facebook") as well as in stories.
SOCIAL_NETWORKS = frozenset("twitter facebook instagram youtube tiktok linkedin whatsapp".split())

# Nouns that make the name before them ("Google headquarters") or the name after "of" ("a
# member of Scientology") an organisation, whatever NER said.
ORG_CUE_NOUNS = frozenset(
    """
    headquarters organization organisation company firm group employee employees staff founder
    co-founder cofounder member members spokesman spokeswoman spokesperson executive executives
    ceo chairman attorney lawyer lawyers shareholders subsidiary
    """.split()
)

# Verbs of a contest: a country that defeats, faces or loses to another is its team.
CONTEST_VERBS = frozenset("defeat beat face lose win draw tie play edge thrash eliminate overcome".split())
# Nouns of a team: "the Afghan team" is an actor, not a nationality.
TEAM_NOUNS = frozenset("team side squad delegation".split())
# Names news uses for one place or body: "US", "U.S.", "United States" and "America" are one actor.
EQUIVALENT_NAMES = (
    frozenset("us|u.s|u.s.|usa|u.s.a|u.s.a.|united states|united states of america|america".split("|")),
    frozenset("uk|u.k|u.k.|united kingdom|britain|great britain".split("|")),
    frozenset("un|u.n|u.n.|united nations".split("|")),
    frozenset("eu|e.u|e.u.|european union".split("|")),
)
# Last words that make a name a place: buildings and sites ("Metro Convention Centre", "Volgograd Arena").
PLACE_WORDS = frozenset(
    """
    centre center station stadium arena towers tower hall square street avenue bridge airport
    palace memorial park
    """.split()
)
# Caption labels that run into a name on pasted pages: "Ahmed Mohamed Image", "Harbour Photo".
CAPTION_WORDS = frozenset("image photo photograph picture credit video file".split())

# Capitalised abbreviations that are not actors, for the acronyms NER misses.
NOT_ACTOR_ACRONYMS = frozenset(
    """
    tv am pm ceo cfo coo cto gdp dna rna ok id vip covid aids hiv usd eur gbp gmt utc faq pdf
    url html ai it us we ii iii iv mp mps vr pc uk eu un ap afp iq
    """.split()
)

# Names that contain a place: "Mexico City", "the Volgograd Arena", "University of Sheffield".
PLACE_SUFFIXES = frozenset("city stadium arena airport station".split())
PLACE_OF_WORDS = frozenset("university municipality province county city state republic".split())
# Last words of events named like organisations: "FIFA World Cup", "Google Science Fair".
EVENT_WORDS = frozenset("cup championship championships games olympics awards festival fair expo summit".split())
# First words of organisations' names, in English and the languages news quotes most.
ORG_OPENERS = frozenset(
    """
    institute instituto istituto institut university universidad università université college
    colegio liceo lycée school hospital bank banco banca church iglesia chiesa
    """.split()
)
# Institutions news names after their head ("the Obama White House"): never a person's name.
INSTITUTIONS = frozenset({"white house", "kremlin", "pentagon", "senate", "congress", "parliament"})
