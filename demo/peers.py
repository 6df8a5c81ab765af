"""The demo's peer connections: each clinic's focus areas and directory of peer and community resources, and
the clients' referrals with their status history.

Each clinic lists a dozen or so resources of every kind; most are active, one is inactive, one is temporarily
closed, and one has not been verified in more than 180 days, so the directory's flag shows. Referrals cover
every status from suggested to completed, declined, withdrawn and not a fit, in both clinics. Nothing is
introduced before consent: a portal client agrees in the portal, others agree verbally in session with
their therapist. Declining, withdrawing and "not a fit" always say why.

Dates are days ago, as in the rest of the demo; a follow-up date is days from today (negative in the past).
"""

from peers.models import (
    NEXT_STATUSES,
    RESOURCE_LANGUAGES,
    Cost,
    ReferralStatus,
    ResourceFormat,
    ResourceKind,
    ResourceStatus,
    SharedDetail,
)

SUGGESTED, AWAITING, CONSENTED, INTRODUCED, ATTENDING, COMPLETED, DECLINED, WITHDRAWN, NOT_A_FIT = (
    ReferralStatus.SUGGESTED,
    ReferralStatus.AWAITING_CONSENT,
    ReferralStatus.CONSENTED,
    ReferralStatus.INTRODUCED,
    ReferralStatus.ATTENDING,
    ReferralStatus.COMPLETED,
    ReferralStatus.DECLINED,
    ReferralStatus.WITHDRAWN,
    ReferralStatus.NOT_A_FIT,
)
FIRST_NAME, CONTACT, PRONOUNS, LANGUAGE, ACCESS_NEEDS = (
    SharedDetail.FIRST_NAME,
    SharedDetail.CONTACT,
    SharedDetail.PRONOUNS,
    SharedDetail.LANGUAGE,
    SharedDetail.ACCESS_NEEDS,
)
IN_PERSON, ONLINE, HYBRID = ResourceFormat.IN_PERSON, ResourceFormat.ONLINE, ResourceFormat.HYBRID
FREE, SLIDING, FEE = Cost.FREE, Cost.SLIDING, Cost.FEE

# The directory is older than the demo's records: every resource was added this many days ago.
RESOURCES_ADDED = 400

RESOURCE_DETAILS = {
    "description",
    "cultural_focus",
    "schedule",
    "location",
    "step_free_access",
    "near_public_transport",
    "captioning_or_interpreting",
    "accessibility_notes",
    "cost_notes",
    "crisis_support",
    "screening_notes",
    "contact",
}
LANGUAGE_ORDER = [code for code, _label in RESOURCE_LANGUAGES]


def resource(
    name,
    organisation,
    kind,
    format,
    *,
    languages=("en",),
    focus=(),
    verified,
    status=ResourceStatus.ACTIVE,
    cost=FREE,
    **details,
):
    """One resource of a clinic's directory; `verified` is how many days ago its details were last checked.
    Languages are stored as the directory form stores them: codes in the listed order, wrapped in commas."""
    unknown = set(details) - RESOURCE_DETAILS
    if unknown:
        raise ValueError(f"Unknown resource fields: {sorted(unknown)}")
    if set(languages) - set(LANGUAGE_ORDER):
        raise ValueError(f"Unknown languages for {name}: {languages}")
    codes = sorted(languages, key=LANGUAGE_ORDER.index)
    return {
        "name": name,
        "organisation": organisation,
        "kind": kind,
        "format": format,
        "languages": "," + ",".join(codes) + ",",
        "focus_areas": list(focus),
        "verified": verified,
        "status": status,
        "cost": cost,
        **details,
    }


def change(days_ago, status, reason="", *, by_client=False):
    """A status change, `days_ago`. `by_client` when the client acted in the portal: agreed, said no, or
    withdrew their consent. Changes on the same day are a few minutes apart, in order."""
    return {"days_ago": days_ago, "status": status, "reason": reason, "by_client": by_client}


# In the portal a client can agree or say no to a referral waiting for their answer, and withdraw consent.
CLIENT_MOVES = {CONSENTED: {AWAITING}, DECLINED: {AWAITING}, WITHDRAWN: {CONSENTED, INTRODUCED, ATTENDING}}


def referral(
    resource,
    changes,
    *,
    why,
    match_basis,
    shared=(FIRST_NAME,),
    expectations="",
    safety="",
    follow_up=None,
    outcome="",
):
    """A referral of a client to a resource of their clinic (by name), with its status changes in order.

    The moves are the ones the services allow: from suggested or awaiting consent to consented (consent
    recorded), otherwise only along NEXT_STATUSES; an introduction comes after consent, and declined,
    withdrawn and not a fit say why. `shared` is what the client agreed may be passed on (the first name
    alone by default); withdrawing consent clears it, as the services do. `expectations` are the notes of the
    talk about what peers can and cannot offer; a completed referral has its outcome notes.
    """
    if changes[0]["status"] != SUGGESTED or changes[0]["reason"] or changes[0]["by_client"]:
        raise ValueError(f"A referral starts as a plain suggestion: {resource}")
    for before, after in zip(changes, changes[1:], strict=False):
        allowed = NEXT_STATUSES.get(before["status"], [])
        if after["status"] == CONSENTED:
            allowed = [CONSENTED] if before["status"] in (SUGGESTED, AWAITING) else []
        if after["status"] not in allowed:
            raise ValueError(f"{resource}: cannot go from {before['status']} to {after['status']}")
        if after["days_ago"] > before["days_ago"]:
            raise ValueError(f"{resource}: status changes must be in order")
        if after["by_client"] and before["status"] not in CLIENT_MOVES.get(after["status"], ()):
            raise ValueError(f"{resource}: a client cannot move to {after['status']} in the portal")
        if after["status"] in (DECLINED, WITHDRAWN, NOT_A_FIT) and not after["reason"].strip():
            raise ValueError(f"{resource}: {after['status']} needs a reason")
    if changes[-1]["days_ago"] < 1:
        raise ValueError(f"{resource}: status changes are in the past")
    status = changes[-1]["status"]
    if (status == COMPLETED) != bool(outcome):
        raise ValueError(f"Completed referrals, and only they, have outcome notes: {resource}")
    if not shared or FIRST_NAME not in shared:
        raise ValueError(f"{resource}: the first name is the least that is shared")
    return {
        "resource": resource,
        "changes": changes,
        "why": why,
        "match_basis": match_basis,
        "shared": [] if status == WITHDRAWN else list(shared),
        "expectations": expectations,
        "safety": safety,
        "follow_up": follow_up,
        "outcome": outcome,
    }


