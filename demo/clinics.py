"""The demo clinics, their staff and clients, and the helpers that describe a record."""

import datetime

from clients.models import AdvocacyLoad, RelapseRisk

DEMO_PASSWORD = "planner-demo-2026"  # nosec B105

# Sessions, reviews and new support people are dated this many hours into the clinic's day.
SESSION_TIME = datetime.time(16, 0)

CLINICS = [
    {
        "name": "Riverbend Community Clinic",
        "timezone": "America/New_York",
        "default_language": "en",
        "message_office_hours": "Monday to Friday, 9 am to 5 pm",
        "crisis_lines": [("988 Suicide & Crisis Lifeline", "988", "988", "24/7")],
        "admin": ("admin@riverbend.example", "Priya Raman"),
        "therapists": [("maya@riverbend.example", "Maya Okafor"), ("sam@riverbend.example", "Sam Delgado")],
        "clients": [
            # (legal name, preferred name, pronouns, language, therapist index, portal email, status)
            ("Jordan Avery Lee", "Jordan", "they/them", "en", 0, "jordan@riverbend.example", "active"),
            ("Alexandra Kim", "Alex", "she/her", "en", 0, None, "active"),
            ("Taylor Brooks", "", "he/him", "en", 1, "taylor@riverbend.example", "active"),
            ("Christopher Morgan", "Chris", "he/him", "en", 1, None, "discharged"),
        ],
        "care_team": [(0, 1)],  # Sam is on Jordan's care team
    },
    {
        "name": "Lakeside Wellness Collective",
        "timezone": "America/Los_Angeles",
        "default_language": "es",
        "message_office_hours": "de lunes a viernes, de 9:00 a 17:00",
        "crisis_lines": [
            ("988 Suicide & Crisis Lifeline", "988", "988", "24/7"),
            ("Línea 988 de Prevención del Suicidio y Crisis (opción 2, en español)", "988", "", "24/7"),
        ],
        "admin": ("admin@lakeside.example", "Grace Chen"),
        "therapists": [("lee@lakeside.example", "Lee Nguyen"), ("ana@lakeside.example", "Ana Torres")],
        "clients": [
            ("Rosa Elena Martínez", "Rosa", "ella", "es", 1, "rosa@lakeside.example", "active"),
            ("Daniel Park", "Dan", "he/him", "en", 0, None, "active"),
            ("Imani Johnson", "", "she/they", "en", 0, "imani@lakeside.example", "active"),
            ("Luis Alberto Ramírez", "Luis", "él", "es", 1, None, "active"),
        ],
        "care_team": [],
    },
]


def person(name, relationship, detail, awareness, stage, *, added, shared=False, script="", role_play=""):
    """One support person of the demo; `added` is how many days ago they joined the record."""
    return {
        "name": name,
        "relationship": relationship,
        "relationship_detail": detail,
        "awareness": awareness,
        "ally_stage": stage,
        "added": added,
        "shared": shared,
        "conversation_script": script,
        "role_play_notes": role_play,
    }


def check_in(days_ago, wellbeing, stigma, risk, plan_reviewed, load, notes):
    return {
        "days_ago": days_ago,
        "wellbeing": wellbeing,
        "stigma_encounters": stigma,
        "relapse_risk": risk,
        "safety_plan_reviewed": plan_reviewed,
        "advocacy_load": load,
        "notes": notes,
    }


OK, TOO_MUCH = AdvocacyLoad.OK, AdvocacyLoad.TOO_MUCH
LOW, MEDIUM, HIGH = RelapseRisk.LOW, RelapseRisk.MEDIUM, RelapseRisk.HIGH
