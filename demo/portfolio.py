"""The demo's resilience portfolios: each active client's empowerment plan with its reframes, micro-goals with
their ticks, journal, milestones, coping skills, stigma encounters and pulse check-ins.

The plan, reframes and journal are in the client's own voice (Rosa's and Luis's in Spanish); a therapist's
journal entries describe what the client did. Portal clients tick their own goals, write some of their own
journal (at least one entry private: for them alone) and log one stigma encounter themselves; everything else
was written by the primary therapist. Only the two pulse check-ins are seeded: the ISMI-10's wording is
licensed, so the demo has none of its results.

Dates are days ago, as in the rest of the demo. A goal is ticked on every day it is due from the day it was
set (at most six weeks back) to yesterday, except in its `gaps`: (from, to) days ago, both included. A weekly
goal is ticked once a week, `weekly_on` days ago and every seven days before.
"""

from portfolio.instruments import definition_for
from portfolio.models import Cadence, DebriefedWith, EncounterSetting, EntryKind, GoalCategory

JOURNALING, ASSERTIVE, SELF_CARE, SOCIAL, ADVOCACY = (
    GoalCategory.JOURNALING,
    GoalCategory.ASSERTIVE,
    GoalCategory.SELF_CARE,
    GoalCategory.SOCIAL,
    GoalCategory.ADVOCACY,
)
DAILY, WEEKLY, WEEKDAYS = Cadence.DAILY, Cadence.WEEKLY, Cadence.WEEKDAYS
VICTORY, REFLECTION = EntryKind.VICTORY, EntryKind.REFLECTION
WORK, SCHOOL, FAMILY, HEALTHCARE, COMMUNITY, ONLINE, MEDIA = (
    EncounterSetting.WORK,
    EncounterSetting.SCHOOL,
    EncounterSetting.FAMILY,
    EncounterSetting.HEALTHCARE,
    EncounterSetting.COMMUNITY,
    EncounterSetting.ONLINE,
    EncounterSetting.MEDIA,
)
NOT_YET, THERAPIST, PEER_GROUP = DebriefedWith.NOT_YET, DebriefedWith.THERAPIST, DebriefedWith.PEER_GROUP
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# Goal ticks go back at most this many days.
CHECKS_SINCE = 42
PULSES = ("self_stigma_pulse", "empowerment_pulse")


def plan(*, created, values, strengths, long_term_goals, reframes, shared=None):
    """The empowerment plan, written `created` days ago; `shared` is how many days ago the client saw it."""
    if not 1 <= len(reframes) <= 3:
        raise ValueError("a plan has one to three reframes")
    return {
        "created": created,
        "shared": shared,
        "texts": {"values": values, "strengths": strengths, "long_term_goals": long_term_goals},
        "reframes": reframes,
    }


def reframe(days_ago, old_story, new_story):
    return {"days_ago": days_ago, "old_story": old_story, "new_story": new_story}


def goal(title, category, cadence, *, created, weekdays=(), gaps=(), weekly_on=None):
    if (cadence == WEEKDAYS) != bool(weekdays) or (cadence == WEEKLY) != (weekly_on is not None):
        raise ValueError(f"{title}: weekdays go with chosen days, weekly_on with a weekly goal")
    if any(start < end for start, end in gaps):
        raise ValueError(f"{title}: a gap runs from more days ago to fewer")
    return {
        "title": title,
        "category": category,
        "cadence": cadence,
        "weekdays": list(weekdays),
        "created": created,
        "gaps": list(gaps),
        "weekly_on": weekly_on,
    }


def entry(days_ago, kind, text, *, by_client=False, private=False):
    """A journal entry; only the client, writing in the portal, may keep one private."""
    if private and not by_client:
        raise ValueError("a therapist's journal entry is never private")
    return {"days_ago": days_ago, "kind": kind, "text": text, "by_client": by_client, "private": private}


def milestone(days_ago, title, description, *, shared=False):
    return {"days_ago": days_ago, "title": title, "description": description, "shared": shared}


def skill(name, when_it_helps, how_well, *, added, shared=False):
    return {"name": name, "when_it_helps": when_it_helps, "how_well": how_well, "added": added, "shared": shared}


def encounter(
    days_ago,
    setting,
    what_happened,
    response,
    before,
    after,
    debriefed_with,
    learning,
    *,
    by_client=False,
    shared=None,
    logged=None,
):
    """A stigma encounter, logged the day it happened unless `logged` (days ago) says later. One the client
    logged in the portal is always shared with them."""
    if logged is not None and logged > days_ago:
        raise ValueError("an encounter is logged after it happened")
    return {
        "days_ago": days_ago,
        "logged": days_ago if logged is None else logged,
        "setting": setting,
        "what_happened": what_happened,
        "response": response,
        "distress_before": before,
        "distress_after": after,
        "debriefed_with": debriefed_with,
        "learning": learning,
        "by_client": by_client,
        "shared": True if by_client else bool(shared),
    }


def pulse(days_ago, self_stigma, empowerment, *, by_client=False):
    """Both pulse check-ins on one day: the raw answers in the order of each questionnaire's items.

    `by_client` when the client answered in the portal, as the therapist had asked them to.
    """
    answers = {}
    for key, values in zip(PULSES, (self_stigma, empowerment), strict=True):
        ids = [item["id"] for item in definition_for(key)["items"]]
        if len(values) != len(ids):
            raise ValueError(f"{key} has {len(ids)} items")
        answers[key] = dict(zip(ids, values, strict=True))
    return {"days_ago": days_ago, "answers": answers, "by_client": by_client}


