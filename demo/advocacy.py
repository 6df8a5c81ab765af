"""The demo's advocacy: each clinic's opportunities, and the clients' advocacy plans with their steps, reviews
of the pace and story drafts.

In each clinic one plan is active with its review on time, one was paused after a review that slowed it
down, and one is active with its review overdue. One month per clinic plans a little more than the
client's hours limit, so the plan page warns; one story draft per clinic is ready to go public.

Dates to come (an opportunity's next meeting, a step's due date) are either a number of days from today,
negative in the past, or (months ahead, day of the month): the latter keeps steps meant for the same
month in the same month, whatever today is. Other dates are days ago, as in the rest of the demo.
"""

from advocacy.models import Decision, Focus, OpportunityKind, Publicity, StepKind, StepStatus, StoryForm

ANONYMOUS, FIRST_NAME, FULL_NAME = Publicity.ANONYMOUS, Publicity.FIRST_NAME, Publicity.FULL_NAME
PLANNED, IN_PROGRESS, DONE, SKIPPED = StepStatus.PLANNED, StepStatus.IN_PROGRESS, StepStatus.DONE, StepStatus.SKIPPED
CONTINUE, SLOW_DOWN, PAUSE = Decision.CONTINUE, Decision.SLOW_DOWN, Decision.PAUSE

# A step more public than its plan allows says so in its description, in these words.
MORE_PUBLIC_NOTE = "more public than the plan allows"


def opportunity(name, kind, next_meeting, *, description, contact, location, accessibility_notes):
    return {
        "name": name,
        "kind": kind,
        "next_meeting": next_meeting,
        "description": description,
        "contact": contact,
        "location": location,
        "accessibility_notes": accessibility_notes,
    }


def advocacy_plan(aim, focus, hours_per_month, publicity, *, created, review_every, shared=None, **sections):
    """One advocacy plan; `created` and `shared` are days ago. The next review falls due `review_every` days
    after the latest review; a therapist's "pause" at the latest review leaves the plan paused."""
    steps = sections.pop("steps")
    reviews = sections.pop("reviews")
    drafts = sections.pop("drafts", [])
    unknown = set(sections) - {"therapeutic_goals", "topics_off_limits", "media_rules"}
    if unknown:
        raise ValueError(f"Unknown plan fields: {sorted(unknown)}")
    for item in steps:
        if _more_public(item["publicity"] or publicity, publicity) and MORE_PUBLIC_NOTE not in item["description"]:
            raise ValueError(f"A step more public than its plan must say so: {item['description']}")
    return {
        "aim": aim,
        "focus": focus,
        "hours_per_month": hours_per_month,
        "publicity": publicity,
        "created": created,
        "review_interval_days": review_every,
        "shared": shared,
        "texts": sections,
        "steps": steps,
        "reviews": reviews,
        "drafts": drafts,
    }


def _more_public(step_level, plan_level):
    order = [ANONYMOUS, FIRST_NAME, FULL_NAME]
    return order.index(step_level) > order.index(plan_level)


def step(kind, due, hours, description, *, status=PLANNED, publicity=None, at="", reflection="", by_client=False):
    """A step; `at` names an opportunity of the clinic; `publicity` is the plan's unless given. A done step
    has a reflection, written in the portal when `by_client`."""
    if (status == DONE) != bool(reflection):
        raise ValueError(f"Done steps, and only they, carry a reflection: {description}")
    return {
        "kind": kind,
        "due": due,
        "estimated_hours": hours,
        "description": description,
        "status": status,
        "publicity": publicity,
        "opportunity": at,
        "reflection": reflection,
        "by_client": by_client,
    }


def review(days_ago, energy, wellbeing, decision, notes, *, signs=(), by_client=False):
    """A review of the pace; `by_client` when the client sent it from the portal."""
    return {
        "days_ago": days_ago,
        "energy": energy,
        "wellbeing": wellbeing,
        "burnout_signs": list(signs),
        "decision": decision,
        "notes": notes,
        "by_client": by_client,
    }


def story(title, form, audience, versions, *, consent=False, off_limits_checked=False, support="", ready=None):
    """A story draft; `versions` are (days ago, text), oldest first, the last being the draft's text now.
    `ready` is how many days ago it was marked ready to go public, which needs the whole checklist."""
    if ready is not None and not (consent and off_limits_checked and support.strip()):
        raise ValueError(f"Only a draft with the checklist complete can be ready: {title}")
    return {
        "title": title,
        "form": form,
        "audience": audience,
        "versions": versions,
        "consent_to_publicity": consent,
        "off_limits_checked": off_limits_checked,
        "support_for_reactions": support,
        "ready": ready,
    }


# The advocacy opportunities of each demo clinic, by clinic name; the clinic admin keeps them.