# Each clinic starts with the same seven focus areas and has added one of its own (the last).

FOCUS_AREAS = {
    "Riverbend Community Clinic": [
        "Recovery",
        "Workplace inclusion",
        "Creative expression",
        "Family",
        "LGBTQ+ peers",
        "Latinx community",
        "Young adults",
        "Faith and spirituality",
    ],
    "Lakeside Wellness Collective": [
        "Recovery",
        "Workplace inclusion",
        "Creative expression",
        "Family",
        "LGBTQ+ peers",
        "Comunidad latina",
        "Young adults",
        "Hearing voices",
    ],
}


# The directory of each clinic, by clinic name; the clinic admin keeps it.

PEER_RESOURCES = {
    "Riverbend Community Clinic": [
        resource(
            "Open Studio: Art and Zines",
            "Riverbend Arts Collective",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            focus=["Creative expression", "Young adults"],
            verified=40,
            description=(
                "A peer-run open studio for people living with mental health conditions. Drop in to draw, make "
                "collages or zines alongside others; no experience needed, and sharing your work is always "
                "optional."
            ),
            schedule="Thursdays, 5:30 to 7:30pm",
            location="Riverbend Arts Collective, 18 Mill Street, ground floor",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes=(
                "Step-free entrance and an accessible restroom. Two blocks from the Mill Street bus stop (routes "
                "4 and 9). A quiet corner for anyone who needs a break."
            ),
            cost_notes="Materials provided. Donations welcome, never expected.",
            screening_notes=(
                "Peer-led, not art therapy. Some members make work about hard times, including hospital stays; "
                "the facilitator checks in at the start so people can say what they would rather not see."
            ),
            contact="Rae Kim, peer facilitator · studio@example.org · (617) 555-0231",
        ),
        resource(
            "Queer Peer Circle",
            "Riverbend Pride Center",
            ResourceKind.PEER_GROUP,
            HYBRID,
            focus=["LGBTQ+ peers", "Young adults"],
            verified=25,
            cultural_focus="LGBTQ+, including trans and nonbinary people",
            description=(
                "A peer support circle for LGBTQ+ adults living with mental health conditions, facilitated by "
                "trained queer and trans peers. Newcomers can just listen for as long as they like."
            ),
            schedule="Mondays, 6:30 to 8pm; every other week on video",
            location="Riverbend Pride Center, 77 Union Street, second floor, and on video",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes=(
                "Elevator to the second floor and all-gender restrooms. Live captions on the video meetings. "
                "Five minutes' walk from Union Square station."
            ),
            screening_notes=(
                "Members talk about coming out and sometimes about family rejection; facilitators ask for a "
                "content note before detailed stories. Pronouns are shared at the start, always optionally."
            ),
            contact="Peer programs, Riverbend Pride Center · queerpeers@example.org · (617) 555-0232",
        ),
        resource(
            "Mood Peer Support Group",
            "Riverbend Mood Support Alliance",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            focus=["Recovery"],
            verified=60,
            description=(
                "A peer-led group for adults living with depression or bipolar disorder: a place to share what "
                "helps in staying well. Facilitators are trained and have lived experience."
            ),
            schedule="Wednesdays, 7 to 8:30pm",
            location="First Parish Hall, 12 Church Street, lower level",
            near_public_transport=True,
            accessibility_notes=(
                "The meeting room is down eight steps, with no elevator; the group is looking for a step-free "
                "room. Next to the Church Street bus stop."
            ),
            screening_notes=(
                "Open conversations about mood episodes, medication and sometimes past suicide attempts. "
                "Facilitators follow safe-messaging guidelines: no details of methods."
            ),
            contact="Group facilitators · moodgroup@example.org · (617) 555-0233",
        ),
        resource(
            "Campus Peer Connect",
            "Riverbend Community College Student Wellness",
            ResourceKind.PEER_GROUP,
            HYBRID,
            focus=["Young adults"],
            verified=20,
            cultural_focus="Students, including first-generation college students",
            description=(
                "Small peer groups of six to eight students, led by trained student peers, on stress, anxiety and "
                "keeping up with classes. Students can join a group on video before meeting in person."
            ),
            schedule="Tuesdays, 6 to 7pm during the semester",
            location="Student Center, Room 214, Riverbend Community College, and on video",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes=(
                "Step-free, with an elevator to the second floor. The video option has captions, and cameras can "
                "stay off. On the college shuttle route."
            ),
            screening_notes=(
                "Open to enrolled students. Talk stays in the group, except where someone's safety is at risk."
            ),
            contact="Student Wellness Office · peerconnect@example.org · (617) 555-0234",
        ),
        resource(
            "Family Connections Course",
            "Riverbend Family Alliance",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            focus=["Family"],
            verified=90,
            status=ResourceStatus.INACTIVE,
            description=(
                "An eight-week course for family members of people living with mental health conditions, taught "
                "by family members with lived experience. Not running this year; the Alliance hopes to start a "
                "new course next spring."
            ),
            schedule="No course scheduled",
            location="Riverbend Public Library, Community Room A, 40 Elm Street",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free entrance on the Elm Street side; hearing loop in Room A.",
            contact="Riverbend Family Alliance · families@example.org · (617) 555-0235",
        ),
        resource(
            "Grupo de apoyo entre pares en español",
            "Centro Comunitario Latino de Riverbend",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            languages=("es",),
            focus=["Latinx community", "Family"],
            verified=30,
            status=ResourceStatus.TEMPORARILY_CLOSED,
            cultural_focus="Comunidad latina e inmigrante",
            description=(
                "Grupo de apoyo entre pares en español para adultos que viven con depresión, ansiedad u otros "
                "problemas de salud mental. Cerrado por ahora mientras se forma a una nueva facilitadora; vuelve "
                "en dos meses."
            ),
            schedule="Sábados, de 10 a 11:30 de la mañana (cuando reabra)",
            location="Centro Comunitario Latino, 5 Harbor Street, salón 2",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Entrada sin escalones. Parada del autobús 7 en la esquina.",
            contact="Centro Comunitario Latino · grupo@example.org · (617) 555-0236",
        ),
        resource(
            "Recovery Mentor Partnership",
            "Riverbend Recovery Community Center",
            ResourceKind.MENTOR,
            HYBRID,
            focus=["Recovery"],
            verified=50,
            description=(
                "Twelve weeks with a trained recovery mentor who has lived experience of substance use recovery: "
                "weekly meetings to set goals, plan for hard days and find local recovery-friendly activities. "
                "All pathways of recovery are welcome."
            ),
            schedule="Weekly, at a time the mentor and the person agree on; evenings and weekends possible",
            location="Riverbend Recovery Community Center, 230 Canal Street, or by video",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes=(
                "Step-free entrance and an accessible restroom. Meetings by video or phone when travel is hard."
            ),
            screening_notes="Mentors are not counsellors or sponsors. A short welcome meeting comes first.",
            contact="Mentor coordinator · mentors@example.org · (617) 555-0237",
        ),
        resource(
            "Peer Specialist Drop-in",
            "Riverbend Community Clinic",
            ResourceKind.PEER_SPECIALIST,
            IN_PERSON,
            languages=("en", "pt"),
            focus=["Recovery", "Workplace inclusion"],
            verified=15,
            description=(
                "Certified peer specialists who can help with next steps: finding a group, getting ready for a "
                "benefits appointment, or talking through a return to work. Drop in, or book a time."
            ),
            schedule="Monday to Friday, 9am to noon",
            location="Riverbend Community Clinic, ground-floor peer room",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes=(
                "Step-free. The peer room is quiet, with soft lighting; a staff member can meet you at the door."
            ),
            crisis_support=True,
            screening_notes=(
                "If someone is in crisis, peer specialists stay with them and bring in the clinic's crisis team."
            ),
            contact="Front desk, Riverbend Community Clinic · peerdesk@example.org · (617) 555-0238",
        ),
        resource(
            "All Recovery Meeting at St. Brigid's",
            "Riverbend Recovery Community Center",
            ResourceKind.MUTUAL_AID,
            IN_PERSON,
            languages=("en", "asl"),
            focus=["Recovery", "Faith and spirituality"],
            verified=70,
            description=(
                "A free mutual aid meeting for anyone in or thinking about recovery, on any pathway. Held in a "
                "church hall; people of every faith, and of none, are welcome."
            ),
            schedule="Tuesdays, 7 to 8pm",
            location="St. Brigid's Parish Hall, 90 Chestnut Street",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes=(
                "Step-free side entrance with a ramp. An ASL interpreter at every meeting. Free parking behind the "
                "hall; bus 4 stops outside."
            ),
            screening_notes="People share their own recovery stories, which can include relapse and loss.",
            contact="Riverbend Recovery Community Center · allrecovery@example.org · (617) 555-0239",
        ),
        resource(
            "Riverbend Peer Warmline",
            "Riverbend Mental Health Association",
            ResourceKind.WARMLINE,
            ONLINE,
            languages=("en", "es"),
            focus=["Recovery"],
            verified=35,
            description=(
                "A free phone and chat line answered by trained peers, for when you want to talk to someone who "
                "understands before things become a crisis. Peers can also call back at a time agreed ahead."
            ),
            schedule="Every day, 4pm to midnight",
            location="By phone or online chat",
            captioning_or_interpreting=True,
            accessibility_notes="Text chat for people who prefer not to talk on the phone; relay calls welcome.",
            screening_notes=(
                "Not a crisis line. If a caller is in danger, the peer connects them with 988 and stays on the "
                "line until someone answers."
            ),
            contact="Call or text (617) 555-0240 · warmline@example.org",
        ),
        resource(
            "Harbor House Peer Respite",
            "Riverbend Peer Respite Network",
            ResourceKind.HOUSING,
            IN_PERSON,
            focus=["Recovery"],
            verified=45,
            description=(
                "A short stay of up to seven nights in a home-like house run by peers, for adults going through a "
                "hard time who want support outside a hospital. Guests keep their own routines and appointments."
            ),
            schedule="Open all day, every day; call to ask about a free room",
            location="Harbor House, 14 Bay Road",
            step_free_access=True,
            accessibility_notes="One step-free guest room with an accessible bathroom on the ground floor.",
            crisis_support=True,
            screening_notes=(
                "A phone conversation with a peer first. Guests need to be able to look after their own medication."
            ),
            contact="Harbor House · harborhouse@example.org · (617) 555-0241",
        ),
        resource(
            "Work Well: Workplace Accommodations Coaching",
            "Riverbend Disability Employment Network",
            ResourceKind.EMPLOYMENT,
            HYBRID,
            languages=("en", "es"),
            focus=["Workplace inclusion"],
            verified=55,
            description=(
                "Coaches with lived experience help people decide whether to ask for workplace accommodations, "
                "write the request and prepare for the conversation. They can join a meeting with an employer if "
                "the person wants."
            ),
            schedule="By appointment, weekdays and Saturday mornings",
            location="Riverbend Career Center, 300 Main Street, second floor, or by video",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes=(
                "Elevator to the second floor. Coaches can read documents aloud and send short written summaries."
            ),
            contact="Work Well intake · workwell@example.org · (617) 555-0242",
        ),
        resource(
            "Disability Law Clinic",
            "Riverbend Legal Aid",
            ResourceKind.LEGAL,
            HYBRID,
            languages=("en", "es", "pt"),
            focus=["Workplace inclusion"],
            verified=100,
            cost=SLIDING,
            description=(
                "Free advice, and representation on a sliding scale, on discrimination at work, reasonable "
                "accommodations, benefits and housing rights for people living with disabilities, including "
                "mental health conditions."
            ),
            schedule="Advice clinic Thursdays, 1 to 4pm; appointments on other days",
            location="Riverbend Legal Aid, 8 Court Square, and by phone",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free from Court Square. Interpreters on request.",
            cost_notes="Advice is free; representation on a sliding scale by income.",
            contact="Intake line · disabilitylaw@example.org · (617) 555-0243",
        ),
        resource(
            "Ride Together Volunteer Drivers",
            "Riverbend Neighbors Helping Neighbors",
            ResourceKind.TRANSPORT,
            IN_PERSON,
            verified=230,
            cost=FEE,
            description=(
                "Volunteer drivers who take people to appointments, support groups and job interviews, and can "
                "wait and bring them home."
            ),
            schedule="Weekdays, 8am to 6pm; book two days ahead",
            location="Door to door within Riverbend",
            accessibility_notes="Two cars can take a folding wheelchair; drivers can help with the door.",
            cost_notes="$3 a ride, waived for anyone who asks.",
            contact="Ride desk · rides@example.org · (617) 555-0244",
        ),
    ],
    "Lakeside Wellness Collective": [
        resource(
            "Círculo de Mujeres: diez semanas",
            "Centro Comunitario Lakeside",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            languages=("es",),
            focus=["Comunidad latina", "Family"],
            verified=30,
            cultural_focus="Mujeres latinas e inmigrantes; madres y abuelas",
            description=(
                "Un círculo de diez semanas en español para mujeres que viven con depresión o ansiedad, guiado por "
                "dos mujeres con experiencia propia. Se habla de la familia, la fe, el trabajo y el descanso."
            ),
            schedule="Martes, de 10 a 11:30 de la mañana; empieza un nuevo círculo cada trimestre",
            location="Centro Comunitario Lakeside, sala 3, 90 Harbor Street",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes=(
                "Acceso sin escalones y ascensor. Materiales impresos en letra grande. A una cuadra de la parada "
                "del autobús 12."
            ),
            screening_notes=(
                "Se habla de la pérdida y del duelo; las facilitadoras avisan antes de los temas difíciles."
            ),
            contact="Marisol Vega, facilitadora · circulo@example.org · (213) 555-0231",
        ),
        resource(
            "Grupo de Apoyo: Depresión y Esperanza",
            "Asociación Lakeside de Salud Mental",
            ResourceKind.PEER_GROUP,
            HYBRID,
            languages=("es", "en"),
            focus=["Recovery", "Comunidad latina"],
            verified=20,
            cultural_focus="Comunidad latina; familias bilingües",
            description=(
                "Grupo abierto de apoyo entre pares para personas que viven con depresión. Cada semana alguien "
                "comparte lo que le ayuda; nadie tiene que hablar si no quiere."
            ),
            schedule="Jueves, de 6 a 7:30 de la tarde; el primer jueves del mes también por video",
            location="Parroquia San Judas, salón parroquial, 410 Mission Road, y por video",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes=(
                "Entrada con rampa por el estacionamiento. Materiales en letra grande; subtítulos en el video. "
                "Sillas con respaldo."
            ),
            screening_notes="A veces se habla de pensamientos de muerte; las facilitadoras siguen pautas de seguridad.",
            contact="Asociación Lakeside · esperanza@example.org · (213) 555-0232",
        ),
        resource(
            "Hearing Voices Group",
            "Lakeside Clubhouse",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            focus=["Hearing voices", "Recovery"],
            verified=45,
            description=(
                "A peer group for people who hear voices or have other unusual experiences. Members share ways "
                "of living with voices on their own terms; every explanation of voices is respected."
            ),
            schedule="Fridays, 2 to 3:30pm",
            location="Lakeside Clubhouse, 12 Pier Avenue, quiet room",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free. A quiet room away from the main hall; people can step out at any time.",
            screening_notes=(
                "Members may describe distressing voices. The group agrees not to tell anyone what their voices mean."
            ),
            contact="Clubhouse front desk · voices@example.org · (213) 555-0233",
        ),
        resource(
            "Queer & Trans Peer Collective",
            "Lakeside LGBTQ+ Center",
            ResourceKind.PEER_GROUP,
            HYBRID,
            languages=("en", "es"),
            focus=["LGBTQ+ peers", "Young adults"],
            verified=15,
            cultural_focus="Queer and trans people of color, ages 18 to 30",
            description=(
                "A peer collective for queer and trans young adults living with mental health conditions. Peer "
                "circles, a monthly open mic, and time to just hang out."
            ),
            schedule="Peer circle Mondays, 7 to 8:30pm; open mic the last Saturday of the month",
            location="Lakeside LGBTQ+ Center, 45 Sunset Boulevard, and on video",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes=(
                "Step-free, all-gender restrooms. Captions on video circles. Next to the Sunset metro station."
            ),
            screening_notes=(
                "Content notes before stories of violence or family rejection. Names and pronouns are asked, never "
                "assumed."
            ),
            contact="Peer programs · collective@example.org · (213) 555-0234",
        ),
        resource(
            "Sister Circle: Black Women's Wellness",
            "Harbor Black Wellness Alliance",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            focus=["Creative expression", "Young adults"],
            verified=60,
            cultural_focus="Black women and femmes",
            description=(
                "A peer circle for Black women and femmes to talk about mental health, racism, faith and rest, "
                "with poetry and journaling to open each meeting."
            ),
            schedule="Wednesdays, 6:30 to 8pm",
            location="Harbor Black Wellness Alliance, 220 Crenshaw Way",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free entrance. Written prompts are also read aloud.",
            screening_notes="Members talk about experiences of racism and, at times, of trauma; anyone may pass.",
            contact="Circle facilitators · sistercircle@example.org · (213) 555-0235",
        ),
        resource(
            "Camino Nuevo: Mentores de Pares",
            "Centro Comunitario Lakeside",
            ResourceKind.MENTOR,
            HYBRID,
            languages=("es", "en"),
            focus=["Workplace inclusion", "Comunidad latina"],
            verified=40,
            cultural_focus="Comunidad latina; trabajadores y sus familias",
            description=(
                "Un programa de mentores de pares: personas con experiencia propia acompañan durante tres meses a "
                "quien pasa por un cambio difícil, como perder el trabajo, con metas pequeñas cada semana."
            ),
            schedule="Una hora por semana, en el horario que acuerden mentor y participante",
            location="Centro Comunitario Lakeside, 90 Harbor Street, o por teléfono",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Acceso sin escalones. Las reuniones pueden ser por teléfono.",
            screening_notes="Los mentores no son terapeutas. Primero hay una reunión corta para conocerse.",
            contact="Coordinación de mentores · caminonuevo@example.org · (213) 555-0236",
        ),
        resource(
            "Clubhouse Peer Specialist",
            "Lakeside Clubhouse",
            ResourceKind.PEER_SPECIALIST,
            IN_PERSON,
            languages=("en", "es", "ko"),
            focus=["Recovery", "Workplace inclusion"],
            verified=25,
            description=(
                "Certified peer specialists who help members with goals of their own: work, school, benefits, "
                "or finding a group. They can come along to a first appointment."
            ),
            schedule="Monday to Friday, 10am to 4pm",
            location="Lakeside Clubhouse, 12 Pier Avenue",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free. A quiet room is available for conversations.",
            crisis_support=True,
            screening_notes="Peer specialists stay with anyone in crisis and call in the clinic's crisis team.",
            contact="Clubhouse front desk · peerspecialist@example.org · (213) 555-0237",
        ),
        resource(
            "Red de Apoyo Mutuo del Barrio",
            "Vecinos Unidos de Lakeside",
            ResourceKind.MUTUAL_AID,
            HYBRID,
            languages=("es", "en"),
            focus=["Comunidad latina", "Family"],
            verified=35,
            cultural_focus="Familias del barrio",
            description=(
                "Neighbours helping neighbours: a weekly food share, rides to appointments, childcare swaps and "
                "a group chat to ask for or offer help. No paperwork."
            ),
            schedule="Food share Saturdays, 9 to 11am; the group chat any time",
            location="Parking lot of Parroquia San Judas, 410 Mission Road",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free, outdoors. Volunteers can bring food to the car or to people's homes.",
            contact="Vecinos Unidos · apoyomutuo@example.org · (213) 555-0238",
        ),
        resource(
            "Lakeside Warmline / Línea Cálida",
            "Lakeside Peer Support Network",
            ResourceKind.WARMLINE,
            ONLINE,
            languages=("en", "es", "asl"),
            focus=["Recovery"],
            verified=50,
            description=(
                "A peer-run phone and chat line in English and Spanish, with ASL by video phone on Tuesdays and "
                "Thursdays. For when you want to talk before things become a crisis."
            ),
            schedule="Every day, 5pm to 11pm; ASL by video phone Tuesdays and Thursdays, 6 to 9pm",
            location="By phone, chat or video phone",
            captioning_or_interpreting=True,
            accessibility_notes="ASL by video phone on Tuesdays and Thursdays; text chat for anyone who prefers it.",
            screening_notes="Not a crisis line. If a caller is in danger, the peer connects them with 988.",
            contact="Call (213) 555-0239 · video phone (213) 555-0240 · warmline@example.org",
        ),
        resource(
            "Vivienda Segura: Housing Navigation",
            "Lakeside Housing Rights Center",
            ResourceKind.HOUSING,
            IN_PERSON,
            languages=("es", "en"),
            focus=["Family"],
            verified=30,
            status=ResourceStatus.TEMPORARILY_CLOSED,
            description=(
                "Housing navigators with lived experience of housing insecurity help people apply for affordable "
                "housing and keep the housing they have. Closed to new referrals until next month: the waiting "
                "list is full."
            ),
            schedule="Weekdays, 9am to 5pm (closed to new referrals for now)",
            location="Lakeside Housing Rights Center, 15 Lake Avenue",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free. Navigators can visit people at home.",
            contact="Intake · vivienda@example.org · (213) 555-0241",
        ),
        resource(
            "Inclusive Work Coaching / Empleo Incluyente",
            "Lakeside Workforce Partnership",
            ResourceKind.EMPLOYMENT,
            HYBRID,
            languages=("en", "es", "ko"),
            focus=["Workplace inclusion"],
            verified=65,
            description=(
                "Peer coaches help people starting or returning to work decide on accommodations, prepare for "
                "interviews and plan their first weeks in the job."
            ),
            schedule="By appointment, weekdays",
            location="Lakeside Workforce Partnership, 600 Terminal Way, or by video",
            step_free_access=True,
            near_public_transport=True,
            captioning_or_interpreting=True,
            accessibility_notes="Step-free. Video meetings have captions; printed summaries on request.",
            contact="Coaching intake · inclusivework@example.org · (213) 555-0242",
        ),
        resource(
            "Centro Legal Comunitario",
            "Centro Legal Comunitario de Lakeside",
            ResourceKind.LEGAL,
            HYBRID,
            languages=("es", "en"),
            focus=["Workplace inclusion", "Comunidad latina"],
            verified=80,
            cost=SLIDING,
            description=(
                "Legal help in Spanish and English on unpaid wages, unfair dismissal, disability rights at work "
                "and housing. Free first consultation."
            ),
            schedule="Walk-in Mondays and Wednesdays, 9am to 1pm; appointments on other days",
            location="Centro Legal Comunitario, 77 Mission Road, and by phone",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Step-free. Documents read aloud on request.",
            cost_notes="Free first consultation; after that, a sliding scale by income.",
            contact="Recepción · centrolegal@example.org · (213) 555-0243",
        ),
        resource(
            "Transporte Acompañado",
            "Vecinos Unidos de Lakeside",
            ResourceKind.TRANSPORT,
            IN_PERSON,
            languages=("es", "en"),
            verified=215,
            cost=FEE,
            description=(
                "Volunteer drivers who take people to appointments and groups, and a volunteer who can ride the "
                "bus with someone the first few times."
            ),
            schedule="Weekdays, 8am to 5pm; book three days ahead",
            location="Door to door within Lakeside",
            accessibility_notes="One van with a wheelchair lift.",
            cost_notes="$2 a ride; free for anyone who asks.",
            contact="Vecinos Unidos, rides · transporte@example.org · (213) 555-0244",
        ),
        resource(
            "Familia a Familia",
            "Asociación Lakeside de Salud Mental",
            ResourceKind.PEER_GROUP,
            IN_PERSON,
            languages=("es", "en"),
            focus=["Family", "Comunidad latina"],
            verified=120,
            status=ResourceStatus.INACTIVE,
            description=(
                "Un curso de ocho semanas para familiares de personas que viven con problemas de salud mental, "
                "dado por familiares con experiencia propia. No hay curso este año."
            ),
            schedule="Sin curso programado",
            location="Asociación Lakeside, 18 Lake Avenue",
            step_free_access=True,
            near_public_transport=True,
            accessibility_notes="Acceso sin escalones.",
            contact="Asociación Lakeside · familias@example.org · (213) 555-0245",
        ),
    ],
}


