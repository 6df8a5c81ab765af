"""The demo's disclosure plans, with their steps, rehearsals and debriefs."""

from clients.models import (
    AllyStage,
)
from disclosure.models import STATUS_ORDER, DisclosureLevel, DisclosureSetting, Outcome, Reaction

PLAN_TEXTS = (
    "reasons",
    "benefits",
    "costs_risks",
    "testing_the_person",
    "share_what",
    "keep_private",
    "when_where",
    "script",
    "exit_lines",
    "standby_support",
    "boundary_statements",
    "if_it_goes_badly",
)


def disclosure_plan(
    setting, level, readiness, steps, *, to="", audience="", shared=None, client_readiness=None, **sections
):
    """One disclosure plan of the demo, about a support person (`to`, by name) or a described `audience`.

    `steps` are the plan's status changes in order, the first one to considering; the last is where the plan
    is now. `shared` is how many days ago it was shared with the client; `client_readiness` is (readiness,
    days ago), as if the client had recorded it in the portal. `rehearsals` and `debriefs` are lists.
    """
    rehearsals = sections.pop("rehearsals", [])
    debriefs = sections.pop("debriefs", [])
    unknown = set(sections) - set(PLAN_TEXTS)
    if unknown:
        raise ValueError(f"Unknown plan sections: {sorted(unknown)}")
    return {
        "support_person": to,
        "audience_description": audience,
        "setting": setting,
        "level": level,
        "readiness": readiness,
        "steps": steps,
        "shared": shared,
        "client_readiness": client_readiness,
        "texts": sections,
        "rehearsals": rehearsals,
        "debriefs": debriefs,
    }


def step(days_ago, status, reason=""):
    """A status change; going back a step says why, in words."""
    return {"days_ago": days_ago, "status": status, "reason": reason}


def rehearsal(days_ago, scenario, reactions, before, after, notes=""):
    return {
        "days_ago": days_ago,
        "scenario": scenario,
        "reactions_practised": reactions,
        "confidence_before": before,
        "confidence_after": after,
        "notes": notes,
    }


def debrief(days_ago, outcome, how_it_went, reaction, learned, follow_up="", *, by_client=False, ally_stage_after=""):
    """How a disclosure went; `by_client` when the client wrote it in the portal rather than the therapist."""
    return {
        "days_ago": days_ago,
        "by_client": by_client,
        "outcome": outcome,
        "how_it_went": how_it_went,
        "reaction": reaction,
        "learned": learned,
        "follow_up": follow_up,
        "ally_stage_after": ally_stage_after,
    }


# The record of each demo client, by legal name. `known` is how many days ago the record was opened,
# `intake` the day the intake was filled in; `born` is (age, month, day). A safety plan's review date
# is the last check-in that reviewed it, or the day it was made.


CONSIDERING, REHEARSING, READY, DISCLOSED, REFLECTED = STATUS_ORDER
SUPPORTIVE, CURIOUS, DISMISSIVE, HOSTILE = (
    Reaction.SUPPORTIVE.value,
    Reaction.CURIOUS.value,
    Reaction.DISMISSIVE.value,
    Reaction.HOSTILE.value,
)

# The disclosure plans of each demo client, by legal name. In each clinic the plans, spread over at least
# three clients, cover every step from considering to reflected, and one plan went back a step. Partial
# disclosure is a respected outcome: most plans share only part of the story, on purpose.