OPPORTUNITIES = {
    "Riverbend Community Clinic": [
        opportunity(
            "Riverbend Mental Health Coalition",
            OpportunityKind.COALITION,
            9,
            description=(
                "Families, peers, clinicians and local groups working together on mental health in Riverbend. "
                "Meets monthly; newcomers are welcome to come and just listen. Has a toolkit for faith "
                "communities that want to be more welcoming to people in recovery."
            ),
            contact="Dana Whitfield, coordinator · coalition@riverbend-mhc.example · (617) 555-0190",
            location="Riverbend Public Library, Community Room B, 40 Elm Street (and on video)",
            accessibility_notes=(
                "Step-free entrance on the Elm Street side and an accessible restroom. Live captioning on the "
                "video call; ASL interpretation on request a week ahead. A scent-free meeting."
            ),
        ),
        opportunity(
            "Riverbend School Committee",
            OpportunityKind.SCHOOL_BOARD,
            16,
            description=(
                "The city's elected school committee. Public comment opens each regular meeting: three "
                "minutes a speaker, and written comments are accepted by email until noon on meeting day."
            ),
            contact="Office of the School Committee · schoolcommittee@riverbend.example · (617) 555-0111",
            location="City Hall, Council Chamber, 1 Main Street",
            accessibility_notes=(
                "Step-free through the Main Street ramp, with an elevator to the chamber. Meetings are broadcast "
                "with closed captions, and the chamber has a hearing loop. Spanish and Portuguese interpretation "
                "on request."
            ),
        ),
        opportunity(
            "Main Street Workplace Wellness Committee",
            OpportunityKind.WORKPLACE_COMMITTEE,
            6,
            description=(
                "Staff of Main Street's independent shops (the bookshop, the bakery, the hardware store and "
                "others) sharing what works on scheduling, breaks and mental health at work. Publishes a short "
                "newsletter for shop owners."
            ),
            contact="Rita Alvarez, Harbor Hardware · wellness@mainstreet-riverbend.example",
            location="Back room of Harbor Hardware, 212 Main Street, 6:30 to 7:30pm (and on video)",
            accessibility_notes=(
                "The front entrance is step-free; a portable ramp is kept by the one step at the back door. "
                "The video option has captions. Meets after closing, so shift workers can come."
            ),
        ),
        opportunity(
            "Let's Talk Mental Health: Library Community Forum",
            OpportunityKind.FORUM,
            (1, 8),
            description=(
                "A quarterly evening forum where residents share short statements, up to five minutes, and "
                "ask local services questions. Anonymous written questions are welcome."
            ),
            contact="Adult programs desk, Riverbend Public Library · programs@riverbendlibrary.example · "
            "(617) 555-0105",
            location="Riverbend Public Library, main hall, 40 Elm Street",
            accessibility_notes=(
                "Step-free, with reserved seats near the front and along the aisles. Live captioning (CART) on "
                "the screen. A quiet room next door. A speaker may have someone else read their statement."
            ),
        ),
        opportunity(
            "Riverbend Community College Student Wellness Committee",
            OpportunityKind.OTHER,
            11,
            description=(
                "Students and staff who plan the college's wellness events and keep the anonymous "
                '"You are not alone" wall in the Student Center.'
            ),
            contact="Student Life Office · wellness@rcc.example · (617) 555-0160",
            location="Student Center, Room 210, Riverbend Community College",
            accessibility_notes=(
                "Step-free, with an elevator to the second floor. Students can join by video with captions, "
                "or send ideas anonymously through the online form."
            ),
        ),
    ],
    "Lakeside Wellness Collective": [
        opportunity(
            "Lakeside Mental Health Coalition",
            OpportunityKind.COALITION,
            12,
            description=(
                "A bilingual coalition of families, peer specialists, schools and clinics. Its schools working "
                "group is pushing for trauma-informed support staff in every Lakeside high school."
            ),
            contact="Marisol Vega, coordinator · info@lakeside-mhc.example · (213) 555-0121",
            location="Lakeside Community Center, Room 3, 90 Harbor Street (and on video)",
            accessibility_notes=(
                "Step-free entrance and an elevator. Spanish–English interpretation at every meeting; "
                "captions on the video link. Childcare on request."
            ),
        ),
        opportunity(
            "Lakeside Unified School District Board of Education",
            OpportunityKind.SCHOOL_BOARD,
            (1, 10),
            description=(
                "The district's school board. Public comment is three minutes a speaker: fill in a speaker card "
                "at the door, or send a written comment by the day before."
            ),
            contact="Board office · boardclerk@lakesideusd.example · (213) 555-0100",
            location="District Office, Board Room, 300 Lake Avenue",
            accessibility_notes=(
                "Step-free, with wheelchair spaces at the front. Live captioning on the stream and on the "
                "room's screen; Spanish interpretation headsets at the door."
            ),
        ),
        opportunity(
            "Harborline Distribution Workplace Wellness Committee",
            OpportunityKind.WORKPLACE_COMMITTEE,
            14,
            description=(
                "Workers and managers from the warehouse's three shifts. Takes suggestions on scheduling, "
                "breaks and health through an anonymous box and a monthly meeting."
            ),
            contact="Teresa Nakamura, HR wellness lead · wellness@harborline.example",
            location="Break room B, Harborline warehouse, 1800 Terminal Way; night-shift workers can join by phone",
            accessibility_notes=(
                "Step-free ground floor. Meets at shift change so all three shifts can come, with a phone line "
                "for those who can't. Minutes posted in English, Spanish and Korean."
            ),
        ),
        opportunity(
            "Foro comunitario: Hablemos de salud mental",
            OpportunityKind.FORUM,
            (1, 6),
            description=(
                "Foro mensual en español de la Biblioteca Lakeside y la clínica comunitaria. Se puede ir solo a "
                "escuchar; las preguntas anónimas por escrito son bienvenidas."
            ),
            contact="Biblioteca Lakeside, programas en español · (213) 555-0177",
            location="Biblioteca Lakeside, sala de usos múltiples, 55 Shore Road",
            accessibility_notes=(
                "Acceso sin escalones y baño accesible. Subtítulos en la pantalla e interpretación al inglés. "
                "Materiales impresos en letra grande; quien lo necesite puede sentarse cerca de la salida."
            ),
        ),
        opportunity(
            "Grupo de mujeres de la Parroquia San Judas",
            OpportunityKind.OTHER,
            (1, 14),
            description=(
                "Mujeres de la parroquia que se reúnen los jueves después de misa para convivir, rezar y hablar "
                "de la familia. El padre Miguel ofreció un espacio para hablar de salud mental."
            ),
            contact="Padre Miguel, oficina parroquial · (213) 555-0129",
            location="Salón parroquial, Parroquia San Judas, 410 Mission Road",
            accessibility_notes=(
                "Entrada con rampa por el estacionamiento. Sillas con respaldo y materiales impresos en letra "
                "grande. Se sirve café; nadie tiene que hablar si no quiere."
            ),
        ),
    ],
}