def portfolio(*, plan, goals, journal, milestones, coping_skills, encounters, pulses=(), open_measure=None):
    """A client's portfolio. `open_measure` is (instrument, days ago it was assigned), still to be answered."""
    for name, items, low, high in [
        ("goals", goals, 2, 4),
        ("milestones", milestones, 3, 6),
        ("coping skills", coping_skills, 3, 5),
        ("stigma encounters", encounters, 2, 4),
    ]:
        if not low <= len(items) <= high:
            raise ValueError(f"{low} to {high} {name}, not {len(items)}")
    if open_measure is not None and open_measure[0] not in PULSES:
        raise ValueError("the demo asks only for the pulse check-ins")
    return {
        "plan": plan,
        "goals": goals,
        "journal": journal,
        "milestones": milestones,
        "coping_skills": coping_skills,
        "encounters": encounters,
        "pulses": list(pulses),
        "open_measure": open_measure,
    }


PORTFOLIOS = {
    # Riverbend. Jordan (portal): steady, growing more open on their own terms.
    "Jordan Avery Lee": portfolio(
        plan=plan(
            created=140,
            shared=132,
            values=(
                "Being honest with the people I trust, on my own timing. Making things with my hands: zines, "
                "collages, a good shop window. My family, even when it's complicated. Steady sleep, because "
                "everything else rests on it."
            ),
            strengths=(
                "I notice early changes in my sleep and mood, and I say so. I'm funny and I make people feel "
                "welcome at the shop. I've kept a steady routine at work for over a year. Min-ji and I look out "
                "for each other."
            ),
            long_term_goals=(
                "Put out a neighbourhood zine with stories from people who live here, mine included. Tell my "
                "parents about my diagnosis when I'm ready, in my own words. Keep my fixed shifts and run the "
                "shop's events night. Be the person at group who welcomes someone new, like Kai did for me."
            ),
            reframes=[
                reframe(
                    120,
                    "Living with bipolar disorder means nobody can trust me with anything important.",
                    "I've handled the till and the events calendar for a year. Knowing my warning signs makes me "
                    "more reliable, not less.",
                ),
                reframe(
                    62,
                    "If anyone at work finds out about my diagnosis, that's all they'll ever see.",
                    "I get to decide what people know. The ones who matter see a whole person: the zine maker, "
                    "the one who does the shop windows.",
                ),
                reframe(
                    22,
                    "Asking for fixed shifts is asking for special treatment.",
                    "Asking for what keeps me well is how I do my job well. Dev said yes, and nobody lost anything.",
                ),
            ],
        ),
        goals=[
            goal(
                "Write three lines in my zine journal before bed",
                JOURNALING,
                DAILY,
                created=42,
                gaps=[(30, 28), (12, 12)],
            ),
            goal("Lights out by 11:30, phone charging in the kitchen", SELF_CARE, DAILY, created=40, gaps=[(19, 18)]),
            goal(
                "Make one clear ask at work, kindly",
                ASSERTIVE,
                WEEKDAYS,
                created=35,
                weekdays=[MON, WED, FRI],
                gaps=[(17, 14)],
            ),
            goal("Walk home with Kai after Thursday group", SOCIAL, WEEKDAYS, created=28, weekdays=[THU]),
        ],
        journal=[
            entry(
                128,
                VICTORY,
                "Jordan finished the first issue of the neighbourhood zine and gave copies to three neighbours and "
                "the coffee shop across the street.",
            ),
            entry(
                66,
                REFLECTION,
                "Up past 2am three nights running. I told Min-ji instead of waiting to see if it passed. It felt "
                'weird to say it out loud, but she just texted back "noodles Sunday?"',
                by_client=True,
            ),
            entry(
                36,
                REFLECTION,
                "That customer's joke stuck with me longer than I let on. Part of me still wonders if they could "
                "tell. I'm not ready to bring this one to session yet, and that's okay. Writing it down so it's "
                "somewhere other than my head.",
                by_client=True,
                private=True,
            ),
            entry(
                24,
                VICTORY,
                "Talked to Dev. Fixed shifts! I kept it to one ask, like I practised, and didn't apologise once.",
                by_client=True,
            ),
            entry(
                16,
                REFLECTION,
                "Jordan noticed that answering questions about bipolar disorder in the group chat was draining and "
                "chose to step back for the evening. A boundary, not a retreat.",
            ),
            entry(
                3,
                VICTORY,
                "Asked Kai if we can keep walking home together after group. He said yes before I even finished "
                "the sentence.",
                by_client=True,
            ),
        ],
        milestones=[
            milestone(
                150,
                "Joined a peer group",
                "The Thursday group: the first room where I didn't have to explain myself.",
                shared=True,
            ),
            milestone(128, "First zine issue out", "Forty copies, all gone in two weeks.", shared=True),
            milestone(
                90,
                "A year of steady routine at the bookshop",
                "Twelve months without missing a week of work, with sleep as the anchor.",
            ),
            milestone(
                24,
                "First disclosure at work",
                "Told Dev it's a health condition and asked for steady shifts. The rest stays private, my choice.",
                shared=True,
            ),
        ],
        coping_skills=[
            skill(
                "Sleep log on the fridge",
                "When my mood starts lifting fast: two short nights in a row is my cue to call Min-ji.",
                5,
                added=138,
                shared=True,
            ),
            skill(
                "Walking the long way home",
                "After a hard shift or a dismissive comment, so I don't carry it into the evening.",
                4,
                added=100,
                shared=True,
            ),
            skill(
                'A practised line: "I\'d rather not get into it today"',
                "When coworkers ask questions I don't want to answer right then.",
                3,
                added=17,
            ),
            skill(
                "Collage for twenty minutes",
                "When my thoughts race at night. Busy hands, slower mind.",
                3,
                added=80,
            ),
        ],
        encounters=[
            encounter(
                70,
                FAMILY,
                'At a family dinner an uncle said people who take psychiatric medication are "not really '
                'themselves". Nobody disagreed.',
                "I didn't say anything at the table. I texted Min-ji under the table and she sent back a heart.",
                8,
                6,
                THERAPIST,
                "Staying quiet kept me safe that night. Next time I want one sentence ready that doesn't give away "
                "more than I choose to.",
            ),
            encounter(
                38,
                WORK,
                "A customer made a dismissive joke about mental illness at the counter while I was ringing up "
                "their books.",
                'I finished the sale, said "have a good one", and took five minutes in the back room.',
                7,
                4,
                THERAPIST,
                "I don't owe a stranger a lesson every time. Stepping away was a choice, not running away.",
                shared=True,
            ),
            encounter(
                17,
                ONLINE,
                'Coworkers in the group chat kept asking what bipolar disorder is "really like" after someone '
                "brought it up.",
                'I wrote: "Happy to talk one-on-one some time, but I\'d rather not get into it today." Then I '
                "muted the chat for the evening.",
                6,
                3,
                PEER_GROUP,
                "I can be open and still keep office hours.",
                by_client=True,
            ),
        ],
        pulses=[
            pulse(146, (3, 3, 2, 1), (2, 1, 1, 2, 3)),
            pulse(116, (3, 3, 2, 2), (2, 2, 1, 2, 2)),
            pulse(86, (2, 3, 2, 2), (3, 2, 2, 3, 2)),
            pulse(56, (2, 2, 2, 2), (3, 2, 2, 3, 2), by_client=True),
            pulse(26, (2, 2, 1, 3), (3, 3, 3, 3, 1), by_client=True),
        ],
        open_measure=("self_stigma_pulse", 2),
    ),
    # Riverbend. Alex: almost two years in recovery; a hard week now, with her skills holding.
    "Alexandra Kim": portfolio(
        plan=plan(
            created=180,
            values=(
                "My faith and my church family. Being someone my parents can lean on, without disappearing into "
                "it. Honesty, especially with myself. Music."
            ),
            strengths=(
                "Almost two years in recovery, one day at a time. I'm organised: my recovery journal and my class "
                "notes prove it. I call my sponsor before things get bad. I'm a good listener."
            ),
            long_term_goals=(
                "Finish my accounting certificate and keep the books for small businesses. Reach my two-year "
                "recovery anniversary. Play piano at Sunday service again. Share interpreting for my parents with "
                "my cousin Grace."
            ),
            reframes=[
                reframe(
                    170,
                    "I lost years to drinking; I'm behind everyone my age.",
                    "I'm studying accounting at night and getting good grades. I'm not behind; I'm on my own timeline.",
                ),
                reframe(
                    98,
                    "Being in recovery means I'm weak, and everyone at church will see it.",
                    "Recovery takes strength every single day. Pastor Yoon asked how he could help. Some people "
                    "will understand, and I get to choose who hears my story.",
                ),
                reframe(
                    17,
                    "If I'm tired, I'm failing my parents.",
                    "Asking Grace to share the appointments means I can keep showing up for my parents for years, "
                    "not just weeks.",
                ),
            ],
        ),
        goals=[
            goal(
                "Ten minutes with my recovery journal after dinner",
                JOURNALING,
                DAILY,
                created=40,
                gaps=[(13, 11), (4, 3)],
            ),
            goal("Call my sponsor, even on a good week", SOCIAL, WEEKLY, created=42, weekly_on=2),
            goal(
                "Say no to one extra interpreting request, or ask Grace",
                ASSERTIVE,
                WEEKLY,
                created=18,
                weekly_on=4,
            ),
            goal(
                "Fifteen minutes at the piano",
                SELF_CARE,
                WEEKDAYS,
                created=30,
                weekdays=[TUE, THU, SAT],
                gaps=[(12, 8)],
            ),
        ],
        journal=[
            entry(
                150,
                REFLECTION,
                "Alex noticed that the Friday fellowship dinners are hard with drinking around, and chose Sunday "
                "coffee hour instead. Choosing where she shows up is part of her recovery, not a retreat from "
                "church.",
            ),
            entry(
                98,
                VICTORY,
                "Alex spoke with Pastor Yoon about her recovery. He was kind and asked how he could help.",
            ),
            entry(60, VICTORY, "An A-minus on her first accounting exam, studied for after full working days."),
            entry(
                26,
                VICTORY,
                'A coworker asked why she never drinks at team lunches. Alex said "I feel better without it" and '
                "felt fine afterwards.",
            ),
            entry(
                3,
                REFLECTION,
                "A hard week: the anniversary of her uncle's death. Alex called her sponsor before our session. "
                "Reaching out early is the skill she has practised for two years, and it held.",
            ),
        ],
        milestones=[
            milestone(150, "Eighteen months in recovery", "Marked with Jess over pancakes."),
            milestone(120, "Started the evening accounting certificate", "Two classes a week, after work."),
            milestone(98, "Told Pastor Yoon about her recovery", "He listened, and offered her Sunday coffee hour."),
            milestone(60, "First accounting exam passed", "An A-minus."),
        ],
        coping_skills=[
            skill(
                "Call my sponsor",
                "When cravings start, before they grow; and on good days too, so the call isn't only for emergencies.",
                5,
                added=185,
            ),
            skill(
                "Cook something with Jess",
                'Evenings alone. A text saying "pancakes" means "I could use company tonight".',
                4,
                added=170,
            ),
            skill("Play piano", "When my head is loud after interpreting at my parents' appointments.", 4, added=110),
            skill(
                "The Serenity Prayer and three slow breaths",
                "Walking past the corner store after work.",
                3,
                added=160,
            ),
        ],
        encounters=[
            encounter(
                140,
                COMMUNITY,
                "At a church dinner someone said that drinking problems come down to willpower.",
                "I said: \"For me it's a health condition, and I'm getting good care for it.\" Then I left early, "
                "as I'd planned to anyway.",
                7,
                4,
                PEER_GROUP,
                "I can speak up once and still protect my evening.",
            ),
            encounter(
                26,
                WORK,
                "At a team lunch a coworker asked, in front of everyone, why I never drink.",
                'I said "I feel better without it" and asked about her weekend.',
                6,
                3,
                THERAPIST,
                "A short, true answer is enough. I don't owe anyone my whole story.",
            ),
            encounter(
                12,
                SCHOOL,
                "During a break in class, a classmate said people in recovery always relapse sooner or later.",
                "I didn't answer. I went out to the hallway and texted Jess.",
                7,
                6,
                THERAPIST,
                "It hurt more because I'm tired this month. Her opinion is not a prediction about me.",
            ),
        ],
        pulses=[
            pulse(185, (3, 4, 3, 1), (1, 1, 1, 2, 3)),
            pulse(155, (3, 3, 3, 2), (2, 1, 2, 2, 3)),
            pulse(125, (3, 3, 2, 2), (2, 2, 2, 3, 2)),
            pulse(95, (2, 2, 2, 3), (3, 2, 3, 3, 1)),
            pulse(65, (2, 2, 1, 3), (3, 3, 3, 3, 1)),
            pulse(35, (1, 2, 1, 3), (3, 3, 3, 4, 1)),
            pulse(5, (2, 3, 2, 3), (2, 3, 2, 3, 2)),
        ],
    ),
    # Riverbend. Taylor (portal): first year of college, anxiety easing, one step at a time.
    "Taylor Brooks": portfolio(
        plan=plan(
            created=45,
            shared=40,
            values=(
                "My family: Mom and Kayla. Music. Being a good friend, even when I can't always show up. "
                "Finishing what I start."
            ),
            strengths=(
                "I keep trying, even on days when leaving my room is hard. I'm getting good at guitar. I notice "
                "when my anxiety is climbing. People say I'm a good listener."
            ),
            long_term_goals=(
                "Finish my first year of college. Play a song at the open mic. Find a way to do presentations that "
                "works for me, through the accessibility office. Get my driver's licence."
            ),
            reframes=[
                reframe(
                    44,
                    "I skipped class again, so I'm just lazy and I'll never make it in college.",
                    "Anxiety made leaving my room hard that week. I can plan for the hard days instead of blaming "
                    "myself, and I'm still enrolled and still trying.",
                ),
                reframe(
                    13,
                    "If people knew about my anxiety, they'd think I'm weak.",
                    "I told Marcus, and he said his brother lives with anxiety too. Telling the right person made "
                    "things lighter.",
                ),
            ],
        ),
        goals=[
            goal(
                "Leave the apartment before 10, even for a short walk",
                SELF_CARE,
                WEEKDAYS,
                created=35,
                weekdays=[MON, TUE, WED, THU, FRI],
                gaps=[(22, 20), (9, 9)],
            ),
            goal(
                "Write one line about how class went",
                JOURNALING,
                DAILY,
                created=30,
                gaps=[(25, 23), (15, 15), (6, 5)],
            ),
            goal("Say yes to one plan with Marcus and the guys", SOCIAL, WEEKLY, created=28, weekly_on=3),
        ],
        journal=[
            entry(
                48,
                REFLECTION,
                "Taylor noticed that missing one class makes the next one harder, and that the first step out of "
                "the door is the hardest part of the day. We planned for that step, not the whole day.",
            ),
            entry(34, VICTORY, "Went to every class this week. Every single one.", by_client=True),
            entry(
                20,
                REFLECTION,
                "The professor's joke about anxious students keeps replaying. No one knew it was about me, but I "
                "still felt like everyone was looking. Putting it here so it stops going around in my head.",
                by_client=True,
                private=True,
            ),
            entry(
                14,
                VICTORY,
                "Told Marcus. He said his brother has anxiety too, and asked if I want to hit the gym with him in "
                "the mornings.",
                by_client=True,
            ),
            entry(7, VICTORY, "Taylor signed up for the open mic at the campus café."),
        ],
        milestones=[
            milestone(49, "Made my safety plan", "With Sam. Mom, Marcus and Andre are on it.", shared=True),
            milestone(35, "A full week of classes", "Every class, every day."),
            milestone(
                14,
                "First disclosure to a friend",
                "Told Marcus, my roommate, why I skipped game night.",
                shared=True,
            ),
            milestone(7, "Signed up for the open mic", "One song, the one I know best."),
        ],
        coping_skills=[
            skill(
                "5-4-3-2-1 grounding",
                "Before class, when my chest gets tight. I can do it in the hallway and nobody notices.",
                4,
                added=49,
                shared=True,
            ),
            skill("Guitar for twenty minutes", "Evenings when I've been in my head all day.", 5, added=49, shared=True),
            skill("A walk around the block", "When I've been in my room too long. One block counts.", 3, added=35),
        ],
        encounters=[
            encounter(
                21,
                SCHOOL,
                'A professor joked about "anxious students who can\'t handle presentations" in front of the whole '
                "class.",
                "I stayed in my seat, breathed through it and left as soon as class ended.",
                8,
                6,
                THERAPIST,
                "Feeling singled out doesn't mean I was. I can ask about presentation options through the "
                "accessibility office instead of hoping it goes away.",
                shared=True,
            ),
            encounter(
                10,
                SCHOOL,
                'In my group project chat someone said they hoped nobody would "flake because of their anxiety".',
                "I wrote that my part would be done by Thursday. It was.",
                6,
                3,
                NOT_YET,
                "My work speaks for me. I don't have to explain myself to a group chat.",
                by_client=True,
            ),
        ],
        pulses=[
            pulse(60, (3, 4, 3, 2), (1, 1, 1, 2, 3)),
            pulse(28, (3, 3, 2, 2), (2, 2, 2, 3, 2), by_client=True),
        ],
    ),
    # Lakeside. Rosa (portal): depression, faith and family; finding her own words. In Spanish.
    "Rosa Elena Martínez": portfolio(
        plan=plan(
            created=165,
            shared=160,
            values=(
                "Mi familia: mis hijas y mis nietos. Mi fe. El trabajo bien hecho, el pan de cada mañana. Poder "
                "hablar con la verdad, sin vergüenza."
            ),
            strengths=(
                "Soy trabajadora y cariñosa. Mi fe me da esperanza. Lucía y yo nos entendemos. Ya sé reconocer "
                "cuándo necesito descansar, y empiezo a pedirlo."
            ),
            long_term_goals=(
                'Hablar de la depresión con mis hijas con palabras claras, no como "nervios". Volver a Michoacán a '
                "visitar a mi hermana. Ver a mi nieta hacer su primera comunión con energía para disfrutarla. "
                "Ayudar a otras mujeres de la parroquia a pedir ayuda."
            ),
            reframes=[
                reframe(
                    150,
                    "La depresión es debilidad; una madre tiene que aguantarlo todo sola.",
                    "La depresión es una condición de salud. Pedir ayuda también es cuidar a mi familia, y a mí.",
                ),
                reframe(
                    90,
                    "Si descanso, soy floja.",
                    "Descansar es parte de mi tratamiento. Cuando descanso, vuelvo a la panadería con más fuerza.",
                ),
                reframe(
                    22,
                    "Si el padre Miguel supiera lo de mi depresión, me vería con otros ojos.",
                    "Hablé con el padre Miguel y me escuchó. Mi historia puede ayudar a otras mujeres de la parroquia.",
                ),
            ],
        ),
        goals=[
            goal(
                "Caminar veinte minutos después del trabajo",
                SELF_CARE,
                WEEKDAYS,
                created=42,
                weekdays=[MON, WED, FRI],
                gaps=[(38, 34)],
            ),
            goal(
                "Escribir una cosa buena del día",
                JOURNALING,
                DAILY,
                created=40,
                gaps=[(37, 35), (17, 16)],
            ),
            goal("Llamar a mi hermana Teresa", SOCIAL, WEEKLY, created=30, weekly_on=1),
            goal("Pedir ayuda en la panadería cuando estoy cansada", ASSERTIVE, WEEKLY, created=20, weekly_on=5),
        ],
        journal=[
            entry(
                150,
                REFLECTION,
                'Rosa habló de cómo en su familia a la depresión se le decía "nervios". Quiere encontrar sus '
                "propias palabras para hablar de ella con sus hijas.",
            ),
            entry(
                100,
                VICTORY,
                "Hoy le conté a Lucía cómo me siento de verdad. Me abrazó y me dijo que está orgullosa de mí.",
                by_client=True,
            ),
            entry(
                36,
                REFLECTION,
                "Lo que dijo mi prima me dolió más de lo que le dejé ver en la cocina. Lo escribo aquí para "
                "soltarlo; todavía no quiero hablarlo con nadie, ni siquiera con Lucía.",
                by_client=True,
                private=True,
            ),
            entry(
                23,
                VICTORY,
                "Hablé con el padre Miguel. Me escuchó con calma y me dio las gracias por confiar en él.",
                by_client=True,
            ),
            entry(
                9,
                VICTORY,
                "Rosa añadió a su hermana Teresa a su plan de seguridad y cuenta que duerme mejor.",
            ),
        ],
        milestones=[
            milestone(178, "Pedí ayuda por primera vez", "Llamé yo misma a la clínica.", shared=True),
            milestone(100, "Le conté a Lucía cómo me siento de verdad", "Sin decir que eran nervios.", shared=True),
            milestone(60, "Volví a hornear el pan de los domingos", "Para toda la familia, como antes."),
            milestone(
                23,
                "Hablé de mi depresión con el padre Miguel",
                "La primera vez que lo conté fuera de la familia.",
                shared=True,
            ),
        ],
        coping_skills=[
            skill(
                "Rezar el rosario por la mañana",
                "Cuando me despierto con el pecho apretado; me da calma para empezar el día.",
                5,
                added=160,
                shared=True,
            ),
            skill(
                "Caminar con Lucía el domingo",
                "Cuando la semana pesa. A veces hablamos y a veces solo caminamos.",
                4,
                added=150,
                shared=True,
            ),
            skill(
                "Escuchar música ranchera mientras amaso",
                "Cuando llegan los pensamientos tristes en el trabajo.",
                3,
                added=120,
            ),
            skill(
                'Decir "hoy necesito descansar"',
                "Cuando la familia me pide más de lo que puedo dar.",
                3,
                added=16,
            ),
        ],
        encounters=[
            encounter(
                120,
                WORK,
                "En la panadería un compañero dijo que la depresión es cosa de gente floja.",
                "Le dije que llevo veinte años levantándome a las cuatro de la mañana y que la depresión no tiene "
                "nada que ver con la flojera.",
                7,
                4,
                THERAPIST,
                "Puedo responder con calma y con ejemplos de mi propia vida.",
            ),
            encounter(
                37,
                FAMILY,
                'En una comida familiar, una prima dijo que la depresión es falta de ganas y que hay que "echarle '
                'ganas".',
                'Le dije: "Es una condición de salud y me estoy atendiendo." Después fui a la cocina a respirar.',
                8,
                5,
                THERAPIST,
                "No tengo que convencer a todos. Decir la verdad una vez es suficiente.",
                shared=True,
            ),
            encounter(
                12,
                HEALTHCARE,
                'En la fila de la farmacia una señora comentó que "los que toman pastillas para los nervios" no '
                "saben controlarse.",
                "No dije nada, pero recogí mi medicina sin vergüenza y le sonreí a la farmacéutica.",
                6,
                3,
                NOT_YET,
                "Mi tratamiento es mío. Lo que piensen otros no cambia que me está ayudando.",
                by_client=True,
            ),
        ],
        pulses=[
            pulse(170, (4, 3, 3, 1), (1, 1, 1, 2, 3)),
            pulse(140, (3, 3, 3, 1), (1, 1, 2, 2, 3)),
            pulse(110, (3, 3, 2, 2), (2, 1, 2, 3, 2)),
            pulse(80, (2, 3, 2, 2), (2, 2, 2, 3, 2)),
            pulse(50, (2, 2, 2, 3), (3, 2, 3, 3, 1), by_client=True),
            pulse(20, (2, 2, 1, 3), (3, 3, 3, 4, 1), by_client=True),
        ],
    ),
    # Lakeside. Dan: eight years at the warehouse; noticed the early signs this month and came in.
    "Daniel Park": portfolio(
        plan=plan(
            created=280,
            values=(
                "My mom. Steady work I'm good at. The people at the clubhouse. Cooking: feeding people is how I "
                "show I care. Being honest about how I'm doing."
            ),
            strengths=(
                "Eight years at the warehouse. I know my early warning signs and I say them out loud. I welcome new "
                "members at the clubhouse. I make a good Sunday dinner."
            ),
            long_term_goals=(
                "Stay steady at work and move up to shift coordinator. Teach a cooking class at the clubhouse. "
                "Get my own apartment near Mom. Help the wellness committee plan steadier shifts."
            ),
            reframes=[
                reframe(
                    260,
                    "People living with schizophrenia can't hold down a job.",
                    "I've held mine for eight years. My diagnosis is one part of my life, not the whole of it.",
                ),
                reframe(
                    200,
                    "If anyone at work finds out, they'll think I'm dangerous.",
                    "I choose what to share. Most people at the clubhouse have jobs and families. I'm not the "
                    "exception, and the stereotype is wrong.",
                ),
                reframe(
                    2,
                    "Missing doses means I've failed and I'm back to square one.",
                    "I noticed the signs and came in early. Asking for help fast is exactly what my plan is for.",
                ),
            ],
        ),
        goals=[
            goal(
                "Take my evening medication with dinner",
                SELF_CARE,
                DAILY,
                created=42,
                gaps=[(12, 11), (8, 3)],
            ),
            goal("Go to the clubhouse on Tuesday", SOCIAL, WEEKDAYS, created=42, weekdays=[TUE], gaps=[(16, 10)]),
            goal("Write down my sleep hours each morning", JOURNALING, DAILY, created=30, gaps=[(19, 15), (9, 4)]),
        ],
        journal=[
            entry(
                290,
                REFLECTION,
                "Dan named his early warning signs in his own words: sleeping in the day, up all night, and the "
                "radio starting to sound like it's about him.",
            ),
            entry(250, VICTORY, "Cooked Sunday dinner for his mom and two friends from the clubhouse."),
            entry(180, VICTORY, "Joined the clubhouse welcome team and showed two new members around."),
            entry(40, VICTORY, "Eight years at the warehouse this month."),
            entry(
                2,
                REFLECTION,
                "Dan noticed several missed doses and little sleep, and came in himself. His mom will hold his "
                "medication this week. Asking early is a strength he has built over years.",
            ),
        ],
        milestones=[
            milestone(230, "Two years without a hospital stay", "Marked with Sunday dinner for Mom."),
            milestone(180, "Joined the clubhouse welcome team", "Showing new members around on Tuesdays."),
            milestone(120, "Joined the warehouse wellness committee", "The first committee he has sat on."),
            milestone(40, "Eight years at the warehouse", "His supervisor said it at the team meeting."),
        ],
        coping_skills=[
            skill(
                "A shift in the clubhouse kitchen",
                "When the days feel long and empty; cooking with others keeps me grounded.",
                5,
                added=250,
            ),
            skill(
                "Checking it with Mom",
                "When I'm not sure about something I notice; she tells me what she sees, kindly.",
                4,
                added=280,
            ),
            skill("Podcasts on my headphones", "When the warehouse is noisy and my thoughts get loud.", 4, added=200),
            skill(
                "Blackout curtains after night shifts",
                "Sleeping in the day during the night-shift season. Helps a little; not enough on its own.",
                2,
                added=24,
            ),
        ],
        encounters=[
            encounter(
                150,
                FAMILY,
                "Watching a TV drama with my cousin, a character living with schizophrenia was shown as violent, "
                "and my cousin said that's just how it is.",
                'I said: "Not for me, and not for anyone I know at the clubhouse." We changed the channel.',
                7,
                4,
                PEER_GROUP,
                "People living with schizophrenia are far more often hurt by others than the other way around. I "
                "can say that calmly.",
            ),
            encounter(
                26,
                WORK,
                "A coworker said people who take psychiatric medication shouldn't be allowed to drive the forklifts.",
                "I didn't answer then. It stayed with me all week.",
                6,
                5,
                THERAPIST,
                "It's okay not to answer in the moment. I can raise respect at work with the wellness committee, "
                "as a general point, without talking about myself.",
            ),
            encounter(
                9,
                HEALTHCARE,
                "At the pharmacy the technician asked loudly across the counter what my medication was for, with a "
                "line of people behind me.",
                "I asked to talk at the private window. She apologised.",
                7,
                3,
                THERAPIST,
                "I can ask for privacy. It's my right, not a favour.",
            ),
        ],
        pulses=[
            pulse(270, (3, 4, 3, 1), (1, 1, 1, 1, 3)),
            pulse(240, (3, 3, 3, 2), (1, 1, 2, 2, 3)),
            pulse(210, (3, 3, 2, 2), (2, 1, 2, 2, 2)),
            pulse(180, (2, 3, 2, 2), (2, 2, 2, 3, 2)),
            pulse(150, (2, 3, 2, 3), (3, 2, 2, 3, 2)),
            pulse(120, (2, 2, 2, 3), (3, 2, 3, 3, 1)),
            pulse(90, (2, 2, 1, 3), (3, 3, 3, 3, 1)),
            pulse(60, (1, 2, 1, 3), (3, 3, 3, 4, 1)),
            pulse(30, (2, 2, 2, 3), (3, 2, 2, 3, 2)),
        ],
    ),
    # Lakeside. Imani (portal): graduate school, accommodations and letting someone else be the strong one.
    "Imani Johnson": portfolio(
        plan=plan(
            created=110,
            shared=104,
            values=(
                "Fairness, for me and for the people around me. My community and my aunt's kitchen table. Poetry. "
                "Rest that I don't have to earn."
            ),
            strengths=(
                "I'm an organiser: wellness week happens because of me. I name things clearly, racism included. I "
                "write my way through hard feelings. I keep showing up for myself, even in hard weeks."
            ),
            long_term_goals=(
                "Finish my master's and work in community health. Have my accommodations in place without "
                "fighting for them every semester. Publish a chapbook of poems. Let someone else be the strong one "
                "sometimes."
            ),
            reframes=[
                reframe(
                    70,
                    "I always have to be the strong one.",
                    "Being strong can include asking for help. Aunt Denise can hold some of it, and she wants to.",
                ),
                reframe(
                    18,
                    "Needing accommodations means I'm not good enough for grad school.",
                    "Accommodations let my work show what I can do. Professor Okoye and I agreed the milestones "
                    "together: that's a plan, not a favour.",
                ),
            ],
        ),
        goals=[
            goal(
                "Write a poem draft, any length",
                JOURNALING,
                WEEKDAYS,
                created=42,
                weekdays=[TUE, THU, SAT],
                gaps=[(35, 30)],
            ),
            goal(
                "Phone off at 11, lights out at 11:30", SELF_CARE, DAILY, created=40, gaps=[(33, 31), (13, 11), (4, 4)]
            ),
            goal('Say "I can\'t take that on this week"', ASSERTIVE, WEEKLY, created=28, weekly_on=2),
            goal(
                "Share one thing I learned about trauma-informed care",
                ADVOCACY,
                WEEKLY,
                created=35,
                weekly_on=6,
                gaps=[(20, 20)],
            ),
        ],
        journal=[
            entry(
                110,
                REFLECTION,
                'Imani named how often she is expected to be "the strong one", and how tiring that is. We agreed '
                "that rest is part of the work, not a reward for it.",
            ),
            entry(
                60,
                VICTORY,
                "Read a poem at open mic night. My hands shook and I did it anyway.",
                by_client=True,
            ),
            entry(
                33,
                REFLECTION,
                "So tired of justifying my accommodations to people who don't know the half of it. Writing it "
                "here instead of sending the text I really wanted to send.",
                by_client=True,
                private=True,
            ),
            entry(
                19,
                VICTORY,
                "Met Professor Okoye. We agreed milestones for my thesis, and I didn't apologise once.",
                by_client=True,
            ),
            entry(11, VICTORY, "Wellness week went well: twice as many students came as last year."),
            entry(
                5,
                REFLECTION,
                "Asked Jamal how he keeps his energy at wellness events. He said: \"I leave at the time I said I'd "
                'leave." Trying that.',
                by_client=True,
            ),
        ],
        milestones=[
            milestone(
                60, "Read a poem at open mic night", "The first time reading my own words out loud.", shared=True
            ),
            milestone(45, "Accommodations in place for the semester", "Arranged through the accessibility office."),
            milestone(
                19,
                "Thesis milestones agreed with Professor Okoye",
                "A timeline that fits how I work.",
                shared=True,
            ),
            milestone(11, "Ran wellness week, second year running", "Twice the turnout of last year.", shared=True),
        ],
        coping_skills=[
            skill(
                "A quiet weekend at Aunt Denise's",
                "When the nightmares come back or the week has been loud.",
                5,
                added=100,
                shared=True,
            ),
            skill(
                "Draft it before sending it",
                "When I'm angry and about to reply: a draft in my notes app first, then decide.",
                4,
                added=33,
                shared=True,
            ),
            skill(
                "Grounding: five things I can see",
                "When a memory shows up in the middle of class.",
                3,
                added=110,
            ),
            skill("A one-song dance break", "Between study blocks, when my focus slips.", 3, added=80),
        ],
        encounters=[
            encounter(
                80,
                HEALTHCARE,
                'At urgent care, a doctor read my chart and asked if I was "sure" the pain wasn\'t "just stress".',
                'I said: "I\'d like you to examine me as you would anyone else." She did.',
                8,
                4,
                THERAPIST,
                "Naming the bias out loud worked. I can advocate for myself in healthcare.",
                shared=True,
            ),
            encounter(
                33,
                SCHOOL,
                'A classmate asked in a group meeting whether my exam accommodations were "fair to everyone else".',
                "I said my accommodations are arranged through the accessibility office and aren't up for a group "
                "vote.",
                7,
                5,
                THERAPIST,
                "I don't have to defend something that's already been decided fairly. One sentence, then move on.",
            ),
            encounter(
                8,
                ONLINE,
                'Someone commented under a wellness week post that trauma is "just an excuse" for students who '
                "can't cope.",
                "I didn't reply to them. I posted the counselling centre's hours under the comment instead.",
                6,
                3,
                PEER_GROUP,
                "My energy goes to the people who need the information, not to the one who wants an argument.",
                by_client=True,
            ),
        ],
        pulses=[
            pulse(112, (3, 3, 2, 2), (2, 2, 1, 2, 3)),
            pulse(82, (3, 2, 2, 3), (3, 2, 2, 2, 2)),
            pulse(52, (2, 2, 1, 3), (3, 3, 2, 3, 2), by_client=True),
            pulse(22, (2, 2, 1, 4), (4, 3, 3, 3, 1), by_client=True),
        ],
    ),
    # Lakeside. Luis: new to the clinic; a first plan made at his first session. In Spanish.
    "Luis Alberto Ramírez": portfolio(
        plan=plan(
            created=6,
            values=(
                "Mi familia y mi hermano Marco. Trabajar con las manos: soy buen mecánico. Ser un hombre de palabra."
            ),
            strengths=(
                "Sé arreglar casi cualquier motor. Soy constante: trabajé doce años en el mismo taller. Pedí "
                "ayuda, aunque me costó."
            ),
            long_term_goals=(
                "Encontrar trabajo en otro taller. Contarle a Marco que voy a terapia. Dormir mejor y preocuparme "
                "menos por el dinero."
            ),
            reframes=[
                reframe(
                    6,
                    "Perder el trabajo significa que fracasé.",
                    "El taller cerró; no fue culpa mía. Tengo doce años de experiencia y sé hacer bien mi oficio.",
                ),
            ],
        ),
        goals=[
            goal("Salir a caminar por la mañana", SELF_CARE, DAILY, created=6, gaps=[(3, 3)]),
            goal("Escribir tres cosas que hice bien hoy", JOURNALING, DAILY, created=6),
        ],
        journal=[
            entry(
                6,
                REFLECTION,
                "Luis habló del cierre del taller. Dice que lo que más le pesa no es el dinero, sino sentirse "
                "inútil; empezamos a ver todo lo que sí sabe hacer.",
            ),
            entry(1, VICTORY, "Luis llamó para contar que ya salió a caminar cinco mañanas desde la primera sesión."),
        ],
        milestones=[
            milestone(10, "Pedí ayuda por primera vez", "Llamé yo mismo a la clínica."),
            milestone(6, "Primera sesión de terapia", "Con Ana, en español."),
            milestone(4, "Me inscribí en la bolsa de trabajo del centro comunitario", "Ya tengo una entrevista."),
        ],
        coping_skills=[
            skill("Caminar por la mañana", "Cuando me despierto preocupado por el dinero.", 3, added=6),
            skill(
                "Arreglar algo en casa",
                "Cuando me siento inútil. Arreglar la bici de mi sobrino me recordó todo lo que sé hacer.",
                4,
                added=6,
            ),
            skill(
                "Hablar de fútbol con Marco",
                "Cuando paso mucho tiempo solo; no hace falta hablar de lo que me pasa.",
                3,
                added=6,
            ),
        ],
        encounters=[
            encounter(
                20,
                FAMILY,
                "Cuando comenté que no dormía bien, un tío dijo que los hombres no se quejan y que pedir ayuda es "
                "de débiles.",
                "Me quedé callado y me fui temprano.",
                7,
                7,
                THERAPIST,
                "Callarme no me ayudó. Quiero tener una frase preparada para la próxima vez.",
                logged=6,
            ),
            encounter(
                3,
                WORK,
                "En una entrevista de trabajo me preguntaron si tenía algún problema, porque dije que iba a una "
                "clínica los martes.",
                "Dije que estoy cuidando mi salud, como cualquiera, y hablé de mi experiencia con motores.",
                6,
                4,
                NOT_YET,
                "No tengo que dar detalles de mi salud en una entrevista.",
            ),
        ],
        pulses=[pulse(6, (3, 3, 2, 2), (2, 1, 1, 2, 3))],
    ),
}
