"""The demo's care loop (issue 24): a session history with agendas, one session to come, a message thread, and what
the client did between sessions (which raises the clinic's attention flags through the services, as it would)."""

# Sessions: (days ago, or negative for days ahead; modality; status; agenda). Held ones are at the session time of
# the demo (demo.clinics.SESSION_TIME); the one to come is scheduled today, for then.
SESSIONS = {
    "Jordan Avery Lee": [
        (
            21,
            "in_person",
            "held",
            "- Review the safety plan together\n- How the first week of journaling went\n"
            "- Anything else Jordan wants to bring: the new manager",
        ),
        (
            14,
            "video",
            "held",
            "- Rehearse telling the new manager (second try)\n- Advocacy pace: is one forum a month still right?",
        ),
        (
            7,
            "video",
            "held",
            "- How the talk with the new manager went\n- Peer circle: Jordan's questions before saying yes\n"
            "- Anything else Jordan wants to bring:",
        ),
        (-2, "video", "scheduled", ""),
    ],
    "Rosa Elena Martínez": [
        (
            10,
            "in_person",
            "held",
            "- Repasar el plan de seguridad\n- Cómo fue hablar con su hermana\n- Algo más que Rosa quiera traer:",
        ),
        (-4, "phone", "scheduled", ""),
    ],
}
VIDEO_LINK = "https://video.example.org/room/riverbend-maya"
LOCATION = "Room 2, first floor"

# What the client did in the portal after the last session: (days ago, what, details). "encounter" logs a stigma
# encounter (distress before and after), "message" writes to the care team, "reply" is the therapist's answer.
BETWEEN_SESSIONS = {
    "Jordan Avery Lee": [
        (
            3,
            "encounter",
            {
                "setting": "work",
                "what_happened": "In a team meeting someone called a missed deadline \u201ccompletely psycho\u201d "
                "and looked at me.",
                "response": "I left the room and sat in my car for a while.",
                "distress_before": 9,
                "distress_after": 6,
                "debriefed_with": "not_yet",
                "learning": "I want to talk about it before I decide what to do.",
            },
        ),
        (
            3,
            "message",
            "Something hard happened at work today. I'm OK, I used the breathing from my safety plan. "
            "Can we talk about it on Tuesday?",
        ),
        (
            2,
            "reply",
            "Thank you for telling me, Jordan. Yes, let's start there on Tuesday. Your safety plan is in "
            "the portal if the evening gets heavy, and the crisis line is at the bottom of every page.",
        ),
        (1, "message", "Thanks. Feeling steadier today."),
    ],
    "Rosa Elena Martínez": [
        (2, "message", "Hola Ana, esta semana escribí en mi diario casi todos los días. ¿Lo vemos el jueves?"),
    ],
}
