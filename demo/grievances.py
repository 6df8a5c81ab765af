"""The demo's grievances: what portal clients told their clinic, and how the admin answered.

Every portal client has sent one, in their own language and voice. Between them every status shows
(received, in review, resolved), and each clinic has one resolved with its admin's reply. Dates are days
ago, as in the rest of the demo; a status change or reply happened on the day given.
"""

from grievances.models import GrievanceKind, GrievanceStatus

GRIEVANCES = {
    # Riverbend: Jordan's complaint about check-in, looked into and resolved with a reply from Priya.
    "Jordan Avery Lee": [
        {
            "kind": GrievanceKind.COMPLAINT,
            "subject": "Check-in at the front desk",
            "text": (
                "When I checked in last Tuesday, the reason for my appointment was read out at the front desk "
                "loud enough for the whole waiting room to hear. I felt exposed, and I almost left. Could "
                "check-in be quieter, or done on a slip of paper?"
            ),
            "anonymous_to_therapist": True,
            "sent": 20,
            "in_review": 19,
            "resolved": 12,
            "response": (
                "Thank you for telling us, and I am sorry this happened. You should never have to hear your "
                "care discussed in the waiting room. From this week, check-in is on a short written slip, and "
                "the front-desk team has gone over how to confirm appointments quietly. If it happens again, "
                "please tell us here. — Priya"
            ),
        },
    ],
    # Riverbend: Taylor's suggestion about evening appointments, which the admin is looking into.
    "Taylor Brooks": [
        {
            "kind": GrievanceKind.FEEDBACK,
            "subject": "Evening appointments",
            "text": (
                "Most of my classes are during the day, so getting here before five is hard. Some appointments "
                "after six, even one evening a week, would help students and people who work days."
            ),
            "anonymous_to_therapist": False,
            "sent": 6,
            "in_review": 4,
        },
    ],
    # Lakeside: Rosa's thanks, in Spanish, answered by Grace.
    "Rosa Elena Martínez": [
        {
            "kind": GrievanceKind.COMPLIMENT,
            "subject": "Gracias por los materiales en español",
            "text": (
                "Quiero dar las gracias por los folletos y el plan de seguridad en español. Mi mamá por fin "
                "pudo leer conmigo cómo me pueden ayudar, y eso significó mucho para las dos."
            ),
            "anonymous_to_therapist": False,
            "sent": 9,
            "in_review": 8,
            "resolved": 8,
            "response": (
                "Gracias, Rosa, por tomarse el tiempo de escribirnos. Le compartiremos su mensaje al equipo que "
                "preparó los materiales; nos alegra mucho que hayan servido para usted y su mamá. — Grace"
            ),
        },
    ],
    # Lakeside: Imani's complaint about the step-free entrance, just received.
    "Imani Johnson": [
        {
            "kind": GrievanceKind.COMPLAINT,
            "subject": "Step-free entrance blocked",
            "text": (
                "Twice this month the ramp at the side entrance was blocked by recycling bins, and I waited "
                "outside until someone noticed me. Please keep the ramp clear on collection days."
            ),
            "anonymous_to_therapist": True,
            "sent": 1,
        },
    ],
}

STATUS_DAYS = [("in_review", GrievanceStatus.IN_REVIEW), ("resolved", GrievanceStatus.RESOLVED)]
