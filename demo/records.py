"""Each demo client's record: intake, support network, safety plan, check-ins."""

import datetime

from clients.models import (
    AllyStage,
    Awareness,
    Relationship,
)

from .clinics import HIGH, LOW, MEDIUM, OK, TOO_MUCH, check_in, person

RECORDS = {
    # Riverbend. Jordan: a person living with bipolar disorder; safety plan not reviewed in 30+ days.
    "Jordan Avery Lee": {
        "known": 160,
        "intake": 150,
        "born": (27, 3, 14),
        "profile": {
            "email": "jordan@riverbend.example",
            "phone": "(617) 555-0142",
            "allow_email": True,
            "email_is_safe": True,
            "allow_text": True,
            "text_is_safe": True,
            "allow_phone": False,
            "allow_in_app": True,
            "quiet_hours_start": datetime.time(22, 0),
            "quiet_hours_end": datetime.time(8, 0),
            "discreet_wording": False,
            "cultural_considerations": (
                "Grew up in a Korean and Irish American family where mental health was rarely talked about. "
                "Jordan wants to decide what their parents hear, and when. Prefers plain words to clinical terms."
            ),
            "identity_race_ethnicity": "Mixed: Korean and Irish American",
            "identity_gender": "Nonbinary",
            "identity_sexuality": "Queer",
            "identity_disability": "Living with bipolar disorder. It's part of my health, not who I am.",
            "identity_other": "Bookseller, zine maker",
            "accessibility_needs": (
                "A short written summary after sessions helps; concentration dips when sleep is off. "
                "Afternoon appointments work best."
            ),
            "strengths": (
                "Notices early changes in sleep and mood and says so. Funny and creative; keeps a zine journal. "
                "Close to their sister. Has kept a steady routine at work for over a year."
            ),
        },
        "support_people": [
            person(
                "Min-ji",
                Relationship.FAMILY,
                "older sister",
                Awareness.MOST,
                AllyStage.ALLY,
                added=140,
                shared=True,
                script=(
                    "Min-ji, you already know most of this, and I'm so grateful you've stuck with me. "
                    "What helps most when my mood starts to shift is a quick text rather than a lot of questions, "
                    'like "Thinking of you, noodles on Sunday?" If I go quiet for more than two days, please call.\n'
                    "Please don't tell Mom and Dad the details yet. I want to tell them myself when I'm ready."
                ),
                role_play=(
                    "Practised asking for check-ins without feeling like a burden. Jordan noticed they start by "
                    "apologising; opening with thanks instead felt better. Min-ji has offered to be the first call "
                    "on the safety plan."
                ),
            ),
            person(
                "Dev",
                Relationship.COWORKER,
                "shift lead at the bookshop",
                Awareness.A_LITTLE,
                AllyStage.APPROACHED,
                added=90,
                shared=True,
                script=(
                    "Dev, can I ask you about the schedule? Keeping my shifts at about the same times each week "
                    "really helps my health. I'm managing a health condition and a steady sleep routine is a big "
                    "part of that. I don't need to go into details. Could we avoid a closing shift followed by an "
                    "opening one?"
                ),
                role_play=(
                    "Role-played with Maya as Dev. Jordan chose to say it is a health condition without naming it, "
                    "and to keep to one concrete ask. Dev agreed to fixed shifts for now. Next step: thank Dev, and "
                    "decide whether to share more, which is entirely Jordan's call."
                ),
            ),
            person(
                "Kai",
                Relationship.PEER,
                "friend from the Thursday peer support group",
                Awareness.MOST,
                AllyStage.ALLY,
                added=2,
                script=(
                    "Kai, you get it in a way other people don't. Could we keep walking together after group on "
                    "Thursdays? And if you notice me talking really fast or skipping sleep, please tell me. "
                    "I'd rather hear it from you."
                ),
                role_play=(
                    "Not role-played; Jordan says this one feels easy. Next session: what Jordan would like Kai to "
                    "do if Kai notices early signs."
                ),
            ),
            person(
                "Michael",
                Relationship.FAMILY,
                "my dad",
                Awareness.NOTHING,
                AllyStage.POTENTIAL,
                added=60,
                script=(
                    "Dad, there's something about my health I'd like you to know. I've been seeing a therapist, and "
                    "I'm living with bipolar disorder. I'm doing okay: I have a plan and good people around me. "
                    "I'm not asking you to fix anything. I'd just like you to know, and to ask how I'm doing "
                    "sometimes."
                ),
                role_play=(
                    "A first draft. Jordan worries their dad will see it as weakness, as some relatives did when an "
                    "uncle needed care. Practised staying steady if his first reaction is silence. Jordan wants "
                    "Min-ji's support first and has not set a date; there is no rush."
                ),
            ),
        ],
        "safety_plan": {
            "created": 140,
            "warning_signs": (
                "Sleeping less than five hours and not feeling tired. Talking fast and starting lots of projects "
                "at once. Or the other way: staying in bed, not answering texts, feeling like I'm a burden."
            ),
            "coping_on_my_own": (
                "Phone on the kitchen charger at 11pm. Lie down with my sleep playlist. Draw or make a zine page. "
                "Shower and make tea. Write the racing thoughts down so they're out of my head."
            ),
            "distraction_people_places": (
                "The bookshop on a quiet afternoon. The community garden on Saturdays. Walking with Kai after "
                "Thursday group. The zine corner at the library."
            ),
            "people_to_ask": "Min-ji, my sister: call or text any time. Kai: text in the evenings.",
            "professionals": (
                "Maya Okafor, my therapist at Riverbend Community Clinic. Sam Delgado on my care team. "
                "Dr. Feld, my psychiatrist, for medication questions."
            ),
            "safe_environment": (
                "Min-ji keeps my extra medication and brings me a week at a time. When I'm not sleeping, my car "
                "keys stay with her. I don't keep alcohol at home."
            ),
            "reasons_for_living": (
                "Min-ji and my niece Hana. My cat, Pickle. Finishing the zine about our neighbourhood. The people "
                "at Thursday group. I want to meet the person I'll be at 30."
            ),
        },
        "check_ins": [
            check_in(
                45, 6, 0, LOW, True, OK, "Reviewed the safety plan together; Min-ji moved to the top of the list."
            ),
            check_in(
                38,
                5,
                1,
                MEDIUM,
                False,
                OK,
                "A customer made a dismissive joke about mental illness at the counter. Jordan stepped away calmly; "
                "we talked about not carrying it home.",
            ),
            check_in(31, 6, 0, LOW, False, OK, "Prepared the conversation with Dev about steady shifts."),
            check_in(24, 7, 0, LOW, False, OK, "Talked with Dev; fixed shifts agreed for now. Jordan proud of it."),
            check_in(
                17,
                6,
                2,
                MEDIUM,
                False,
                TOO_MUCH,
                "Answering coworkers' questions about bipolar disorder in the group chat; tired of explaining. "
                'Practised "I\'d rather not get into it today."',
            ),
            check_in(
                6, 7, 0, LOW, False, OK, "Sleeping well. Wants to add Kai to the network. Safety plan review is due."
            ),
        ],
    },
    # Riverbend. Alex: in recovery from alcohol use disorder; high relapse risk at the last check-in.
    "Alexandra Kim": {
        "known": 200,
        "intake": 190,
        "born": (34, 9, 2),
        "profile": {
            "email": "alex.kim@example.com",
            "phone": "(617) 555-0178",
            "allow_email": False,
            "allow_text": True,
            "text_is_safe": True,
            "allow_phone": True,
            "allow_in_app": True,
            "quiet_hours_start": datetime.time(21, 0),
            "quiet_hours_end": datetime.time(7, 30),
            "discreet_wording": True,
            "cultural_considerations": (
                "Korean American; her church community matters a great deal to her. She interprets for her "
                "parents at their medical appointments, which takes time and energy. Avoid Wednesday evenings "
                "(church)."
            ),
            "identity_race_ethnicity": "Korean American",
            "identity_gender": "Woman",
            "identity_faith": "Presbyterian. Church is home.",
            "identity_other": "In recovery, almost two years; eldest daughter",
            "strengths": (
                "Almost two years in recovery from alcohol use disorder. Organised and reliable; keeps a recovery "
                "journal. A strong faith community. Studying accounting in the evenings, with good grades."
            ),
        },
        "support_people": [
            person(
                "Jess",
                Relationship.FRIEND,
                "best friend since college",
                Awareness.MOST,
                AllyStage.ALLY,
                added=180,
                script=(
                    "Jess, you've been there through all of it. When the cravings come back, the most useful thing "
                    "is if you come over or call and we do something ordinary: cook, watch a show. "
                    "You don't have to say anything wise."
                ),
                role_play=(
                    "Practised asking directly instead of hinting. Alex and Jess agreed that a text saying "
                    '"pancakes" means "I could use company tonight."'
                ),
            ),
            person(
                "Pastor Yoon",
                Relationship.COMMUNITY_LEADER,
                "pastor at my church",
                Awareness.SOME,
                AllyStage.APPROACHED,
                added=120,
                script=(
                    "Pastor Yoon, I'd like to tell you why I haven't been at the Friday fellowship dinners. "
                    "I'm in recovery from alcohol use disorder, and being around drinking is hard for me right now. "
                    "I'd love to stay involved. Could I help with Sunday coffee hour instead?"
                ),
                role_play=(
                    "Alex worried recovery would be seen as a moral failing at church. Practised with Maya playing "
                    "a pastor who answers warmly and one who answers awkwardly; Alex felt ready for both. She has "
                    "spoken with him; he was kind and asked how he could help."
                ),
            ),
            person(
                "Professor Hughes",
                Relationship.TEACHER,
                "instructor in my evening accounting class",
                Awareness.A_LITTLE,
                AllyStage.POTENTIAL,
                added=15,
                script=(
                    "Professor Hughes, I'm dealing with a health issue this month that's affecting my energy. "
                    "I'm keeping up, but I may need a few extra days on the next assignment. Could we arrange that?"
                ),
                role_play=(
                    "Alex wants to share as little as possible at school. Practised a short, matter-of-fact version "
                    "and an answer if asked for details: \"I'd rather keep that private, but I'm getting support.\""
                ),
            ),
        ],
        "safety_plan": {
            "created": 170,
            "warning_signs": (
                "Skipping meetings and telling myself I'm just busy. Driving past the liquor store. Feeling numb "
                "and not wanting to talk to anyone. The weeks around the anniversary of my uncle's death."
            ),
            "coping_on_my_own": (
                "Run along the river. Read my recovery journal from the first year. Play piano for twenty minutes. "
                "Pray or sit quietly. Cook a proper dinner instead of skipping it."
            ),
            "distraction_people_places": (
                "Sunday coffee hour at church. The gym on Tuesday nights. Jess's apartment. The bakery on Elm Street "
                "where I study."
            ),
            "people_to_ask": (
                'Jess: text "pancakes" or call. Linda, my sponsor: any time, day or night. My cousin Grace.'
            ),
            "professionals": (
                "Maya Okafor, my therapist at Riverbend Community Clinic. My home group meets Mondays and "
                "Thursdays at 7pm. Dr. Cho, my doctor."
            ),
            "safe_environment": (
                "No alcohol at home; Jess helped me clear it out. I don't go to the corner store after 9pm. "
                "My medication is in a weekly box and Grace keeps the rest."
            ),
            "reasons_for_living": (
                "My parents, who are so proud of me. Jess. Finishing my accounting certificate. My two-year chip "
                "this spring. Playing piano at church again."
            ),
        },
        "check_ins": [
            check_in(33, 7, 0, LOW, True, OK, "A steady month. Safety plan reviewed; no changes."),
            check_in(
                26,
                6,
                1,
                LOW,
                False,
                OK,
                "A coworker asked why she never drinks at team lunches; Alex used her practised answer and felt okay.",
            ),
            check_in(
                19,
                5,
                0,
                MEDIUM,
                False,
                TOO_MUCH,
                "Interpreting for her parents at several appointments this week; tired. Talked about asking her "
                "cousin Grace to share it.",
            ),
            check_in(
                12,
                4,
                2,
                MEDIUM,
                False,
                OK,
                "Hours cut at work. A classmate made a comment about people in recovery; Alex felt judged. "
                "Some cravings.",
            ),
            check_in(
                3,
                3,
                1,
                HIGH,
                True,
                TOO_MUCH,
                "The anniversary of her uncle's death is this week; he died by suicide when Alex was nineteen. "
                "Cravings are stronger. She called her sponsor before the session, which is a real strength. "
                "Went through the safety plan together; Jess and Linda are reachable. Follow-up call on Friday.",
            ),
        ],
    },
    # Riverbend. Taylor: intake still in progress (only pronouns and email so far).
    "Taylor Brooks": {
        "known": 70,
        "intake": 65,
        "profile": {"email": "taylor@riverbend.example"},
        "support_people": [
            person(
                "Marcus",
                Relationship.FRIEND,
                "roommate",
                Awareness.SOME,
                AllyStage.APPROACHED,
                added=50,
                shared=True,
                script=(
                    "Hey Marcus, can I tell you something? Some days my anxiety makes it really hard to leave my "
                    "room, and that's why I skipped game night. It's not about you. If you keep inviting me, "
                    "that helps, even if I say no sometimes."
                ),
                role_play=(
                    "Taylor worried Marcus would laugh it off. Practised with Sam and chose to keep it short and "
                    "light. He told Marcus two weeks ago; Marcus said his brother lives with anxiety too."
                ),
            ),
            person(
                "Ms. Patel",
                Relationship.TEACHER,
                "my academic advisor",
                Awareness.NOTHING,
                AllyStage.POTENTIAL,
                added=30,
                script=(
                    "Ms. Patel, presentations have been really hard for me because of anxiety. I'm getting help "
                    "for it. Are there options, like presenting to a smaller group or recording it?"
                ),
                role_play=(
                    "Not practised yet. Taylor wants to visit the college's accessibility office first, so the "
                    "conversation can be about options that already exist."
                ),
            ),
        ],
        "safety_plan": {
            "created": 49,
            "warning_signs": (
                "Not leaving my room for two days. Skipping class and then feeling too embarrassed to go back. "
                "Thinking I'm a burden to my mom."
            ),
            "coping_on_my_own": (
                "Play guitar. Walk around the block, even a short one. The 5-4-3-2-1 grounding exercise. "
                "Watch a comedy I know by heart."
            ),
            "distraction_people_places": (
                "The campus gym early in the morning when it's quiet. Game night with Marcus and his friends "
                "(I can leave early). Grandma's house on Sundays."
            ),
            "people_to_ask": "Mom: call her, she always picks up. Marcus, my roommate. My cousin Andre.",
            "professionals": (
                "Sam Delgado, my therapist at Riverbend Community Clinic. The campus counselling centre "
                "(walk-in hours Monday to Thursday)."
            ),
            "safe_environment": (
                "I gave my old prescriptions to Mom to take back to the pharmacy. I don't keep anything at the "
                "apartment that worries me."
            ),
            "reasons_for_living": (
                "My mom and my little sister Kayla. Getting better at guitar. Finishing my first year of college. "
                "Marcus and the guys."
            ),
        },
        "check_ins": [
            check_in(49, 4, 1, MEDIUM, True, OK, "Made the safety plan together. Taylor engaged and thoughtful."),
            check_in(35, 5, 0, LOW, False, OK, "Went to every class this week. Practised talking with Marcus."),
            check_in(
                21,
                5,
                2,
                MEDIUM,
                False,
                OK,
                "A professor joked about anxious students in front of the class. Taylor felt singled out though no "
                "one knew; talked about what to do with that feeling.",
            ),
            check_in(14, 6, 0, LOW, True, OK, "Told Marcus. Reviewed the safety plan and added Marcus to it."),
            check_in(
                7, 6, 0, LOW, False, OK, "Signed up for the open mic at the campus café. Intake to finish next time."
            ),
        ],
    },
    # Riverbend. Chris: discharged twelve days ago after a planned final session.
    "Christopher Morgan": {
        "known": 220,
        "intake": 215,
        "discharged": 12,
        "born": (45, 7, 19),
        "profile": {
            "email": "chris.morgan@example.com",
            "phone": "(617) 555-0133",
            "allow_email": True,
            "email_is_safe": True,
            "allow_phone": True,
            "allow_in_app": False,
            "discreet_wording": True,
            "cultural_considerations": (
                "Works in construction, where he says talking about feelings isn't the norm. "
                "Prefers practical, goal-focused sessions."
            ),
            "identity_disability": "Dyslexia",
            "identity_other": "Dad of two; union carpenter",
            "accessibility_needs": "Dyslexia: explain things out loud; keep written notes short, in large print.",
            "strengths": (
                "Determined and practical. Rebuilt his sleep routine. Very close to his kids. Asks for help once "
                "he has decided to."
            ),
        },
        "support_people": [
            person(
                "Mike",
                Relationship.FAMILY,
                "younger brother",
                Awareness.MOST,
                AllyStage.ALLY,
                added=200,
                script=(
                    "Mike, thanks for driving me to those first appointments. I'm finishing up at the clinic now. "
                    "If you see me pulling away like last winter, say something. I'll listen."
                ),
                role_play="Planned for after discharge: a monthly fishing trip with Mike doubles as a check-in.",
            ),
            person(
                "Tony",
                Relationship.COWORKER,
                "foreman on my crew",
                Awareness.A_LITTLE,
                AllyStage.APPROACHED,
                added=90,
                script=(
                    "Tony, I've been working on my health this year, my mental health included, and I'm doing a lot "
                    "better. If I ever need a day, I'll ask you straight out."
                ),
                role_play=(
                    "Chris chose not to say more than this. Practised an answer for when the crew jokes about "
                    'therapy: "It helped me. Might help you too."'
                ),
            ),
        ],
        "safety_plan": {
            "created": 150,
            "warning_signs": "Taking extra shifts so I don't have to go home. Snapping at the kids. Awake at 3am.",
            "coping_on_my_own": "Work on the boat in the garage. Walk the dog. The breathing exercise on my phone.",
            "distraction_people_places": "Mike's place. The kids' hockey games. The lake.",
            "people_to_ask": "Mike, my brother. Eddie from the union hall.",
            "professionals": "Riverbend Community Clinic: I can come back any time. Dr. Haynes, my doctor.",
            "safe_environment": "My hunting gear is locked up at Mike's house, and he keeps the key.",
            "reasons_for_living": "My kids, Ella and Ben. Finishing the boat with them. Being there for Mike.",
        },
        "check_ins": [
            check_in(40, 6, 0, LOW, False, OK, "Working on a plan for after discharge."),
            check_in(33, 7, 0, LOW, False, OK, "Sleep steady; back to coaching the kids' team."),
            check_in(26, 7, 1, LOW, False, OK, "The crew joked about therapy; Chris used his practised answer."),
            check_in(
                12,
                8,
                0,
                LOW,
                True,
                OK,
                "Final session. Reviewed the safety plan; Chris keeps a copy in his truck. Discharged, welcome back "
                "any time.",
            ),
        ],
    },
    # Lakeside. Rosa: una persona que vive con depresión; todo su expediente en español.
    "Rosa Elena Martínez": {
        "known": 180,
        "intake": 175,
        "born": (52, 6, 21),
        "profile": {
            "phone": "(213) 555-0119",
            "allow_email": False,
            "allow_text": True,
            "text_is_safe": True,
            "allow_phone": True,
            "allow_in_app": True,
            "quiet_hours_start": datetime.time(20, 0),
            "quiet_hours_end": datetime.time(9, 0),
            "discreet_wording": True,
            "cultural_considerations": (
                "Nació en Michoacán y vive en Estados Unidos desde hace veinticinco años. Prefiere hablar en "
                "español y que su fe tenga lugar en las sesiones. En su familia se hablaba de la depresión como "
                '"nervios"; ella quiere hablar de ella con más claridad con sus hijas.'
            ),
            "identity_race_ethnicity": "Mexicana",
            "identity_gender": "Mujer",
            "identity_faith": "Católica",
            "identity_other": "Madre y abuela; panadera",
            "accessibility_needs": "Lee mejor en papel que en pantalla: materiales impresos en español, letra grande.",
            "strengths": (
                "Trabajadora y muy cariñosa. Su fe le da esperanza. Tiene una relación cercana con su hija Lucía. "
                "Reconoce cuándo necesita descansar y ya empieza a pedirlo."
            ),
        },
        "support_people": [
            person(
                "Lucía",
                Relationship.FAMILY,
                "mi hija mayor",
                Awareness.MOST,
                AllyStage.ALLY,
                added=160,
                shared=True,
                script=(
                    "Lucía, gracias por acompañarme a las citas. Lo que más me ayuda cuando me siento triste es que "
                    "me llames por la tarde, aunque sean cinco minutos, y que salgamos a caminar el domingo. "
                    "No tienes que arreglar nada; con escucharme es suficiente."
                ),
                role_play=(
                    "Rosa practicó pedir ayuda sin disculparse. Lucía ya es una gran aliada y quiere aprender más "
                    "sobre la depresión; Ana le dio un folleto en español."
                ),
            ),
            person(
                "Padre Miguel",
                Relationship.COMMUNITY_LEADER,
                "el sacerdote de mi parroquia",
                Awareness.SOME,
                AllyStage.APPROACHED,
                added=120,
                shared=True,
                script=(
                    "Padre, quería contarle que estoy en tratamiento por depresión. Mi fe me ayuda mucho, y la "
                    "terapia también. Me gustaría que me siga acompañando y, si le parece, que hablemos de esto en "
                    "el grupo de mujeres, para que otras no se sientan solas."
                ),
                role_play=(
                    "Rosa temía que el padre lo viera como falta de fe. Ensayamos una respuesta cálida y otra "
                    "incómoda. Ya habló con él: la escuchó con cariño y se ofreció a visitarla. Falta decidir si "
                    "quiere hablar en el grupo de mujeres."
                ),
            ),
            person(
                "Carmen",
                Relationship.COWORKER,
                "mi compañera en la panadería",
                Awareness.A_LITTLE,
                AllyStage.POTENTIAL,
                added=40,
                script=(
                    "Carmen, a veces llego cansada porque estoy cuidando mi salud. Si alguna mañana me ves muy "
                    "callada, ¿me preguntas si quiero un café? Eso me ayuda."
                ),
                role_play="Todavía no lo ha hablado. Por ahora Rosa quiere compartir poco en el trabajo, y está bien.",
            ),
        ],
        "safety_plan": {
            "created": 150,
            "warning_signs": (
                "Cuando no tengo ganas de levantarme ni de cocinar. Cuando dejo de contestar las llamadas de mis "
                "hijas. Cuando pienso que soy una carga para mi familia."
            ),
            "coping_on_my_own": (
                "Rezar el rosario. Regar mis plantas y escuchar boleros. Hacer pan dulce, aunque sea poquito. "
                "Salir al patio a tomar el sol."
            ),
            "distraction_people_places": (
                "La misa del domingo y el café después. La casa de mi comadre Lupe. El parque con mis nietos."
            ),
            "people_to_ask": (
                "Mi hija Lucía (llamada o mensaje). Mi comadre Lupe. Mi hermana Teresa en Michoacán, por videollamada."
            ),
            "professionals": (
                "Ana Torres, mi terapeuta en Lakeside Wellness Collective. La Dra. Rivas, mi doctora de la "
                "clínica comunitaria."
            ),
            "safe_environment": (
                "Lucía guarda mis medicinas y me trae las de cada semana. No tengo en casa más pastillas de las que "
                "necesito."
            ),
            "reasons_for_living": (
                "Mis hijas y mis tres nietos. Ver a mi nieta hacer su primera comunión. Mi fe. Volver a Michoacán "
                "a visitar a mi hermana."
            ),
        },
        "check_ins": [
            check_in(
                37,
                4,
                1,
                MEDIUM,
                False,
                OK,
                "Rosa se siente cansada; un familiar le dijo que la depresión es falta de ganas. Hablamos de cómo "
                "responder y de cuidar su energía.",
            ),
            check_in(30, 5, 0, LOW, False, OK, "Preparamos la conversación con el padre Miguel."),
            check_in(23, 6, 0, LOW, False, OK, "Habló con el padre Miguel y se sintió escuchada."),
            check_in(
                16,
                6,
                0,
                LOW,
                False,
                TOO_MUCH,
                "Está explicando la depresión a varias personas de la familia a la vez y se siente agotada. "
                "Hablamos de elegir a quién contarle y cuándo.",
            ),
            check_in(
                9,
                7,
                0,
                LOW,
                True,
                OK,
                "Revisamos juntas el plan de seguridad; añadió a su hermana Teresa. Duerme mejor.",
            ),
        ],
    },
    # Lakeside. Dan: a person living with schizophrenia; high relapse risk at the last check-in.
    "Daniel Park": {
        "known": 300,
        "intake": 290,
        "born": (41, 11, 5),
        "profile": {
            "email": "dan.park@example.com",
            "phone": "(213) 555-0164",
            "allow_email": True,
            "email_is_safe": True,
            "allow_text": True,
            "text_is_safe": True,
            "allow_phone": True,
            "allow_in_app": True,
            "discreet_wording": True,
            "cultural_considerations": (
                "Korean American, second generation. Some relatives feel mental health should stay within the "
                "family; Dan values his mother's support and wants her involved in planning. Likes direct, "
                "step-by-step plans."
            ),
            "identity_race_ethnicity": "Korean American",
            "identity_gender": "Man",
            "identity_disability": "Living with schizophrenia. It's one part of my life.",
            "accessibility_needs": (
                "Mornings are slow with his medication: afternoon appointments. A printed copy of any plan. "
                "Noisy waiting rooms are hard; he may wait in the quiet room."
            ),
            "strengths": (
                "Eight years of steady work at the warehouse. Goes to the clubhouse every week and welcomes newer "
                "members. Honest about early warning signs. A good cook; makes Sunday dinner for his mom."
            ),
        },
        "support_people": [
            person(
                "Sun-hee",
                Relationship.FAMILY,
                "my mom",
                Awareness.MOST,
                AllyStage.ALLY,
                added=280,
                script=(
                    "Mom, thank you for always being there. If you notice I'm sleeping in the day and up all night, "
                    "or I stop calling, please ask me straight out whether I've taken my medication, and call Lee "
                    "with me. It helps when you stay calm and remind me I've come through this before."
                ),
                role_play=(
                    "Practised telling his mom what helps without adding to her worry. They agreed Sunday dinner is "
                    "a natural weekly check-in."
                ),
            ),
            person(
                "Tomás",
                Relationship.PEER,
                "peer specialist at the clubhouse",
                Awareness.MOST,
                AllyStage.ALLY,
                added=200,
                script=(
                    "Tomás, you've been where I am. Can I call you when things start getting noisy in my head, or "
                    "when I'm tempted to skip my meds? Talking with someone who gets it keeps me on track."
                ),
                role_play=(
                    "No role-play needed; they already talk every week. Dan is thinking about training as a peer "
                    "supporter himself one day."
                ),
            ),
            person(
                "Rick",
                Relationship.COWORKER,
                "supervisor on the night shift",
                Awareness.NOTHING,
                AllyStage.POTENTIAL,
                added=20,
                script=(
                    "Rick, can we talk about my schedule? I have a health condition, and night shifts make it hard "
                    "to keep it steady. I've been reliable for eight years and I want to keep it that way. Could I "
                    "move back to days, or at least a fixed rotation?"
                ),
                role_play=(
                    "Dan worries that mentioning mental health would change how Rick sees him; he saw a coworker "
                    "treated unfairly. Practised asking for the change as a health accommodation without naming the "
                    "diagnosis. Lee shared information on workplace accommodations. Dan will decide when things "
                    "settle."
                ),
            ),
        ],
        "safety_plan": {
            "created": 250,
            "warning_signs": (
                "Sleeping in the day and up all night. Missing my medication two days in a row. Feeling like people "
                "at work are talking about me. Not picking up when Mom calls."
            ),
            "coping_on_my_own": (
                "Take my evening medication with dinner, with the phone alarm on. Listen to the ball game on the "
                "radio. Cook something. Lie down in a dark room with earplugs."
            ),
            "distraction_people_places": (
                "The clubhouse on Tuesdays and Saturdays. Sunday dinner at Mom's. The batting cages."
            ),
            "people_to_ask": "Mom (Sun-hee): call any time. Tomás at the clubhouse: call or text. My cousin Eugene.",
            "professionals": (
                "Lee Nguyen, my therapist at Lakeside Wellness Collective. Dr. Shah, my psychiatrist, for "
                "medication. The pharmacy on 3rd Street for refills."
            ),
            "safe_environment": (
                "Mom keeps my extra medication and gives me a week at a time. I don't drink when I'm not sleeping "
                "well. TV off by 11 so nights stay calm."
            ),
            "reasons_for_living": (
                "My mom. The guys at the clubhouse. Eight years at work and counting. Seeing the Dodgers play live "
                "this summer."
            ),
        },
        "check_ins": [
            check_in(40, 7, 0, LOW, False, OK, "Steady. Eight years at the warehouse this month; Dan is proud of it."),
            check_in(33, 7, 0, LOW, True, OK, "Reviewed the safety plan; no changes."),
            check_in(
                26,
                6,
                1,
                LOW,
                False,
                OK,
                "Moved to nights for the season. A coworker made a remark about people who take psychiatric "
                "medication; Dan let it go, but it stayed with him.",
            ),
            check_in(
                19, 5, 0, MEDIUM, False, OK, "Sleep disrupted by nights. An insurance change means a gap in refills."
            ),
            check_in(
                9,
                4,
                1,
                MEDIUM,
                False,
                TOO_MUCH,
                "Explaining his situation again and again to the insurer and the pharmacy; tiring. Missed two doses.",
            ),
            check_in(
                2,
                3,
                0,
                HIGH,
                True,
                TOO_MUCH,
                "Several missed doses and little sleep. Dan noticed the early signs and came in, which is a real "
                "strength. Reviewed the safety plan; his mom will hold his medication this week. Same-week "
                "appointment with Dr. Shah booked; check-in call on Thursday.",
            ),
        ],
    },
    # Lakeside. Imani: a person living with PTSD; safety plan not reviewed in 30+ days.
    "Imani Johnson": {
        "known": 120,
        "intake": 115,
        "born": (24, 1, 30),
        "profile": {
            "email": "imani@lakeside.example",
            "phone": "(213) 555-0187",
            "allow_email": True,
            "email_is_safe": True,
            "allow_text": False,
            "allow_phone": False,
            "allow_in_app": True,
            "quiet_hours_start": datetime.time(22, 0),
            "quiet_hours_end": datetime.time(9, 0),
            "discreet_wording": True,
            "cultural_considerations": (
                "Grew up in a Black Baptist family in Oakland; faith and community matter to her, and so does not "
                'always being "the strong one". Wants a therapist who names racism and its effects rather than '
                "stepping around it."
            ),
            "identity_race_ethnicity": "Black American",
            "identity_gender": "Woman; they/them feels right too",
            "identity_sexuality": "Queer",
            "identity_disability": "ADHD",
            "identity_faith": "Raised Baptist; finding my own relationship with faith",
            "accessibility_needs": (
                "ADHD: an agenda before sessions and short written next steps after. Reminders in the portal "
                "rather than by text."
            ),
            "strengths": (
                "Sharp, funny and a natural organiser; leads the campus wellness week. Writes poetry. A strong "
                "sense of fairness. Keeps showing up for herself, even in hard weeks."
            ),
        },
        "support_people": [
            person(
                "Aunt Denise",
                Relationship.FAMILY,
                "my aunt, who helped raise me",
                Awareness.SOME,
                AllyStage.ALLY,
                added=100,
                shared=True,
                script=(
                    "Auntie, I know you worry. I'm doing the work in therapy and I'm okay. What helps is when you "
                    "pray for me and also trust me to know what I need. If I ask for a quiet weekend at your place, "
                    "can that just be a yes?"
                ),
                role_play=(
                    "Imani practised holding her ground kindly when Denise suggests prayer alone will do it. "
                    "Denise has since said she wants to understand PTSD better."
                ),
            ),
            person(
                "Professor Okoye",
                Relationship.TEACHER,
                "my thesis advisor",
                Awareness.A_LITTLE,
                AllyStage.APPROACHED,
                added=60,
                shared=True,
                script=(
                    "Professor Okoye, I have an accommodation through the accessibility office and wanted to tell "
                    "you myself. Some weeks I'll need more structure around deadlines. I'm committed to the thesis "
                    "and I'd like to plan milestones with you."
                ),
                role_play=(
                    "Practised with Lee in the role. Imani chose to lead with the accommodation letter, not her "
                    "history. They met; the professor offered a milestone check-in every two weeks."
                ),
            ),
            person(
                "Bree",
                Relationship.FRIEND,
                "best friend and roommate",
                Awareness.MOST,
                AllyStage.ALLY,
                added=90,
                script=(
                    "Bree, thank you for being my person. If you see me pacing, or I go quiet after the news, could "
                    "you ask if I want to go for a drive? If I say no, just sit with me a while."
                ),
                role_play=(
                    "No role-play needed. Talked about Bree's own limits, so Imani isn't leaning on one person only."
                ),
            ),
            person(
                "Jamal",
                Relationship.PEER,
                "facilitator of the campus peer support group",
                Awareness.SOME,
                AllyStage.POTENTIAL,
                added=25,
                script=(
                    "Jamal, group has been helping me. I'm carrying a lot with organising wellness week. Could we "
                    "talk about how you keep your own energy up when everyone comes to you?"
                ),
                role_play=(
                    'Imani isn\'t sure yet whether to ask. Talked about how being "the one who organises" can '
                    "become another load."
                ),
            ),
        ],
        "safety_plan": {
            "created": 100,
            "warning_signs": (
                "Startling at every sound and checking the locks again and again. Not sleeping because of "
                "nightmares. Skipping meals. Telling everyone I'm fine."
            ),
            "coping_on_my_own": (
                "Box breathing, four counts each. Hold something cold. Write a poem, even a bad one. "
                "My grandmother's gospel playlist. A long shower."
            ),
            "distraction_people_places": (
                "The campus art studio. The Sunday farmers' market with Bree. The back corner of the library."
            ),
            "people_to_ask": "Bree: call or knock. Aunt Denise: call any time. My cousin Kiara.",
            "professionals": (
                "Lee Nguyen, my therapist at Lakeside Wellness Collective. The campus counselling after-hours line."
            ),
            "safe_environment": (
                "My medication is in a lockbox and Bree knows where the key is. News notifications off at night."
            ),
            "reasons_for_living": (
                "Aunt Denise and my little cousins. Finishing my master's and working in community health. Bree. "
                "Poetry nights. Making wellness week better every year."
            ),
        },
        "check_ins": [
            check_in(
                40,
                5,
                2,
                MEDIUM,
                True,
                TOO_MUCH,
                "Updated the safety plan together and added the lockbox. Organising wellness week on top of "
                "coursework.",
            ),
            check_in(
                33,
                5,
                1,
                LOW,
                False,
                TOO_MUCH,
                "A classmate questioned whether her accommodations were fair; Imani is tired of defending them.",
            ),
            check_in(26, 6, 0, LOW, False, OK, "Prepared for meeting Professor Okoye."),
            check_in(19, 7, 0, LOW, False, OK, "Met Professor Okoye; milestones agreed. Fewer nightmares."),
            check_in(
                11,
                6,
                1,
                LOW,
                False,
                TOO_MUCH,
                "Wellness week went well, but everyone brought her their stress. Might ask Jamal how he manages. "
                "Safety plan review is due.",
            ),
        ],
    },
    # Lakeside. Luis: derivado hace poco; la admisión sigue incompleta y aún no hay plan de seguridad.
    "Luis Alberto Ramírez": {
        "known": 10,
        "intake": 6,
        "profile": {"phone": "(213) 555-0150"},
        "support_people": [
            person(
                "Marco",
                Relationship.FAMILY,
                "mi hermano",
                Awareness.A_LITTLE,
                AllyStage.POTENTIAL,
                added=6,
                script=(
                    "Marco, quiero contarte que estoy yendo a terapia. Desde que cerró el taller he estado muy "
                    "estresado y triste, y me está ayudando. No necesito consejos; solo quiero que lo sepas."
                ),
                role_play="Primer borrador. Luis quiere ensayarlo en la próxima sesión.",
            ),
        ],
        "check_ins": [
            check_in(
                6,
                5,
                0,
                LOW,
                False,
                OK,
                "Primera sesión. Luis perdió su trabajo en el taller hace dos meses. Empezamos a conocernos; el resto "
                "de la admisión y el plan de seguridad quedan para la próxima cita.",
            ),
        ],
    },
}
