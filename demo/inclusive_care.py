"""The demo's inclusive-care reviews: how each clinic checked how welcoming and stigma-free its care is.

Riverbend has two reviews, half a year apart: the first found many basics missing, the second shows most
of them in place (intake forms now ask for pronouns, every staff member had the workshop, check-in at the
front desk is discreet since Jordan's complaint) and a few items still open, with owners and due dates, one
past due. Lakeside has one review, written in Spanish by its team. Every review uses the standard questions
(`clinics.inclusive_care.QUESTIONS`, named here by their English text); an item not listed takes the
review's `default` status.

`days_ago` dates a review; an item's `due` is days from today (negative in the past); `owner` is the email of
one of the clinic's demo staff.
"""

from clinics.models import ItemStatus

MET, PARTLY, OPEN, NOT_APPLICABLE = ItemStatus.MET, ItemStatus.PARTLY, ItemStatus.OPEN, ItemStatus.NOT_APPLICABLE

PRIYA, MAYA, SAM = "admin@riverbend.example", "maya@riverbend.example", "sam@riverbend.example"
GRACE, LEE, ANA = "admin@lakeside.example", "lee@lakeside.example", "ana@lakeside.example"


def item(status, owner=None, due=None, next_step=""):
    return {"status": status, "owner": owner, "due": due, "next_step": next_step}


REVIEWS = {
    "Riverbend Community Clinic": [
        {
            "days_ago": 200,
            "default": OPEN,
            "summary": (
                "Our first review, done with the whole team at the staff meeting. Many basics are still missing. "
                "We chose the intake forms and staff training as the first things to change."
            ),
            "items": {
                "Forms ask for pronouns and preferred name": item(
                    OPEN, MAYA, -140, "Add pronouns and preferred name to the intake form and to the record."
                ),
                "Every staff member had anti-stigma language training in the last 12 months": item(
                    OPEN, PRIYA, -120, "Book a person-first language workshop for everyone, front desk included."
                ),
                "Intake forms and key leaflets are available in Spanish": item(
                    OPEN, SAM, -100, "Ask the county for its Spanish leaflets and translate our welcome letter."
                ),
                "Directions by public transport are on our website and in appointment letters": item(
                    OPEN, PRIYA, -120, "Add bus routes 4 and 12 to the website and to appointment letters."
                ),
                "Staff use each person's chosen name and pronouns": item(PARTLY),
                "Sessions can be held by video or phone for someone who cannot come in": item(MET),
                "The entrance, session rooms and restrooms are step-free": item(MET),
                "The client portal, emails and reminders are offered in each person's language": item(MET),
                "Letters and reminders are discreet: they reveal nothing a person has not chosen to share": item(MET),
            },
        },
        {
            "days_ago": 20,
            "default": MET,
            "summary": (
                "Intake forms now ask for pronouns and preferred name, and every staff member has had the "
                "workshop. After a client's feedback, check-in at the front desk is done on a written slip. "
                "Still to do: a quiet space, interpreters, large print, and evening appointments."
            ),
            "items": {
                "There is a quiet space for someone who needs one": item(
                    PARTLY, PRIYA, 30, "Clear the small room by the entrance and add a sign that anyone may use it."
                ),
                "A professional interpreter can be booked at no cost, so family members never have to interpret": (
                    item(OPEN, SAM, 45, "Set up the county's telephone interpreter line and show the front desk.")
                ),
                "Materials come in large print and work with screen readers": item(
                    OPEN,
                    MAYA,
                    -5,
                    "Reprint the welcome leaflet in large print; check the website with a screen reader.",
                ),
                "People with lived experience help lead the training": item(
                    PARTLY, PRIYA, 60, "Invite the local peer-support group to co-lead the spring workshop."
                ),
                "Staff know the local ride and fare-help programmes and offer them": item(
                    PARTLY, SAM, 20, "Add the county ride programme to the peer directory."
                ),
                "Appointment times can fit around public transport and work shifts": item(
                    PARTLY, PRIYA, 40, "Try one evening a week with appointments after six."
                ),
            },
        },
    ],
    "Lakeside Wellness Collective": [
        {
            "days_ago": 45,
            "default": MET,
            "summary": (
                "Primera revisión con todo el equipo. Casi todo está en marcha; faltan una formación reciente "
                "sobre lenguaje centrado en la persona y un espacio tranquilo."
            ),
            "items": {
                "Every staff member had anti-stigma language training in the last 12 months": item(
                    OPEN, GRACE, 25, "Organizar un taller sobre lenguaje centrado en la persona para todo el personal."
                ),
                "There is a quiet space for someone who needs one": item(
                    PARTLY, ANA, 15, "Reservar la sala pequeña como espacio tranquilo en horario de atención."
                ),
                "Directions by public transport are on our website and in appointment letters": item(
                    PARTLY, LEE, -3, "Añadir las rutas de autobús a la página web y a las cartas de cita."
                ),
                "Pictures show people of different backgrounds, ages, bodies and abilities": item(NOT_APPLICABLE),
            },
        },
    ],
}