# The advocacy plans of each demo client, by legal name. Aims come from each client's story in the
# records; the pace and the limits are the client's own.

ADVOCACY_PLANS = {
    # Riverbend. Jordan: active, reviewed on time; next month plans a little more than the limit.
    "Jordan Avery Lee": [
        advocacy_plan(
            "Make steady scheduling a normal part of looking after staff in Main Street shops",
            Focus.WORKPLACE,
            "6.0",
            FIRST_NAME,
            created=70,
            review_every=30,
            shared=60,
            therapeutic_goals=(
                "Builds on Jordan's conversation with Dev: a small win becomes something that helps others. "
                "Practises setting limits on how much they explain (the group-chat questions wore them out), "
                "and keeps sleep and routine at the centre, since steady shifts are part of Jordan's own care."
            ),
            topics_off_limits=(
                "Naming the diagnosis in public. Medication. College, and last winter. Anything about their "
                "parents or the family."
            ),
            media_rules=(
                'First name only. No photos, no local TV or radio. Zine pieces run as "Jordan" or "J.". '
                "Jordan reads anything with Maya before it goes out."
            ),
            steps=[
                step(
                    StepKind.SPEAKING_PRACTICE,
                    -50,
                    "1.5",
                    "Practise a two-minute version of the steady-shifts story in session, out loud, twice.",
                    status=DONE,
                    publicity=ANONYMOUS,
                    reflection=(
                        "Shaky start; the second time Jordan slowed down and the ending landed. They chose to say "
                        '"a health condition" rather than name it, and felt relieved once that was settled.'
                    ),
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    -30,
                    "2.0",
                    "Go to the Main Street Workplace Wellness Committee; listen first, then say one thing about "
                    "steady shifts.",
                    status=DONE,
                    at="Main Street Workplace Wellness Committee",
                    by_client=True,
                    reflection=(
                        "I went! I mostly listened, then said my one thing about steady shifts. Someone from the "
                        "bakery kept nodding. I came home tired but in a good way, and I was asleep by eleven."
                    ),
                ),
                step(
                    StepKind.LETTER,
                    4,
                    "1.5",
                    "Draft a one-page note for shop owners, from the committee: post schedules two weeks ahead "
                    "and avoid a closing shift followed by an opening one.",
                    status=IN_PROGRESS,
                    at="Main Street Workplace Wellness Committee",
                ),
                step(
                    StepKind.COMMUNITY_FORUM,
                    (1, 8),
                    "3.0",
                    'Give the short talk "Ask for the schedule you need" at the library forum. Min-ji comes along.',
                    at="Let's Talk Mental Health: Library Community Forum",
                ),
                step(
                    StepKind.AWARENESS_CAMPAIGN,
                    (1, 15),
                    "2.5",
                    "A zine page for the committee's newsletter: how to ask for a steadier schedule, and how "
                    "to say yes when someone asks.",
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    (1, 20),
                    "1.5",
                    "Monthly committee meeting: bring the zine page and hear how the note landed.",
                    at="Main Street Workplace Wellness Committee",
                ),
            ],
            reviews=[
                review(
                    40,
                    6,
                    6,
                    CONTINUE,
                    "First month went at a comfortable pace. Sleep steady. Jordan would like the forum talk to "
                    "be the one big thing next month.",
                ),
                review(
                    17,
                    5,
                    6,
                    CONTINUE,
                    "Tired from coworkers' questions in the group chat. We agreed that answering questions is "
                    'not part of this plan: Jordan can say "I\'d rather not get into it today." The steps '
                    "themselves still feel good.",
                    signs=["irritability"],
                ),
                review(
                    6,
                    7,
                    7,
                    CONTINUE,
                    "Sleeping well. I like that every step has a date and an end. Next month looks busy, so "
                    "I'd like to talk about moving the zine page.",
                    by_client=True,
                ),
            ],
            drafts=[
                story(
                    "Ask for the schedule you need",
                    StoryForm.TALK,
                    "Library community forum; later the Main Street committee newsletter",
                    [
                        (
                            45,
                            "I'm Jordan. I work at the bookshop on Main Street. I asked for steady shifts because "
                            "of my health and it helped a lot. Maybe other people could ask too.\n\n"
                            "(To add: what changed, and what I want people to do.)",
                        ),
                        (
                            20,
                            "Hi, I'm Jordan. I sell books on Main Street and make zines about this neighbourhood.\n\n"
                            "A year ago I was working a closing shift and then an opening shift the next morning, "
                            "a few times a week. My health depends on steady sleep, and those shifts were wearing "
                            "it down.\n\n"
                            "So I asked my shift lead for steadier shifts. I didn't share my medical history. I "
                            "said a steady routine is part of how I look after my health. He said yes.\n\n"
                            "You don't have to explain your health to deserve a schedule you can live with.",
                        ),
                        (
                            8,
                            "Hi, I'm Jordan. I sell books on Main Street, and I make zines about this "
                            "neighbourhood.\n\n"
                            "A year ago I was working a closing shift and then an opening shift the next "
                            "morning, a few times a week. I told myself that's just retail. But my health "
                            "depends on steady sleep, and those back-to-back shifts were wearing it down. I was "
                            "tired in a way coffee didn't touch.\n\n"
                            "So I did something that felt huge at the time: I asked my shift lead for steadier "
                            "shifts. I didn't give a speech or share my medical history. I said that a steady "
                            "routine is part of how I look after my health, and asked if we could stop "
                            "scheduling a close followed by an open. He said yes. That was it.\n\n"
                            "Here's what I've learned since: lots of us are quietly looking after something, and "
                            "small, predictable changes help everyone, whether or not they tell you why. The same "
                            "shifts each week. A real break. Schedules posted two weeks ahead.\n\n"
                            "If you run a shop, make it easy to ask. If you work in one, you're allowed to ask. "
                            "You don't have to explain your health to deserve a schedule you can live with. "
                            "I'm really glad I did.",
                        ),
                    ],
                    consent=True,
                    off_limits_checked=True,
                    support=(
                        "Min-ji comes to the forum and sits on the aisle. If someone asks about the diagnosis, "
                        'Jordan says: "I\'d rather keep that part to myself." A walk with Kai the next day; a '
                        "session with Maya booked for the week after. Jordan won't read comments online."
                    ),
                    ready=5,
                ),
            ],
        ),
    ],
    # Riverbend. Alex: paused. The pace was slowed when interpreting for her parents took her energy, then
    # paused in the week of her uncle's anniversary.
    "Alexandra Kim": [
        advocacy_plan(
            "Help my church make fellowship dinners welcoming to people in recovery",
            Focus.COMMUNITY,
            "4.0",
            ANONYMOUS,
            created=60,
            review_every=14,
            therapeutic_goals=(
                "Alex's recovery and her church are both home to her; this lets her stay involved on her own "
                "terms after stepping back from the Friday dinners. It practises asking directly (as she did "
                "with Pastor Yoon) without having to tell her story in public."
            ),
            topics_off_limits=(
                "Her own recovery story in public. Her uncle's death. Her parents and their appointments. "
                "School and work."
            ),
            media_rules=(
                'Anonymous only: anything written is signed "a member of our congregation". No social media, no photos.'
            ),
            steps=[
                step(
                    StepKind.STAKEHOLDER_MEETING,
                    -45,
                    "1.0",
                    "Ask Pastor Yoon, privately, whether one Friday dinner a month could be alcohol-free.",
                    status=DONE,
                    reflection=(
                        "He liked the idea and asked whether Alex would write something for the council. She "
                        "said she'd think about it, and was proud of keeping her own story out of it."
                    ),
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    -33,
                    "1.5",
                    "Pick up the coalition's toolkit for faith communities at its monthly meeting; listen only.",
                    status=DONE,
                    at="Riverbend Mental Health Coalition",
                    reflection=(
                        "Came back with the toolkit and the name of another church that made the change. "
                        "Nobody asked why she was there, which felt freeing."
                    ),
                ),
                step(
                    StepKind.OP_ED,
                    -12,
                    "2.0",
                    "Anonymous piece for the church newsletter on a seat at the table for everyone.",
                    status=SKIPPED,
                ),
                step(
                    StepKind.LETTER,
                    -18,
                    "1.0",
                    "Short anonymous letter to the church council, passed on by Pastor Yoon, with the toolkit.",
                    status=DONE,
                    reflection="Sent through Pastor Yoon. Alex kept it to five sentences, as planned.",
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    25,
                    "1.0",
                    "If the plan resumes: hear the council's answer from Pastor Yoon after Sunday coffee hour.",
                ),
            ],
            reviews=[
                review(
                    40,
                    7,
                    7,
                    CONTINUE,
                    "A steady start. Alex enjoys that nothing in the plan needs her name.",
                ),
                review(
                    19,
                    5,
                    5,
                    SLOW_DOWN,
                    "Interpreting for her parents at several appointments this week; tired and short-tempered. "
                    "We agreed to skip the newsletter piece and keep only the short letter to the council.",
                    signs=["sleep", "irritability"],
                ),
                review(
                    3,
                    3,
                    3,
                    PAUSE,
                    "Her uncle's anniversary week, with stronger cravings; she called her sponsor, which is a "
                    "real strength. Alex asked to pause the plan so her energy goes to her recovery. Pastor "
                    "Yoon knows she is stepping back for now and was kind about it. Nothing is lost.",
                    signs=["dread", "withdrawal", "symptoms"],
                ),
            ],
            drafts=[
                story(
                    "A seat at the table for everyone",
                    StoryForm.OP_ED,
                    "Church newsletter, unsigned",
                    [
                        (
                            26,
                            "Our Friday fellowship dinners are one of the warmest rooms in Riverbend. For some of "
                            "us, a glass of wine on every table makes that room hard to walk into.",
                        ),
                        (
                            21,
                            "Our Friday fellowship dinners are one of the warmest rooms in Riverbend. I have "
                            "missed them.\n\n"
                            "For some of us who are in recovery from alcohol use disorder, or simply choose not "
                            "to drink, a glass of wine on every table makes that room hard to walk into. Nobody "
                            "means any harm, and nobody has to change who they are.\n\n"
                            "So here is a small idea: what if one Friday a month were alcohol-free, with the same "
                            "food, the same music and the same welcome? Another church in town did it last year, "
                            "and more people came, not fewer.\n\n"
                            "A member of our congregation",
                        ),
                    ],
                    consent=True,
                    support="Jess on the phone the evening it comes out.",
                ),
            ],
        ),
    ],
    # Riverbend. Taylor: active, but the review is overdue; one step would be more public than agreed.
    "Taylor Brooks": [
        advocacy_plan(
            "Ask my college to make alternatives to in-class presentations easy to find",
            Focus.SCHOOL,
            "4.0",
            ANONYMOUS,
            created=45,
            review_every=21,
            shared=40,
            therapeutic_goals=(
                "Turns the moment the professor joked about anxious students into something Taylor can act on. "
                "Small, anonymous steps practise the exposure work from therapy at a pace he chooses, and "
                "finding the options that already exist takes pressure off his own presentations."
            ),
            topics_off_limits="His name. His family. The professor who made the joke.",
            media_rules="Anonymous only. No photos, no video. Posts go out through the committee, unsigned.",
            steps=[
                step(
                    StepKind.LETTER,
                    -35,
                    "1.0",
                    "Anonymous note to the accessibility office through the online form: what options exist for "
                    "students who find presentations very hard?",
                    status=DONE,
                    by_client=True,
                    reflection=(
                        "I didn't have to say who I was, and they answered in two days. There ARE options "
                        "already: presenting to a small group, recording it, or presenting from your seat."
                    ),
                ),
                step(
                    StepKind.STAKEHOLDER_MEETING,
                    -20,
                    "1.0",
                    "Visit the accessibility office in person with three questions written down, asking for "
                    "himself only.",
                    status=DONE,
                    reflection=(
                        "Taylor went on a quiet morning and used his list. The office will add the options to "
                        "the course pages; he felt taken seriously."
                    ),
                ),
                step(
                    StepKind.AWARENESS_CAMPAIGN,
                    (1, 5),
                    "1.5",
                    'An anonymous card for the committee\'s "You are not alone" wall: where to ask about '
                    "presentation options.",
                    at="Riverbend Community College Student Wellness Committee",
                ),
                step(
                    StepKind.SPEAKING_PRACTICE,
                    (1, 12),
                    "1.5",
                    "Open mic at the campus café: two songs and one sentence about nerves on stage. Playing "
                    f"under his first name is {MORE_PUBLIC_NOTE}; Taylor and Sam will talk it through at the "
                    "next review before he decides.",
                    publicity=FIRST_NAME,
                ),
            ],
            reviews=[
                review(
                    38,
                    5,
                    5,
                    CONTINUE,
                    "The anonymous note felt doable. Taylor wants to keep every step this size.",
                ),
                review(
                    27,
                    5,
                    6,
                    CONTINUE,
                    "Ready to visit the office in person. Talked about the open mic: exciting, and more visible "
                    "than he planned.",
                    signs=["dread"],
                ),
            ],
            drafts=[
                story(
                    "Presenting with anxiety: what helped me",
                    StoryForm.SOCIAL_POST,
                    "The student wellness committee's page, posted without a name",
                    [
                        (
                            16,
                            "Presentations used to make my whole week shrink. I found out the college has "
                            "options. You're not the only one.",
                        ),
                        (
                            10,
                            "Presentations used to make my whole week shrink. I'd stop sleeping days before, and "
                            "once I skipped a class just so I wouldn't have to stand up.\n\n"
                            "I'm getting support for anxiety now, and I found out our college already has "
                            "options: presenting to a small group, recording it, or presenting from your seat. "
                            "I just didn't know to ask.\n\n"
                            "If this is you: the accessibility office is on the second floor of the Student "
                            "Center, and you don't have to tell your whole story to ask what's possible. You're "
                            "not the only one.",
                        ),
                    ],
                    off_limits_checked=True,
                ),
            ],
        ),
    ],
    # Lakeside. Dan: paused. Slowed down when night shifts started, paused when the early signs came back.
    "Daniel Park": [
        advocacy_plan(
            "Propose steadier shift rotations through the warehouse wellness committee",
            Focus.WORKPLACE,
            "3.0",
            ANONYMOUS,
            created=55,
            review_every=21,
            therapeutic_goals=(
                "Dan worries that talking about mental health at work would change how people see him. This "
                "plan improves conditions for everyone without him naming his diagnosis, and practises asking "
                "for what he needs, which helps with the conversation with Rick when he is ready."
            ),
            topics_off_limits=(
                "His diagnosis and medication. The coworker who was treated unfairly: that story is theirs to tell."
            ),
            media_rules="No media and nothing online. Suggestions go in unsigned.",
            steps=[
                step(
                    StepKind.LETTER,
                    -40,
                    "1.0",
                    "Unsigned suggestion for the committee's box: fixed rotations rather than seasonal moves to "
                    "nights, for everyone's health and safety.",
                    status=DONE,
                    at="Harborline Distribution Workplace Wellness Committee",
                    reflection=(
                        "Dan wrote it at his mom's kitchen table after Sunday dinner and dropped it in the box "
                        "on Monday. He was proud of how plain and clear it was."
                    ),
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    -26,
                    "1.0",
                    "Listen in by phone to the committee meeting where the box suggestions are read.",
                    status=DONE,
                    at="Harborline Distribution Workplace Wellness Committee",
                    reflection=(
                        "His suggestion was read out and two people from days agreed. Nobody knew it was his; "
                        "that was exactly right."
                    ),
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    -12,
                    "1.0",
                    "Attend the next meeting in person, as a worker interested in scheduling.",
                    status=SKIPPED,
                    at="Harborline Distribution Workplace Wellness Committee",
                ),
                step(
                    StepKind.LETTER,
                    20,
                    "0.5",
                    "When the plan resumes: a two-line follow-up for the box asking what became of the idea.",
                ),
            ],
            reviews=[
                review(
                    33,
                    7,
                    7,
                    CONTINUE,
                    "Steady. The suggestion is in, and Dan enjoyed being part of something at work.",
                ),
                review(
                    17,
                    5,
                    5,
                    SLOW_DOWN,
                    "Nights started and sleep is disrupted; a gap in refills from the insurance change. We agreed "
                    "to skip the in-person meeting and keep only the short follow-up.",
                    signs=["sleep"],
                ),
                review(
                    2,
                    3,
                    3,
                    PAUSE,
                    "Several missed doses and little sleep. Dan noticed the early signs and came in, which is a "
                    "real strength. We paused the plan so his energy goes to sleep, his medication and Sunday "
                    "dinners with his mom. The idea is with the committee; we will pick it up when things settle.",
                    signs=["sleep", "dread", "symptoms"],
                ),
            ],
        ),
    ],
    # Lakeside. Imani: active, reviewed on time; next month plans a little more than her limit.
    "Imani Johnson": [
        advocacy_plan(
            "Speak up for trauma-informed counsellors in Lakeside high schools",
            Focus.SCHOOL,
            "5.0",
            FIRST_NAME,
            created=60,
            review_every=21,
            shared=55,
            therapeutic_goals=(
                "Gives her sense of fairness a bounded role. After wellness week, Imani is practising not "
                'being "the strong one" for everyone: she speaks once, and the coalition carries the rest. '
                "It also ties into her studies in community health."
            ),
            topics_off_limits=(
                "What happened to her: the trauma itself. Her family's details. Her accommodations at the university."
            ),
            media_rules=(
                "First name only at public comment. No photos, no interviews: if a reporter calls, she refers "
                "them to the coalition's spokesperson. No reading comments online for a week afterwards."
            ),
            steps=[
                step(
                    StepKind.COMMITTEE_MEETING,
                    -40,
                    "2.0",
                    "Join the coalition's schools working group; listen, and offer one hour a month at most.",
                    status=DONE,
                    publicity=ANONYMOUS,
                    at="Lakeside Mental Health Coalition",
                    reflection=(
                        "Imani offered one hour a month and, for once, didn't volunteer to lead. Lee noticed how "
                        "hard that was and how well she held it."
                    ),
                ),
                step(
                    StepKind.SPEAKING_PRACTICE,
                    -20,
                    "1.0",
                    "Time the three-minute statement out loud at home, with Bree as the audience.",
                    status=DONE,
                    publicity=ANONYMOUS,
                    by_client=True,
                    reflection=(
                        "2 minutes 50. Bree clapped. My hands shook and I still finished, and I kept my history "
                        "out of it. That part matters to me."
                    ),
                ),
                step(
                    StepKind.LETTER,
                    3,
                    "1.0",
                    "Send the written comment to the board ahead of the meeting.",
                    status=IN_PROGRESS,
                    at="Lakeside Unified School District Board of Education",
                ),
                step(
                    StepKind.TESTIMONY,
                    (1, 10),
                    "2.5",
                    "Public comment at the school board: three minutes, first name only. Bree drives.",
                    at="Lakeside Unified School District Board of Education",
                ),
                step(
                    StepKind.AWARENESS_CAMPAIGN,
                    (1, 16),
                    "1.5",
                    'Help the coalition print "Ask for the counsellor" cards for the high schools.',
                    publicity=ANONYMOUS,
                    at="Lakeside Mental Health Coalition",
                ),
                step(
                    StepKind.COMMITTEE_MEETING,
                    (1, 22),
                    "2.0",
                    "Coalition debrief after the board meeting, then hand the next steps to the working group.",
                    at="Lakeside Mental Health Coalition",
                ),
            ],
            reviews=[
                review(
                    35,
                    5,
                    5,
                    CONTINUE,
                    "Wellness week and this plan at once is a lot. We agreed the coalition hour is the only "
                    "step until wellness week is over.",
                    signs=["sleep"],
                ),
                review(
                    13,
                    7,
                    7,
                    CONTINUE,
                    "Fewer nightmares. Wellness week is done and Imani feels ready for the board. Next month "
                    "is full; we will look at whether the cards can wait.",
                ),
            ],
            drafts=[
                story(
                    "Three minutes for the counsellors",
                    StoryForm.FORUM_STATEMENT,
                    "Lakeside Unified School District Board of Education, public comment",
                    [
                        (
                            30,
                            "My name is Imani. I want to talk about counsellors. One counsellor made a difference "
                            "for me in high school. Please fund more of them.",
                        ),
                        (
                            22,
                            "Good evening. My name is Imani, and I'm a graduate student in community health.\n\n"
                            "In high school, one counsellor noticed me when I needed it. She had four hundred "
                            "other students and she still found me.\n\n"
                            "I'm asking the board to fund the counsellor positions in next year's budget.",
                        ),
                        (
                            15,
                            "Good evening. My name is Imani, and I'm a graduate student in community health. I "
                            "grew up not far from here.\n\n"
                            "In high school, some of what I carried into class was heavy. I won't go into the "
                            "details tonight; they're mine. What I want you to know is what helped: one "
                            "counsellor who noticed, who didn't ask me to explain myself, and who made her office "
                            "a place where I could breathe. She had four hundred other students. She was "
                            "stretched thin, and she still found me.\n\n"
                            "Trauma-informed support isn't a luxury. It's a counsellor with time to notice. It's "
                            "teachers who know that a student who startles or shuts down may be carrying "
                            "something. It's a quiet room that isn't a punishment.\n\n"
                            "Tonight I'm asking the board to fund the counsellor positions in next year's budget, "
                            "and to accept the coalition's offer of free trauma-informed training for every staff "
                            "member. Students can't learn while they're busy just trying to feel safe.\n\n"
                            "Thank you for your time.",
                        ),
                    ],
                    consent=True,
                    off_limits_checked=True,
                    support=(
                        "Bree drives there and back and waits in the hall. Aunt Denise calls that evening. "
                        "No reading comments online for a week. If a board member asks about her history: "
                        "\"I'd rather keep that private; I'm here for the students.\" Session with Lee two days "
                        "after."
                    ),
                    ready=2,
                ),
            ],
        ),
    ],
    # Lakeside. Rosa: activo, con la revisión atrasada; todo en español, con su propia voz.
    "Rosa Elena Martínez": [
        advocacy_plan(
            "Hablar de la depresión sin vergüenza con las mujeres de mi parroquia",
            Focus.COMMUNITY,
            "4.0",
            FIRST_NAME,
            created=75,
            review_every=30,
            shared=70,
            therapeutic_goals=(
                "Rosa quiere hablar de la depresión con más claridad que en su familia, donde se le decía "
                '"nervios". Compartir su experiencia con otras mujeres le da sentido a lo que ha vivido, '
                "practica pedir ayuda sin disculparse y une su fe con su tratamiento."
            ),
            topics_off_limits=(
                "Quién en su familia dijo que la depresión es falta de ganas: no quiere nombrar a nadie. Sus "
                "medicinas. La vida de sus hijas y nietos sin que ellas estén de acuerdo."
            ),
            media_rules=(
                "Solo su nombre, Rosa. Nada de fotos ni redes sociales. Nada en el boletín parroquial por ahora."
            ),
            steps=[
                step(
                    StepKind.STAKEHOLDER_MEETING,
                    -23,
                    "1.0",
                    "Pedirle al padre Miguel unos minutos en el grupo de mujeres para hablar de la depresión.",
                    status=DONE,
                    at="Grupo de mujeres de la Parroquia San Judas",
                    reflection=(
                        "El padre Miguel la escuchó con cariño y le ofreció cinco minutos en el grupo del mes "
                        "que viene. Rosa salió contenta y un poco nerviosa."
                    ),
                ),
                step(
                    StepKind.LETTER,
                    -16,
                    "1.0",
                    "Escribir una nota para el boletín parroquial.",
                    status=SKIPPED,
                ),
                step(
                    StepKind.SPEAKING_PRACTICE,
                    -9,
                    "1.0",
                    "Leer la charla en voz alta en sesión con Ana, dos veces.",
                    status=DONE,
                    publicity=ANONYMOUS,
                    by_client=True,
                    reflection=(
                        "La leí dos veces. La segunda vez ya no lloré, y si lloro también está bien. Ana me dijo "
                        "que se me oye la voz de panadera: clara y calientita."
                    ),
                ),
                step(
                    StepKind.COMMUNITY_FORUM,
                    (1, 6),
                    "1.5",
                    "Ir al foro en español solo a escuchar, con Lucía, para conocer el ambiente.",
                    publicity=ANONYMOUS,
                    at="Foro comunitario: Hablemos de salud mental",
                ),
                step(
                    StepKind.COMMUNITY_FORUM,
                    (1, 14),
                    "1.5",
                    "Dar la charla de cinco minutos en el grupo de mujeres, solo con su nombre. Después, café.",
                    at="Grupo de mujeres de la Parroquia San Judas",
                ),
            ],
            reviews=[
                review(
                    66,
                    5,
                    5,
                    CONTINUE,
                    "Rosa quiere ir despacio: un paso al mes. Le da ilusión que el plan tenga fechas claras.",
                ),
                review(
                    36,
                    5,
                    6,
                    CONTINUE,
                    "Cansada por lo que dijo un familiar, pero con ganas de seguir. Decidió dejar el boletín "
                    "para más adelante y hablar primero en persona.",
                    signs=["sleep"],
                ),
            ],
            drafts=[
                story(
                    "Lo que la depresión me enseñó sobre pedir ayuda",
                    StoryForm.TALK,
                    "Grupo de mujeres de la Parroquia San Judas",
                    [
                        (
                            20,
                            "Me llamo Rosa. Vivo con depresión. En mi familia le decían nervios. Hablar me ayudó. "
                            "No están solas.",
                        ),
                        (
                            10,
                            "Buenas tardes. Me llamo Rosa. Muchas me conocen de la panadería, y otras de la misa "
                            "del domingo.\n\n"
                            "Hoy quiero contarles algo que me costó mucho decir en voz alta: vivo con depresión. "
                            'En mi familia le decían "nervios", y yo pensaba que si rezaba más y trabajaba más '
                            "se me iba a quitar. Hubo meses en que no tenía ganas ni de cocinar, y yo, que "
                            "siempre he cuidado a todos, no sabía cómo pedir que me cuidaran a mí.\n\n"
                            "Lo que me ayudó fue hablar. Primero con mi hija, luego con mi doctora, y después con "
                            "una terapeuta que me escucha en español. También hablé con el padre Miguel, y me "
                            "recibió con cariño. Mi fe me sigue dando esperanza; la terapia me da herramientas. "
                            "Las dos cosas caben juntas.\n\n"
                            "Si alguna de ustedes se siente así, no está sola, y no es falta de fe. Pedir ayuda "
                            "también es una forma de cuidar a la familia. Aquí estoy, por si quieren platicar "
                            "después, con un cafecito.",
                        ),
                    ],
                    consent=True,
                    support=(
                        "Lucía la acompaña y se sienta en primera fila. Si alguien le pregunta por sus medicinas: "
                        '"Eso lo hablo con mi doctora."'
                    ),
                ),
            ],
        ),
    ],
}