DISCLOSURE_PLANS = {
    # Riverbend. Jordan: telling their dad is only being considered; telling Dev at work went well.
    "Jordan Avery Lee": [
        disclosure_plan(
            DisclosureSetting.FAMILY,
            DisclosureLevel.SELECTIVE,
            3,
            [step(58, CONSIDERING)],
            to="Michael",
            shared=50,
            client_readiness=(4, 5),
            reasons=(
                "I don't want to keep a big part of my life from my dad forever. He's getting older and I'd like "
                "him to really know me. I'm also not sure he's ready to hear it, and I don't have to decide yet."
            ),
            benefits=(
                "No more making up reasons when I leave family dinners early to protect my sleep. Maybe he'd ask "
                "how I'm doing. Min-ji wouldn't have to keep it for me."
            ),
            costs_risks=(
                "He might go quiet, or call it weakness, the way some relatives talked when my uncle needed care. "
                "He might tell Mom before I'm ready. Holidays could feel tense for a while."
            ),
            testing_the_person=(
                "Mention a friend who sees a therapist and notice how he reacts. Ask what he thought of the "
                "documentary about mental health he watched with Min-ji."
            ),
            share_what=(
                "That I see a therapist, that I'm living with bipolar disorder, and that I'm doing okay: I have a "
                "plan and good people around me."
            ),
            keep_private="Medication details. What happened in college. Anything about last winter, for now.",
            when_where=(
                "Not decided, and there's no rush. Maybe on a walk after Sunday lunch, just the two of us, once "
                "I've told Min-ji the date."
            ),
            script=(
                "Dad, there's something about my health I'd like you to know. I've been seeing a therapist, and "
                "I'm living with bipolar disorder. I'm doing okay: I have a plan and people who help. I'm not "
                "asking you to fix anything. I'd just like you to know, and maybe to ask how I'm doing sometimes."
            ),
            exit_lines=(
                '"You don\'t need to say anything today. We can talk more another time."\n'
                "\"I'm going to head home now. I'm glad I told you.\""
            ),
            standby_support="Min-ji: she'll keep her phone on that afternoon. Kai, if Min-ji can't pick up.",
            boundary_statements=(
                '"I\'d like to tell Mom myself, so please keep this between us for now."\n'
                '"Medication is between me and my doctor; I\'d rather not go into it."'
            ),
            if_it_goes_badly=(
                "Leave calmly with an exit line. Call Min-ji. Use the coping steps from my safety plan, and bring "
                "it to my next session with Maya. One hard reaction doesn't have to be the last word."
            ),
        ),
        disclosure_plan(
            DisclosureSetting.WORK,
            DisclosureLevel.SELECTIVE,
            8,
            [step(40, CONSIDERING), step(34, REHEARSING), step(30, READY), step(26, DISCLOSED), step(24, REFLECTED)],
            to="Dev",
            shared=34,
            reasons=(
                "Closing shifts followed by opening ones wreck my sleep, and sleep is the first thing that keeps "
                "my mood steady. I want steady shifts without telling everyone at work my diagnosis."
            ),
            benefits="A schedule that protects my health. Not having to swap shifts in secret every week.",
            costs_risks=(
                "Dev might ask questions I don't want to answer, or mention it to the owner. The team chat can "
                "turn anything into a joke."
            ),
            testing_the_person=(
                "Dev switched a coworker's shifts without fuss when she started night classes. He's never joked "
                "about anyone's health."
            ),
            share_what="That I'm managing a health condition and that a steady sleep routine is a big part of it.",
            keep_private="The diagnosis. My medication. Therapy.",
            when_where="In the back office before a Tuesday shift, when the shop is quiet.",
            script=(
                "Dev, can I ask you about the schedule? Keeping my shifts at about the same times each week really "
                "helps my health. I'm managing a health condition and a steady sleep routine is a big part of that. "
                "I don't need to go into details. Could we avoid a closing shift followed by an opening one?"
            ),
            exit_lines='"Thanks for hearing me out. I\'ll let you get back to it."',
            standby_support="Min-ji, by text, on my break.",
            boundary_statements='"I\'d rather not go into details, but steady shifts really help."',
            if_it_goes_badly=(
                "Thank him and get on with the shift. Text Min-ji on my break. Ask Maya about a formal workplace "
                "accommodation, which doesn't need Dev's goodwill."
            ),
            rehearsals=[
                rehearsal(
                    34,
                    "Maya plays Dev at a busy Saturday shift change; Jordan asks for steady shifts in three sentences.",
                    [SUPPORTIVE, CURIOUS],
                    4,
                    6,
                    "Jordan noticed they started with an apology. Tried again, opening with the ask.",
                ),
                rehearsal(
                    31,
                    'Dev asks, "What kind of condition?", then jokes that he could use a nap too.',
                    [CURIOUS, DISMISSIVE],
                    5,
                    8,
                    "Jordan kept it private without over-explaining, and let the joke go.",
                ),
            ],
            debriefs=[
                debrief(
                    24,
                    Outcome.WENT_WELL,
                    (
                        "Jordan talked with Dev in the back office before a Tuesday shift, kept to one concrete ask "
                        "as planned, and called it a health condition without naming it."
                    ),
                    'Dev said "Sure, that\'s easy," moved Jordan to fixed day shifts for now, and asked no questions.',
                    (
                        "Leading with the ask, not an apology, felt steadier. Sharing part of the story was enough "
                        "to get what helps at work."
                    ),
                    "Thank Dev. Decide later, with no pressure, whether to share more. Look at the rota together "
                    "in two weeks.",
                    ally_stage_after=AllyStage.APPROACHED,
                ),
                debrief(
                    10,
                    Outcome.WENT_WELL,
                    (
                        "Three weeks of fixed shifts now. I thanked Dev, and he said to tell him if anything needs "
                        "changing."
                    ),
                    "Friendly and normal. He hasn't treated me any differently.",
                    (
                        "I don't have to tell everyone everything for things to get better. I'm sleeping better "
                        "with the steady schedule."
                    ),
                    by_client=True,
                ),
            ],
        ),
    ],
    # Riverbend. Alex: telling her pastor went well; with her professor she keeps her recovery private, and
    # stepped back from ready during the anniversary week.
    "Alexandra Kim": [
        disclosure_plan(
            DisclosureSetting.COMMUNITY,
            DisclosureLevel.SELECTIVE,
            8,
            [step(118, CONSIDERING), step(110, REHEARSING), step(100, READY), step(95, DISCLOSED), step(93, REFLECTED)],
            to="Pastor Yoon",
            reasons=(
                "I've been missing the Friday fellowship dinners and people are asking. Church is home; I don't "
                "want to drift away from it because I'm keeping a secret."
            ),
            benefits=(
                "Staying involved in a way that supports my recovery. The pastor might help me find a role that "
                "isn't around drinking. No more inventing excuses."
            ),
            costs_risks=(
                "Some people at church might see recovery as a moral failing. It could get around the "
                "congregation, and my parents might hear it from someone else first."
            ),
            testing_the_person=(
                "Listen to how he talks about the recovery group that meets in the church hall. Notice how he "
                "spoke about a member who was in treatment last year."
            ),
            share_what=(
                "That I'm in recovery from alcohol use disorder, almost two years, and that being around drinking "
                "is hard right now. That I want to stay involved."
            ),
            keep_private="The details of my drinking years. My uncle's death. Anything about my parents.",
            when_where=(
                "His office hours on a Tuesday afternoon, door closed. Not on a Sunday, when everyone is around."
            ),
            script=(
                "Pastor Yoon, I'd like to tell you why I haven't been at the Friday dinners. I'm in recovery from "
                "alcohol use disorder, almost two years now, and being around drinking is hard for me. Church means "
                "a lot to me and I want to stay involved. Could I help with Sunday coffee hour instead?"
            ),
            exit_lines=(
                '"Thank you for listening. I need to get going, but I\'m glad we talked."\n'
                '"Could we pick this up another week?"'
            ),
            standby_support="Jess: I'll text her when I leave his office. Linda, my sponsor, is free that evening.",
            boundary_statements=(
                "\"I'd rather this stays between us; I'll tell others myself if I want to.\"\n"
                "\"I'm not ready to talk about the past, but I'm happy to talk about how I'm doing now.\""
            ),
            if_it_goes_badly=(
                "Thank him and leave. Call Jess or Linda on the way to the car. Go to my Monday meeting. One "
                "conversation doesn't decide my place in the church; I can work out next steps with Maya."
            ),
            rehearsals=[
                rehearsal(
                    110,
                    "Maya plays Pastor Yoon, who answers warmly and asks how he can help.",
                    [SUPPORTIVE],
                    3,
                    6,
                ),
                rehearsal(
                    104,
                    'Maya plays a pastor who answers awkwardly, "Have you prayed about it?", and changes the subject.',
                    [DISMISSIVE, CURIOUS],
                    4,
                    6,
                    'Alex practised: "I do pray, and therapy and my group help too."',
                ),
                rehearsal(
                    100,
                    "The whole conversation, start to finish, once with each version of the pastor.",
                    [SUPPORTIVE, DISMISSIVE],
                    6,
                    8,
                    "Alex felt ready for either answer.",
                ),
            ],
            debriefs=[
                debrief(
                    93,
                    Outcome.WENT_WELL,
                    (
                        "Alex met Pastor Yoon in his office on a Tuesday and used most of her script. Once the first "
                        "sentence was out, it was easier than she had feared."
                    ),
                    (
                        "He thanked her for trusting him, said recovery takes courage, and asked how he could help. "
                        "He invited her onto the Sunday coffee hour team."
                    ),
                    (
                        "Asking for a different role, instead of quietly stepping back, kept her in her community. "
                        "Her fear of judgment was bigger than what happened."
                    ),
                    "Start on the coffee hour team next month. Alex may tell her cousin Grace how it went.",
                    ally_stage_after=AllyStage.APPROACHED,
                ),
            ],
        ),
        disclosure_plan(
            DisclosureSetting.SCHOOL,
            DisclosureLevel.SECRECY,
            5,
            [
                step(15, CONSIDERING),
                step(13, REHEARSING),
                step(8, READY),
                step(
                    3,
                    REHEARSING,
                    "Alex asked to step back to rehearsing: this is the week of the anniversary of her uncle's "
                    "death, and she would rather have this conversation when she feels steadier. The plan stays, "
                    "with no deadline; the accessibility office is there if the assignment comes first.",
                ),
            ],
            to="Professor Hughes",
            reasons=(
                "I may need a few extra days on the next assignment. I want to ask for that without telling him "
                "about my recovery: school is one place where I'd like to keep it private."
            ),
            benefits="An extension without falling behind. Keeping school a place where I'm just a student.",
            costs_risks=(
                "He might ask for details or a note. If I'm vague he might think I'm making excuses. After what a "
                "classmate said about people in recovery, I don't want it known in class."
            ),
            testing_the_person=(
                "He gave another student an extension after a family emergency without any fuss. His syllabus "
                "points to the student accessibility office."
            ),
            share_what=(
                "That I'm dealing with a health issue this month that affects my energy, and that I'm keeping up."
            ),
            keep_private="My recovery and anything about alcohol. The anniversary. Everything else about my health.",
            when_where="His office hours after Thursday class, or a short email if office hours are busy.",
            script=(
                "Professor Hughes, I'm dealing with a health issue this month that's affecting my energy. I'm "
                "keeping up, but I may need a few extra days on the next assignment. Could we arrange that?"
            ),
            exit_lines=('"Thanks, I\'ll follow up by email."\n"I need to catch my bus, but thank you for your time."'),
            standby_support="Jess, by text after class. Linda, if it stirs up cravings.",
            boundary_statements=(
                "\"I'd rather keep that private, but I'm getting support.\"\n"
                '"If you need documentation, I can go through the accessibility office."'
            ),
            if_it_goes_badly=(
                "Go through the accessibility office instead; that's what it's for. Text Jess. Write it down in my "
                "recovery journal and bring it to Maya."
            ),
            rehearsals=[
                rehearsal(
                    13,
                    "Maya plays Professor Hughes after class; Alex asks for a few extra days in two sentences.",
                    [SUPPORTIVE],
                    3,
                    5,
                ),
                rehearsal(
                    10,
                    'The professor asks, "What kind of health issue?" Alex practises keeping it private.',
                    [CURIOUS],
                    4,
                    6,
                    "After the classmate's comment, Alex wanted to be ready for questions. Her answer stayed short.",
                ),
                rehearsal(
                    8,
                    'A rushed office hour: the professor says extensions are "usually for real emergencies".',
                    [DISMISSIVE, CURIOUS],
                    5,
                    7,
                    "Alex stayed calm and named the accessibility office as her next step.",
                ),
            ],
        ),
    ],
    # Riverbend. Taylor: told his online gaming group (and wrote his own debrief in the portal); ready to tell
    # his new doctor.
    "Taylor Brooks": [
        disclosure_plan(
            DisclosureSetting.ONLINE,
            DisclosureLevel.INDISCRIMINATE,
            8,
            [step(45, CONSIDERING), step(38, REHEARSING), step(30, READY), step(6, DISCLOSED)],
            audience="My online gaming group",
            shared=38,
            reasons=(
                "I keep dropping out of voice chat halfway through a raid and blaming my internet. I'm tired of "
                "covering. I don't need to tell anyone in particular; I just want to stop pretending."
            ),
            benefits=(
                "Not having to make things up. Leaving a game when I need to without it being a big deal. Maybe "
                "someone else in the group gets it."
            ),
            costs_risks=(
                "Some people online joke about everything. Someone might bring it up in a public channel. I can't "
                "control who hears it in voice chat."
            ),
            testing_the_person=(
                "Remember how the group reacted when Reese said he was taking a break for his mental health last "
                "spring. Most people were kind about it."
            ),
            share_what=(
                "That I live with anxiety, and that sometimes I need to step out of a game. That it's not about them."
            ),
            keep_private="My therapy, my family, anything about school. My real name stays off the server.",
            when_where=(
                "In voice chat at the start of our Friday session, before we queue up. Or in the group chat, if "
                "voice feels like too much."
            ),
            script=(
                "Hey, quick thing before we start. I live with anxiety, and some nights I need to step out of "
                "voice chat for a bit. If I drop, it's not the internet and it's not you. I'll come back when I can."
            ),
            exit_lines='"Anyway, let\'s play."\n"Taking five, back soon." Muting and logging off is always okay.',
            standby_support="Marcus is home on Fridays. Mom, by phone.",
            boundary_statements=(
                '"I\'m not going to get into details, but thanks for asking."\n'
                '"Not cool. Drop it." And the mute button.'
            ),
            if_it_goes_badly=(
                "Log off. Knock on Marcus's door or play guitar for a bit. Do the 5-4-3-2-1 grounding exercise. "
                "Tell Sam at the next session; the server's moderators can deal with anyone who harasses me."
            ),
            rehearsals=[
                rehearsal(
                    38,
                    "Sam plays the group in voice chat; Taylor says his opening lines before a game.",
                    [SUPPORTIVE, CURIOUS],
                    3,
                    5,
                ),
                rehearsal(
                    33,
                    'Someone answers "lol just chill", and another player makes a joke about it.',
                    [DISMISSIVE, HOSTILE],
                    4,
                    6,
                    "Taylor practised one short reply, then muting. Getting back to the game works as an exit too.",
                ),
                rehearsal(
                    30,
                    "Typing it in the group chat instead, and answering a curious question.",
                    [CURIOUS, SUPPORTIVE],
                    6,
                    8,
                ),
            ],
            debriefs=[
                debrief(
                    4,
                    Outcome.MIXED,
                    "I said it at the start of Friday's session, pretty much like the script. My voice shook a bit "
                    "but I got it out.",
                    (
                        'Most people said "cool" or "thanks for telling us". Reese messaged me after to say he gets '
                        'it. One guy made a joke; I said "drop it" and he did.'
                    ),
                    (
                        "I don't need everyone to get it. Stepping out on Sunday without making an excuse felt "
                        "really good."
                    ),
                    "Talk with Sam about the joke.",
                    by_client=True,
                ),
            ],
        ),
        disclosure_plan(
            DisclosureSetting.HEALTHCARE,
            DisclosureLevel.SELECTIVE,
            7,
            [step(30, CONSIDERING), step(21, REHEARSING), step(14, READY)],
            audience="The new doctor at student health",
            shared=21,
            reasons=(
                "I'm moving my care to the student health centre and want my new doctor to know about my anxiety, "
                "so we can talk about what helps with the mornings."
            ),
            benefits="Care that fits. Not starting from scratch on a bad day. Maybe some ideas for sleep.",
            costs_risks=(
                "I worry it goes in a file the college can see. I worry the doctor will only talk about "
                "medication, or that the appointment will feel rushed."
            ),
            testing_the_person=(
                "Read the student health page on confidentiality. Ask at the front desk whether records are shared "
                "with the college (they aren't, without my consent)."
            ),
            share_what=(
                "That I live with anxiety, that I see a therapist at Riverbend, what mornings are like, and what "
                "I've already tried."
            ),
            keep_private="Family things. I can ask what goes in the record before I say more.",
            when_where="My first appointment at student health, next week. A morning slot, after breakfast.",
            script=(
                "Before we start, I want to tell you I live with anxiety. I see a therapist, Sam Delgado at "
                "Riverbend. Mornings are the hardest: my heart races and it's hard to leave my room. I'd like to "
                "talk about all the options."
            ),
            exit_lines='"Can I think about that and come back to it?"\n"I\'d like to stop here for today."',
            standby_support="Mom: she asked me to call when I'm out. Marcus will be home.",
            boundary_statements=(
                '"I\'d rather not go into my family history today."\n'
                '"Please check with me before sharing anything with the college."'
            ),
            if_it_goes_badly="It's okay to ask for a different doctor. Call Mom. Write down what happened for Sam.",
            rehearsals=[
                rehearsal(
                    21,
                    "Sam plays a rushed doctor with five minutes left in the appointment.",
                    [CURIOUS, DISMISSIVE],
                    4,
                    6,
                ),
                rehearsal(
                    16,
                    "Sam plays a warm doctor who asks a lot of questions about sleep.",
                    [SUPPORTIVE, CURIOUS],
                    6,
                    8,
                    "Taylor wrote his three main points in his phone to read from. That helped.",
                ),
            ],
        ),
    ],
    # Lakeside. Rosa: hablar con el padre Miguel salió bien; ahora piensa, sin prisa, en compartir su
    # experiencia con el grupo de mujeres.
    "Rosa Elena Martínez": [
        disclosure_plan(
            DisclosureSetting.COMMUNITY,
            DisclosureLevel.SELECTIVE,
            8,
            [step(60, CONSIDERING), step(44, REHEARSING), step(30, READY), step(25, DISCLOSED), step(23, REFLECTED)],
            to="Padre Miguel",
            shared=44,
            reasons=(
                "Mi fe es muy importante para mí y el padre Miguel me conoce desde hace años. Quiero que sepa que "
                "estoy en tratamiento por depresión, para no tener que esconderlo en la parroquia."
            ),
            benefits=(
                "Sentirme acompañada en mi fe. Que entienda por qué a veces falto al coro. Tal vez, con el tiempo, "
                "ayudar a otras mujeres."
            ),
            costs_risks=(
                "Tengo miedo de que piense que es falta de fe. Que otras personas de la parroquia se enteren antes "
                "de que yo quiera contarlo."
            ),
            testing_the_person=(
                "En una homilía habló de cuidar la salud del cuerpo y del alma. Le pregunté qué pensaba de la gente "
                "que va a terapia y me dijo que Dios también obra por medio de los médicos."
            ),
            share_what="Que vivo con depresión, que voy a terapia y tomo medicamento, y que mi fe me ayuda.",
            keep_private='Los detalles de los días más difíciles. Lo que decía mi familia de los "nervios".',
            when_where="Después de la misa del martes, en la sacristía, cuando hay poca gente.",
            script=(
                "Padre, quería contarle que estoy en tratamiento por depresión. Mi fe me ayuda mucho, y la terapia "
                "también. Me gustaría que me siga acompañando."
            ),
            exit_lines='"Gracias por escucharme, padre. Ya me tengo que ir."\n"Lo platicamos otro día, si le parece."',
            standby_support="Lucía: le mando un mensaje al salir. Mi comadre Lupe.",
            boundary_statements=(
                '"Prefiero que esto quede entre nosotros."\n"Para mí, la terapia y la oración van juntas."'
            ),
            if_it_goes_badly=(
                "Despedirme con calma. Llamar a Lucía. Rezar el rosario en casa y contárselo a Ana en la próxima "
                "cita. Una reacción difícil no cambia mi fe."
            ),
            rehearsals=[
                rehearsal(
                    44,
                    "Ana hace del padre Miguel, que responde con cariño y pregunta cómo puede ayudar.",
                    [SUPPORTIVE],
                    3,
                    6,
                ),
                rehearsal(
                    37,
                    'Ana hace de un sacerdote que responde: "¿Has rezado lo suficiente?"',
                    [DISMISSIVE, CURIOUS],
                    4,
                    6,
                    'Rosa practicó: "Rezo todos los días, y la terapia también me ayuda."',
                ),
                rehearsal(
                    30,
                    "La conversación completa, en voz alta, de principio a fin.",
                    [SUPPORTIVE, CURIOUS],
                    6,
                    8,
                    "Rosa se sintió lista para cualquiera de las dos respuestas.",
                ),
            ],
            debriefs=[
                debrief(
                    23,
                    Outcome.WENT_WELL,
                    (
                        "Rosa habló con el padre Miguel después de la misa del martes. Usó su guion; dice que la voz "
                        "le tembló al principio, pero siguió."
                    ),
                    (
                        "La escuchó con cariño, le dijo que pedir ayuda también es un acto de fe y se ofreció a "
                        "visitarla en casa."
                    ),
                    (
                        "Rosa se sintió escuchada. Aprendió que puede hablar de la depresión sin vergüenza, y que su "
                        "fe y la terapia pueden ir juntas."
                    ),
                    "Decidir, sin prisa, si quiere compartir su experiencia en el grupo de mujeres de la parroquia.",
                    ally_stage_after=AllyStage.APPROACHED,
                ),
            ],
        ),
        disclosure_plan(
            DisclosureSetting.COMMUNITY,
            DisclosureLevel.BROADCASTING,
            4,
            [step(20, CONSIDERING)],
            audience="El grupo de mujeres de la parroquia",
            shared=16,
            client_readiness=(5, 4),
            reasons=(
                "En el grupo hay mujeres que viven lo mismo y no lo dicen. Si yo hablo, tal vez otras no se sientan "
                "solas. Pero todavía no sé si quiero hacerlo, y no tengo que decidirlo ya."
            ),
            benefits=(
                "Ayudar a otras mujeres. Practicar a hablar de la depresión con claridad, como quiero hacerlo con "
                "mis hijas."
            ),
            costs_risks=(
                "Se enteraría todo el grupo, y algunas son muy platicadoras. Puede cansarme, como cuando le expliqué "
                "la depresión a toda la familia a la vez."
            ),
            testing_the_person=(
                "Fijarme en cómo reacciona el grupo cuando se habla de salud. El padre Miguel apoya la idea."
            ),
            share_what="Mi experiencia: qué sentía, cómo pedí ayuda y qué me ayuda ahora. Un mensaje de esperanza.",
            keep_private="Los nombres de mi familia. Los días más difíciles. Mis medicinas.",
            when_where=(
                "Quizá en una reunión del grupo después de la Cuaresma, con el padre Miguel presente. Sin fecha."
            ),
            script=(
                'Primer borrador: "Hermanas, quiero compartir algo. Vivo con depresión y estoy en tratamiento. '
                "Durante mucho tiempo lo llamé 'nervios' y no pedí ayuda. Hoy sé que pedir ayuda es de valientes.\""
            ),
            exit_lines=(
                '"Gracias por escucharme. Si alguna quiere platicar, aquí estoy."\n'
                '"Hasta aquí lo quiero contar por hoy."'
            ),
            standby_support="Lucía me puede acompañar. Mi comadre Lupe también va al grupo.",
            boundary_statements=(
                '"Prefiero no hablar de mi familia."\n"No soy consejera, pero les puedo decir dónde pedir ayuda."'
            ),
            if_it_goes_badly=(
                "Irme a casa con Lucía. Descansar y no explicarle nada a nadie más ese día. Hablarlo con Ana."
            ),
        ),
    ],
    # Lakeside. Dan: ready to tell his cousin; stepped back from ready with his supervisor during a hard week.
    "Daniel Park": [
        disclosure_plan(
            DisclosureSetting.WORK,
            DisclosureLevel.SELECTIVE,
            5,
            [
                step(19, CONSIDERING),
                step(17, REHEARSING),
                step(13, READY),
                step(
                    2,
                    REHEARSING,
                    "A hard week: several missed doses and little sleep. Dan would rather talk with Rick once his "
                    "sleep and medication are steady again. He keeps the plan and will pick the date; stepping back "
                    "is part of looking after himself.",
                ),
            ],
            to="Rick",
            reasons=(
                "Night shifts make it hard to keep my sleep and medication steady. I want to ask to go back to days "
                "before it affects my health or my work."
            ),
            benefits=(
                "A steadier routine. Keeping a job I've been good at for eight years. Not having to hide why nights "
                "are hard."
            ),
            costs_risks=(
                "Rick might see me differently if he knew the diagnosis; I saw a coworker treated unfairly after "
                "people found out about his. He might say no."
            ),
            testing_the_person=(
                "Rick was fair when a coworker needed time off for his back. Listen to how he talks about the "
                "employee assistance program."
            ),
            share_what=(
                "That I have a health condition and night shifts make it hard to keep it steady. That I've been "
                "reliable for eight years and want to stay that way."
            ),
            keep_private="The diagnosis. My medication. The clubhouse.",
            when_where="In his office at the start of a shift, not out on the floor. Once things settle.",
            script=(
                "Rick, can we talk about my schedule? I have a health condition, and night shifts make it hard to "
                "keep it steady. I've been reliable for eight years and I want to keep it that way. Could I move "
                "back to days, or at least a fixed rotation?"
            ),
            exit_lines=(
                '"You don\'t have to answer now. Can we talk again Friday?"\n"Thanks. I need to get to my station."'
            ),
            standby_support="Tomás: I'll call him on my break. Mom, after the shift.",
            boundary_statements=(
                "\"It's a health condition; I'd rather keep the details private.\"\n"
                '"I can get a note from my doctor if HR needs one."'
            ),
            if_it_goes_badly=(
                "Ask HR about a formal accommodation instead; Lee shared the information. Call Tomás. Keep my "
                "medication routine, whatever happens."
            ),
            rehearsals=[
                rehearsal(
                    17,
                    "Lee plays Rick at the start of a shift; Dan asks to move back to days.",
                    [SUPPORTIVE, CURIOUS],
                    3,
                    5,
                ),
                rehearsal(
                    13,
                    'Rick asks, "What\'s the condition?", and says nights are just for the season.',
                    [CURIOUS, DISMISSIVE],
                    5,
                    7,
                    "Dan kept the diagnosis private and offered a doctor's note instead. He felt steady.",
                ),
            ],
        ),
        disclosure_plan(
            DisclosureSetting.FAMILY,
            DisclosureLevel.SELECTIVE,
            8,
            [step(75, CONSIDERING), step(62, REHEARSING), step(48, READY)],
            audience="My cousin Eugene",
            reasons=(
                "Mom is visiting her sister in Korea for a month this summer. I'd like Eugene to know enough to "
                "help if I need it while she's away."
            ),
            benefits="A second person in the family who understands. Mom can travel without worrying.",
            costs_risks=(
                "Some relatives feel this should stay quiet; Eugene might tell his mom. He might start treating me "
                "as if I'm fragile."
            ),
            testing_the_person=(
                "Eugene talked kindly about a college friend who takes medication for depression. He has never "
                "made jokes about mental health."
            ),
            share_what=(
                "That I live with schizophrenia, that it's been steady for years with medication and the "
                "clubhouse, what my early warning signs look like, and what helps."
            ),
            keep_private="My hospital stays before I started at the warehouse. Anything Mom wouldn't want shared.",
            when_where="Sunday dinner at Mom's, after we eat, with Mom there. Before she books her flight.",
            script=(
                "Eugene, Mom's going to Korea this summer, and I want to tell you something so you know how to help "
                "if I need it. I live with schizophrenia. It's been steady for years with medication and the "
                "clubhouse. If I'm sleeping in the day or not answering calls, could you check on me and ask if "
                "I've taken my medication?"
            ),
            exit_lines='"That\'s all I wanted to say. Let\'s have dessert."\n"We can talk more another time."',
            standby_support="Mom, at the table. Tomás, by phone afterwards.",
            boundary_statements=(
                '"Please keep this between us. I\'ll tell other relatives myself if I want to."\n'
                "\"I'm the same person you've always known.\""
            ),
            if_it_goes_badly=(
                "Mom can help explain. I can leave and call Tomás. Tell Lee at the next session. Mom and I can "
                "make another plan for the summer."
            ),
            rehearsals=[
                rehearsal(
                    62,
                    "Lee plays Eugene, who listens and asks what schizophrenia means day to day.",
                    [CURIOUS, SUPPORTIVE],
                    3,
                    6,
                ),
                rehearsal(
                    55,
                    'Eugene says, "But you seem fine. Are you sure?"',
                    [DISMISSIVE, CURIOUS],
                    5,
                    7,
                    "Dan explained that steady is what treatment looks like when it works.",
                ),
                rehearsal(
                    48,
                    "A full run-through, with his mom joining the session.",
                    [SUPPORTIVE],
                    7,
                    8,
                    "Sun-hee offered to start the conversation with her travel dates.",
                ),
            ],
        ),
    ],
    # Lakeside. Imani: telling her thesis advisor went well; she has just posted a poem about living with PTSD.
    "Imani Johnson": [
        disclosure_plan(
            DisclosureSetting.SCHOOL,
            DisclosureLevel.SELECTIVE,
            8,
            [step(55, CONSIDERING), step(40, REHEARSING), step(26, READY), step(21, DISCLOSED), step(19, REFLECTED)],
            to="Professor Okoye",
            reasons=(
                "I have an accommodation through the accessibility office, and I want to tell my advisor about it "
                "myself, so it's on my terms."
            ),
            benefits=(
                "A plan for deadlines that works with PTSD instead of against it. Not having to explain in the "
                "middle of a hard week."
            ),
            costs_risks=(
                "She might see me as less capable or treat the thesis differently. After a classmate questioned my "
                "accommodations, I'm tired of defending them."
            ),
            testing_the_person=(
                "She mentioned in seminar that she has supported other students with accommodations. She is "
                "careful with language about race and health."
            ),
            share_what=(
                "That I have an accommodation, that some weeks I need more structure around deadlines, and that "
                "I'm committed to the thesis."
            ),
            keep_private="My history and what the PTSD is about. The diagnosis itself, unless I choose to name it.",
            when_where="Her office hours on a Wednesday morning, with the accommodation letter in hand.",
            script=(
                "Professor Okoye, I have an accommodation through the accessibility office and wanted to tell you "
                "myself. Some weeks I'll need more structure around deadlines. I'm committed to the thesis and I'd "
                "like to plan milestones with you."
            ),
            exit_lines='"Could we set our next check-in before I go?"\n"Thanks, I\'ll email you the milestones."',
            standby_support="Bree, who'll meet me for coffee afterwards. Aunt Denise, by phone.",
            boundary_statements=(
                '"The letter covers what you need to know; the rest I keep private."\n'
                '"I\'d like us to focus on the plan for the thesis."'
            ),
            if_it_goes_badly=(
                "Go back to the accessibility office; they can talk with her. Box breathing and a walk with Bree. "
                "Bring it to Lee."
            ),
            rehearsals=[
                rehearsal(40, "Lee plays the professor; Imani leads with the letter.", [SUPPORTIVE], 4, 6),
                rehearsal(
                    33,
                    'The professor asks, "What is the accommodation for?"',
                    [CURIOUS, DISMISSIVE],
                    5,
                    7,
                    "Imani practised keeping her history private without apologising.",
                ),
                rehearsal(
                    26,
                    "A full run-through, ending with setting milestones together.",
                    [SUPPORTIVE, CURIOUS],
                    7,
                    9,
                ),
            ],
            debriefs=[
                debrief(
                    19,
                    Outcome.WENT_WELL,
                    (
                        "Imani met Professor Okoye in office hours, led with the accommodation letter, and kept her "
                        "history private, as planned."
                    ),
                    (
                        "The professor thanked her for telling her directly and offered a milestone check-in every "
                        "two weeks."
                    ),
                    (
                        "Leading with what she needs, not her history, kept the conversation focused. Sharing "
                        "selectively was enough."
                    ),
                    "First milestone check-in in two weeks. Notice whether the structure helps in harder weeks.",
                    ally_stage_after=AllyStage.APPROACHED,
                ),
            ],
        ),
        disclosure_plan(
            DisclosureSetting.ONLINE,
            DisclosureLevel.BROADCASTING,
            8,
            [step(32, CONSIDERING), step(24, REHEARSING), step(12, READY), step(3, DISCLOSED)],
            audience="Readers of my poetry page",
            shared=24,
            reasons=(
                "I want to post a poem about living with PTSD. Poetry is how I make sense of things, and I want "
                "other Black women on campus to see that healing is possible, out loud."
            ),
            benefits=(
                "Using my voice on purpose. Maybe reaching someone who feels alone. Owning my story instead of "
                "people guessing."
            ),
            costs_risks=(
                "Once it's online I can't fully take it back. Strangers might comment. Future employers might see "
                "it. I don't want to become the person everyone brings their stress to, again."
            ),
            testing_the_person=(
                "Look at how readers answered other poets on the page who wrote about mental health: mostly warm. "
                "Check who follows the page."
            ),
            share_what="That I live with PTSD, and what healing has looked like. The feelings, not the events.",
            keep_private="What happened. Names and places. My family's story.",
            when_where="Post on a Sunday afternoon, when Bree is home and I can put my phone down afterwards.",
            script=(
                'Caption: "This one is about living with PTSD, and about the mornings that get a little lighter. '
                "I'm sharing it because I needed to read something like it once. Please be kind in the comments.\""
            ),
            exit_lines=(
                "Turn comments off, or notifications off for a day.\n"
                '"Thank you for reading. I\'m not taking questions about the details."'
            ),
            standby_support="Bree, at home that afternoon. Aunt Denise.",
            boundary_statements=(
                '"I share the poem, not the story behind it."\nDeleting comments that ask for details or are unkind.'
            ),
            if_it_goes_badly=(
                "Hide or delete the post; that's allowed. Phone away, box breathing, something cold to hold. Call "
                "Bree or Aunt Denise. Bring it to Lee."
            ),
            rehearsals=[
                rehearsal(
                    24,
                    "Imani reads the poem aloud to Lee, then reads some imagined comments.",
                    [SUPPORTIVE, CURIOUS],
                    4,
                    6,
                ),
                rehearsal(
                    17,
                    "Imagined comments that ask what happened, or say she is oversharing.",
                    [CURIOUS, DISMISSIVE, HOSTILE],
                    5,
                    7,
                    "Practised deleting and not replying; that is a complete answer too.",
                ),
                rehearsal(
                    12,
                    "Writing the caption and planning the afternoon after posting.",
                    [SUPPORTIVE],
                    7,
                    8,
                ),
            ],
        ),
    ],
    # Lakeside. Luis: por ahora prefiere no ver a sus antiguos compañeros, y es una decisión respetada.
    "Luis Alberto Ramírez": [
        disclosure_plan(
            DisclosureSetting.COMMUNITY,
            DisclosureLevel.SOCIAL_AVOIDANCE,
            2,
            [step(6, CONSIDERING)],
            audience="Mis antiguos compañeros del taller",
            reasons=(
                "Desde que cerró el taller no he querido ver a los compañeros. Me da pena no tener trabajo y que me "
                "vean triste. Por ahora prefiero no verlos, y está bien."
            ),
            benefits="Si algún día les cuento, quizá me ayuden a buscar trabajo. Extraño la plática y el futbol.",
            costs_risks=(
                "Que me pregunten por qué no he encontrado trabajo. Ahorita no tengo energía para dar explicaciones."
            ),
            testing_the_person=(
                "Ver cómo hablan en el chat del grupo de otro compañero que también se quedó sin trabajo."
            ),
            share_what="Todavía no lo sé. Tal vez solo que estoy pasando por un momento difícil.",
            keep_private="Que voy a terapia. Lo de mi salud.",
            when_where=(
                "Sin fecha. Los antiguos compañeros hacen una carne asada el mes que viene; Luis decidirá si va."
            ),
            script=(
                'Borrador: "Ha sido un tiempo difícil desde que cerró el taller. Me estoy cuidando y poco a poco me '
                'siento mejor."'
            ),
            exit_lines='"Bueno, me tengo que ir. Saludos a todos."',
            standby_support="Marco, mi hermano.",
            boundary_statements='"Prefiero no hablar de eso ahorita."',
            if_it_goes_badly="Irme a casa, llamar a Marco y hablarlo con Ana en la próxima cita.",
        ),
    ],
}
