"""Invented articles with invented people, written for these tests. Each reproduces a hard
case of real news text: spun cue verbs, split quotes, pronoun cues, partial quotes, titles in
quotation marks, continuation paragraphs and page furniture."""

HARBOR_STRIKE = """Harbor strike enters second week as talks stall

Dockworkers in Port Alvera extended their strike on Monday, leaving dozens of cargo ships waiting offshore.

“We will not go back until the contract is fair,” union leader Marta Quellin stated at a rally outside the harbor gates.

Mayor Tobias Renwick, a former shipping executive, informed the Alvera Herald that the city was ready to mediate. “Nobody wins a long strike,” he said. “The families on both sides are already paying for it.”

“The offer on the table is generous,” said Harlan Oduya, a spokesman for the Alvera Port Authority, “and it will not improve by waiting.”

Quellin warned that the union would face “serious and lasting damage” if the city sided with the port operators.

“Nobody has called us since Friday,” an official at the labor ministry told reporters.

Renwick appeared on Channel Nine’s “Morning Table” show on Tuesday and on “Harbor Voices” later that day.

“We are ready to talk tonight,” Quellin said.

“Every day of delay costs our members their savings, and the port knows it.”

LEAVE A REPLY

Please enter your comment!
"""

COUNCIL_BUDGET = """City council passes a leaner budget

The council of Norrick approved its budget on Thursday after a long night of debate about bus routes and libraries.

Finance chair Paulo Ferraz said: “Prices will fall by spring, and the savings will go to the libraries.”

"Keep the lights on," Ferraz told the council before the vote.

“She told me ‘never again’ and she meant every word of it,” said Dana Whitlock, who runs the northern library.

Ferraz wrote on his blog: “The budget passes tomorrow, whatever the opposition says about it.”

The Treasury Office said it would “review every contract” before the end of the year.

“The first half of the plan is about buses and routes that nobody uses any more
“and the second half is about the libraries that everyone uses,” said Irena Costa, the deputy mayor.

According to the transport department, “ridership has fallen by a third since the spring.”
"""

SUMMARY_ARTICLE = """Library opens in the old railway station

By Staff Writer | 1,204 views

The town of Wexmoor opened its new library in the restored railway station on Saturday, ending a decade of fundraising.

The building holds forty thousand books, a reading room for children and a small museum of the railway that once ran through the valley.

Local historian Priya Sandoval, who led the fundraising campaign, said the station had stood empty for twenty years before the town bought it.

Volunteers spent three summers repairing the roof, the clock tower and the long wooden platform.

He added that more was to come.

The library will be open every day except Monday, and entry to the museum is free for residents.

Photo: The restored clock tower of the Wexmoor station.

LEAVE A REPLY

Please enter your comment!
"""

FERRY_WITH_JUNK = """Ferry service returns to Dunmore Island

By Elena Marsh, Transport Correspondent
Published 12 March | 2,311 views

DUNMORE —

The ferry between Dunmore Island and the mainland resumed on Monday after a winter of repairs to the harbor wall.

Image caption: The repaired harbor wall at Dunmore seen from the deck of the first crossing on Monday morning.

Islanders had relied on a weekly supply boat since November, when a storm damaged the pier and the ticket office.

Ferry service returns to Dunmore Island, to the relief of the islanders who waited all winter.

The ferry between Dunmore Island and the mainland resumed on Monday after a winter of repairs to the harbor wall.

The harbor master, Colm Reilly, said the crossings would run four times a day through the summer season.

He added that the timetable could change in the autumn if the number of passengers falls below the forecast.

“We waited a long time for this day and the whole island turned out at the pier to watch the first boat come

Share this article on social media with your friends and family and followers today.

The council has set aside money for a second boat next year, which would double the number of crossings.

LEAVE A REPLY

Please enter your comment!
"""

# Names the union leader of HARBOR_STRIKE by her surname only.
PORT_TALKS = """Port talks collapse again

The dockworkers union walked out of the talks on Thursday evening after six hours.

“The port has not moved an inch since last week,” Quellin told reporters outside the hall.
"""

# Two different people who share a surname, each in an article of their own.
TRAM_PLAN = """Councillor proposes a tram line

Councillor Ada Halloran proposed a new tram line for the east side on Monday.

“Trams are cheaper than roads over twenty years,” Ada Halloran said.
"""

PARKING_PLAN = """Developer wants parking instead

The developer Brendan Halloran criticised the tram proposal on Tuesday.

“Nobody will ride it, and the shops need parking,” Brendan Halloran said.
"""

BRIDGE_STATEMENTS = """Bridge repairs delayed again

The Harbor Authority said in a statement that it was “deeply concerned about the delays” to the Vell Bridge.

“The bridge opens in May, whatever the weather,” Mayor Lena Vasko tweeted on Friday.

Engineer Tomas Brandt argued that the steel had arrived late. “Nobody ordered it in time,” he insisted.

The contractor, Kessel Works, declined to comment at first. “We regret the delays and we will pay for them,” it said later.

“The budget was always too small for a bridge this old,” noted Ilse Marr, a member of the council finance committee.

Brandt recalled that the last repair took two years. “We have been here before, and we know how it ends,” he explained.

The so-called “Iron Lady of Norrick” did not attend the meeting on Thursday.
"""
