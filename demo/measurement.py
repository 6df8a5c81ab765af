"""The demo's measurement-based care (issue 25): PHQ-9 and GAD-7 results over the last months, the schedules that
ask them, which charts the therapist shared, and the client's own markers on them.

Answers are in the order of each questionnaire's items (portfolio/instruments/phq9.json, gad7.json). Results older
than the session history were entered in session; the later ones the client answered in the portal.
"""

# (days ago, answers, answered by the client in the portal)
RESULTS = {
    "Jordan Avery Lee": {
        "phq9": [
            (112, (2, 2, 2, 1, 1, 2, 1, 1, 0), False),  # 12: moderate, the baseline
            (84, (2, 2, 1, 1, 1, 2, 1, 1, 0), False),  # 11
            (56, (1, 2, 1, 1, 1, 1, 1, 1, 0), False),  # 9: mild
            (28, (1, 1, 1, 1, 1, 1, 1, 0, 0), True),  # 7
            (14, (1, 1, 1, 1, 0, 1, 1, 0, 0), True),  # 6: down 6 from the baseline, a reliable improvement
        ],
        "gad7": [
            (112, (2, 2, 2, 1, 2, 1, 1), False),  # 11: moderate
            (56, (2, 1, 2, 1, 1, 1, 1), False),  # 9
            (14, (1, 1, 2, 1, 1, 1, 1), True),  # 8: down 3, not yet a reliable change
        ],
    },
    "Rosa Elena Martínez": {
        "gad7": [
            (90, (2, 2, 2, 2, 2, 2, 2), False),  # 14: moderate
            (60, (2, 2, 2, 2, 1, 2, 1), False),  # 12
            (30, (1, 2, 1, 2, 1, 1, 1), False),  # 9: mild
            (7, (1, 1, 1, 2, 1, 1, 1), False),  # 8: down 6 from the baseline, a reliable improvement
        ],
    },
}

# What the therapist asks from now on: (instrument, cadence, every N weeks).
SCHEDULES = {
    "Jordan Avery Lee": [("phq9", "every_weeks", 2), ("gad7", "before_session", None)],
    "Rosa Elena Martínez": [("gad7", "before_session", None)],
}

# The charts shared with the client, and (days ago) when.
SHARED = {
    "Jordan Avery Lee": [("phq9", 13)],
    "Rosa Elena Martínez": [("gad7", 6)],
}

# The client's own markers on their charts: (days ago it happened, what), added from the portal.
MARKERS = {
    "Jordan Avery Lee": [(40, "Started a new job at the print shop")],
    "Rosa Elena Martínez": [(45, "Empecé las clases de cerámica")],
}
