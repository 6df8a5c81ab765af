from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "clinics"
    verbose_name = "Clinics"

    def ready(self):
        from clients.selectors import CLINIC_READS

        from .selectors import crisis_lines

        CLINIC_READS.register("crisis_lines", crisis_lines)
