"""Load a clinic's licensed item wording for an instrument that ships without it.

    python manage.py load_instrument ismi10-en.json --clinic "Riverbend Community Clinic"

The file is JSON: {"instrument": "ismi10", "language": "en", "items": {"alienation_1": "…", …}},
one text for every item id of the shipped definition (portfolio/instruments/<key>.json). Optional: "stem" (the
question the items answer), "labels" (the answers, one per point of the scale) and "followup" ({"text": …,
"labels": […]}) in that language.

The same command loads an official translation of an instrument whose English wording ships (the PHQ-9, the GAD-7):
    python manage.py load_instrument phq9-es.json --clinic "Lakeside Counseling Center"
Only load a translation from its authors' published version, word for word: a validated questionnaire is never
translated by hand.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clinics.models import Clinic
from portfolio.instruments import definition_for, validate_wording, validate_wording_extra
from portfolio.models import InstrumentWording


class Command(BaseCommand):
    help = "Load a clinic's licensed item wording (the ISMI-10) or an official translation (PHQ-9, GAD-7)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--clinic", help="The clinic's name (needed when there is more than one clinic).")

    def handle(self, *args, file, clinic=None, **options):
        try:
            wording = json.loads(file.read_text(encoding="utf-8"))
            definition = definition_for(wording.get("instrument", ""))
            items = validate_wording(definition, wording)
            extra = validate_wording_extra(definition, wording)
        except (OSError, ValueError) as error:  # InstrumentError and JSONDecodeError are ValueErrors
            raise CommandError(f"Not loaded: {error}") from error
        target = self._clinic(clinic)
        InstrumentWording.objects.update_or_create(
            clinic=target,
            instrument=definition["key"],
            language=wording["language"],
            defaults={"items": items, "extra": extra},
        )
        self.stdout.write(f"Loaded {len(items)} items of {definition['key']} ({wording['language']}) for {target}.")

    @staticmethod
    def _clinic(name):
        clinics = Clinic.objects.all()
        if name:
            clinic = clinics.filter(name=name).first()
            if clinic is None:
                raise CommandError(f"No clinic is called {name!r}.")
            return clinic
        if clinics.count() != 1:
            raise CommandError("Say which clinic with --clinic NAME.")
        return clinics.get()