# The referrals of each demo client, by legal name. In each clinic one open referral has an overdue
# follow-up; every portal client sees at least one referral, and Jordan and Rosa each have one waiting
# for their answer.

REFERRALS = {
    # Riverbend. Jordan: attending the open studio, a new suggestion waiting for their answer, and a group
    # they said no to in the portal.
    "Jordan Avery Lee": [
        referral(
            "Open Studio: Art and Zines",
            [
                change(62, SUGGESTED),
                change(61, AWAITING),
                change(60, CONSENTED, by_client=True),
                change(55, INTRODUCED),
                change(41, ATTENDING),
            ],
            why=(
                "Jordan makes zines and says making things is when their mind feels quiet. A peer studio is a "
                "low-pressure way to meet others living with mood conditions without having to talk about it."
            ),
            match_basis="English-speaking; Creative expression focus; Free; Step-free access",
            shared=[FIRST_NAME, PRONOUNS],
            expectations=(
                "Peers share the space and what helps them; the studio is not therapy and not a crisis service. "
                "Jordan can come and go, and doesn't have to show or explain their work."
            ),
            safety=(
                "If the studio stirs up a hard memory, Jordan takes a break in the quiet corner and texts Min-ji. "
                "The safety plan and 988 stay the crisis supports."
            ),
            follow_up=12,
        ),
        referral(
            "Queer Peer Circle",
            [change(8, SUGGESTED), change(7, AWAITING)],
            why=(
                "Jordan would like friends who get both being queer and nonbinary and living with bipolar "
                "disorder. The circle can be tried on video first."
            ),
            match_basis="English-speaking; LGBTQ+ peers focus; Hybrid, as preferred; Step-free access",
            shared=[FIRST_NAME, PRONOUNS],
            expectations=(
                "Talked about what a peer circle is and isn't: people with lived experience, not counsellors. "
                "Jordan can listen only, for as long as they like."
            ),
            safety="The safety plan stays the first step on a hard night; the circle is an extra support.",
            follow_up=7,
        ),
        referral(
            "Mood Peer Support Group",
            [
                change(100, SUGGESTED),
                change(99, AWAITING),
                change(
                    96,
                    DECLINED,
                    "I'd rather not be in a group that is mostly about diagnosis right now. Maybe later.",
                    by_client=True,
                ),
            ],
            why="A group of people living with mood conditions, to share what helps with sleep and routines.",
            match_basis="English-speaking; Recovery focus; Free",
            expectations="Peers share experience; the group is not treatment. Jordan can say no, now or later.",
        ),
    ],
    # Riverbend. Alex: finished twelve weeks with a recovery mentor; agreed to the warmline, with an overdue
    # follow-up; a Tuesday meeting at a church suggested this week.
    "Alexandra Kim": [
        referral(
            "Recovery Mentor Partnership",
            [
                change(170, SUGGESTED),
                change(168, CONSENTED),
                change(165, INTRODUCED),
                change(150, ATTENDING),
                change(66, COMPLETED),
            ],
            why=(
                "Alex wanted someone further along in recovery to talk to about work stress and evenings, "
                "besides her church community and Jess."
            ),
            match_basis="English-speaking; Recovery focus; Free; evenings possible, not Wednesdays",
            shared=[FIRST_NAME, CONTACT],
            expectations=(
                "A mentor shares their own recovery and helps with goals; not a counsellor or a sponsor. Alex "
                "keeps her sessions with Maya."
            ),
            safety=(
                'Cravings plan: call Jess or text "pancakes", then the safety plan. Mentor meetings are not for '
                "emergencies."
            ),
            outcome=(
                "Finished all twelve weeks. Alex says her mentor helped her plan for exam weeks and for visits to "
                "her parents. They agreed to stay in touch informally; Alex may become a mentor herself next year."
            ),
        ),
        referral(
            "Riverbend Peer Warmline",
            [change(20, SUGGESTED), change(20, CONSENTED)],
            why="Evenings after study are when Alex feels most alone; a peer call-back could help on those nights.",
            match_basis="English-speaking; Recovery focus; Free; Online: no travel after evening classes",
            shared=[FIRST_NAME, CONTACT],
            expectations=(
                "The warmline is peers, not a crisis line, and calls back only at times Alex chooses. Maya will "
                "call the coordinator with Alex to set up the first call."
            ),
            safety="If Alex is in crisis, she uses her safety plan and calls or texts 988, not the warmline.",
            follow_up=-3,
        ),
        referral(
            "All Recovery Meeting at St. Brigid's",
            [change(5, SUGGESTED)],
            why=(
                "Alex misses a recovery meeting where her faith is welcome. This one meets on Tuesdays, so it "
                "doesn't clash with church on Wednesday evenings."
            ),
            match_basis="English-speaking; Recovery focus; Faith and spirituality focus; Free; Step-free access",
            follow_up=9,
        ),
    ],
    # Riverbend. Taylor: the drop-in was not a fit; the campus group that the peer specialist suggested
    # instead has been introduced.
    "Taylor Brooks": [
        referral(
            "Peer Specialist Drop-in",
            [
                change(40, SUGGESTED),
                change(
                    33,
                    NOT_A_FIT,
                    "The drop-in runs on weekday mornings, during Taylor's classes. The peer specialist suggested "
                    "the campus peer group, which meets in the evening.",
                ),
            ],
            why="Someone with lived experience of anxiety to help Taylor plan getting back to classes.",
            match_basis="English-speaking; Recovery focus; Free; Step-free access",
        ),
        referral(
            "Campus Peer Connect",
            [
                change(32, SUGGESTED),
                change(31, AWAITING),
                change(29, CONSENTED, by_client=True),
                change(24, INTRODUCED),
            ],
            why=(
                "Other students who know how anxiety can make leaving your room hard. Taylor can join on video "
                "with the camera off before going in person."
            ),
            match_basis="English-speaking; Young adults focus; Hybrid, as preferred; Free; Cultural focus: Students",
            expectations=(
                "Student peers listen and share what works for them; they aren't counsellors. Taylor keeps his "
                "sessions with Sam and the campus counselling centre."
            ),
            safety=(
                "If a meeting leaves Taylor shaken, he can leave early and call his mom or Marcus. Crisis "
                "supports stay as in the safety plan."
            ),
            follow_up=4,
        ),
    ],
    # Riverbend. Chris: agreed to workplace coaching, then decided to go through his union steward instead.
    "Christopher Morgan": [
        referral(
            "Work Well: Workplace Accommodations Coaching",
            [
                change(60, SUGGESTED),
                change(58, AWAITING),
                change(56, CONSENTED),
                change(50, INTRODUCED),
                change(
                    44,
                    WITHDRAWN,
                    "Chris decided to ask for written instructions at work through his union steward, and asked "
                    "that nothing more be shared with Work Well.",
                ),
            ],
            why=(
                "Chris wanted help asking for written instructions to be read aloud on site, without making a "
                "big deal of it with his crew."
            ),
            match_basis="English-speaking; Workplace inclusion focus; Free; documents read aloud",
            shared=[FIRST_NAME, CONTACT],
            expectations="The coach helps with the request; Chris decides what his employer hears.",
            safety="No safety concerns raised; Chris knows he can call the clinic after discharge.",
        ),
    ],
    # Lakeside. Rosa: finished the women's circle; the depression support group is waiting for her answer.
    "Rosa Elena Martínez": [
        referral(
            "Círculo de Mujeres: diez semanas",
            [
                change(150, SUGGESTED),
                change(149, AWAITING),
                change(147, CONSENTED, by_client=True),
                change(140, INTRODUCED),
                change(133, ATTENDING),
                change(70, COMPLETED),
            ],
            why=(
                "Rosa quería hablar con otras mujeres latinas que viven con depresión, en español y con un "
                "espacio para su fe."
            ),
            match_basis=(
                "Idioma: español; Enfoque: Comunidad latina; Acceso sin escalones; Gratuito; "
                "Enfoque cultural: Mujeres latinas e inmigrantes"
            ),
            shared=[FIRST_NAME, LANGUAGE, ACCESS_NEEDS],
            expectations=(
                "Hablamos de lo que puede dar un círculo de pares: compañía y experiencias compartidas, no "
                "terapia. Rosa sigue con sus sesiones con Ana."
            ),
            safety=(
                "Si se siente muy triste después de una reunión, Rosa llama a Lucía y sigue su plan de seguridad. "
                "La línea 988 (opción 2, en español) está en su plan."
            ),
            outcome=(
                "Rosa terminó las diez semanas. Dice que por primera vez habló de la depresión sin llamarla "
                '"nervios" y que se hizo amiga de dos mujeres del círculo. Se siguen viendo los domingos.'
            ),
        ),
        referral(
            "Grupo de Apoyo: Depresión y Esperanza",
            [change(10, SUGGESTED), change(9, AWAITING)],
            why=(
                "Después del círculo, Rosa quiere un grupo que siga cada semana. Este grupo se reúne en su "
                "parroquia y tiene materiales en letra grande."
            ),
            match_basis="Idioma: español; Enfoque: Recovery; Enfoque: Comunidad latina; Acceso sin escalones; Gratuito",
            shared=[FIRST_NAME, LANGUAGE, ACCESS_NEEDS],
            expectations=(
                "Rosa sabe que el grupo es de pares y no reemplaza la terapia. Puede ir solo a escuchar la primera vez."
            ),
            safety="Su plan de seguridad sigue igual; el grupo es un apoyo más.",
            follow_up=5,
        ),
    ],
    # Lakeside. Dan: attending the hearing voices group; the work coaching was not a fit; said no to the
    # warmline.
    "Daniel Park": [
        referral(
            "Hearing Voices Group",
            [
                change(120, SUGGESTED),
                change(119, CONSENTED),
                change(112, INTRODUCED),
                change(98, ATTENDING),
            ],
            why=(
                "Dan wanted to hear how other people live with voices day to day. The group meets at the "
                "clubhouse he already knows, on Friday afternoons."
            ),
            match_basis="English-speaking; Hearing voices focus; Free; Step-free access; afternoons",
            shared=[FIRST_NAME, ACCESS_NEEDS],
            expectations=(
                "Peers share their own ways of coping; they do not replace Lee or his medication plan. Dan can "
                "wait in the quiet room and join when ready."
            ),
            safety=(
                "If the voices get louder after a meeting, Dan follows his safety plan: call his mom, then Lee "
                "or the crisis line."
            ),
            follow_up=10,
        ),
        referral(
            "Inclusive Work Coaching / Empleo Incluyente",
            [
                change(80, SUGGESTED),
                change(78, CONSENTED),
                change(70, INTRODUCED),
                change(
                    60,
                    NOT_A_FIT,
                    "The coaching is for people starting or returning to work; Dan has worked at Harborline for "
                    "eight years. The coach pointed him to the company's own accommodation process.",
                ),
            ],
            why="Dan is thinking about asking for a quieter workstation at the warehouse.",
            match_basis="English-speaking; Workplace inclusion focus; Free; Step-free access",
            shared=[FIRST_NAME, CONTACT],
            expectations="The coach can help with the request; Dan decides what his employer is told.",
            safety="No change to the safety plan.",
        ),
        referral(
            "Lakeside Warmline / Línea Cálida",
            [
                change(45, SUGGESTED),
                change(
                    45,
                    DECLINED,
                    "Dan would rather call his mom or a friend from the clubhouse than talk to someone new on the "
                    "phone.",
                ),
            ],
            why="Someone to talk to on evenings when Dan's mom is at church.",
            match_basis="English-speaking; Recovery focus; Free; Online: no steps to climb",
        ),
    ],
    # Lakeside. Imani: introduced to the collective, with an overdue follow-up; withdrew her consent to the
    # Sister Circle in the portal when it moved to her class night.
    "Imani Johnson": [
        referral(
            "Queer & Trans Peer Collective",
            [
                change(30, SUGGESTED),
                change(29, AWAITING),
                change(27, CONSENTED, by_client=True),
                change(18, INTRODUCED),
            ],
            why=(
                "Imani wants a space with other queer people of color her age, where she doesn't have to be the "
                "organiser. The open mic is a place for her poetry."
            ),
            match_basis=(
                "English-speaking; LGBTQ+ peers focus; Young adults focus; Hybrid, as preferred; "
                "Cultural focus: Queer and trans people of color"
            ),
            shared=[FIRST_NAME, PRONOUNS],
            expectations=(
                "Peers offer company and shared experience, not therapy. Imani can go to the open mic only, or "
                "just to the circle."
            ),
            safety=(
                "If a meeting brings up old memories, Imani uses her grounding steps and texts Bree. The safety "
                "plan and crisis lines stay in place."
            ),
            follow_up=-4,
        ),
        referral(
            "Sister Circle: Black Women's Wellness",
            [
                change(90, SUGGESTED),
                change(89, AWAITING),
                change(88, CONSENTED, by_client=True),
                change(80, INTRODUCED),
                change(70, ATTENDING),
                change(
                    35,
                    WITHDRAWN,
                    "The circle moved to Wednesday nights, when I have class. I'd like to come back to it next term.",
                    by_client=True,
                ),
            ],
            why=(
                "Imani wanted a circle where she can talk about racism and rest without having to explain "
                'either, and where she isn\'t always "the strong one".'
            ),
            match_basis=(
                "English-speaking; Creative expression focus; Young adults focus; Free; Cultural focus: Black "
                "women and femmes"
            ),
            shared=[FIRST_NAME, PRONOUNS],
            expectations="Peers share, not treat; Imani keeps her sessions with Lee.",
            safety="Grounding steps and the safety plan, as agreed with Lee.",
        ),
    ],
    # Lakeside. Luis: new to the clinic; agreed in his first session to the legal centre, and a mentor is
    # suggested.
    "Luis Alberto Ramírez": [
        referral(
            "Centro Legal Comunitario",
            [change(6, SUGGESTED), change(6, CONSENTED)],
            why=(
                "El taller cerró sin pagarle a Luis sus dos últimas semanas. Quiere saber qué puede hacer, y "
                "preocuparse menos por el dinero le ayudaría a dormir."
            ),
            match_basis=(
                "Idioma: español; Enfoque: Workplace inclusion; Enfoque: Comunidad latina; Acceso sin escalones"
            ),
            shared=[FIRST_NAME, CONTACT, LANGUAGE],
            expectations=(
                "El centro da ayuda legal, no apoyo emocional. Luis decide qué contar de su salud; Ana solo "
                "comparte su nombre, cómo contactarlo y que prefiere el español."
            ),
            safety="Si la espera le angustia, Luis llama a su hermano Marco o a la línea 988 (opción 2).",
            follow_up=8,
        ),
        referral(
            "Camino Nuevo: Mentores de Pares",
            [change(6, SUGGESTED)],
            why=(
                "Alguien que también perdió su trabajo y salió adelante, para acompañar a Luis mientras busca uno "
                "nuevo."
            ),
            match_basis="Idioma: español; Enfoque: Workplace inclusion; Enfoque: Comunidad latina; Gratuito",
            follow_up=8,
        ),
    ],
}
