"""The plain-language consent text a client reads before an introduction, by version and language.

A referral records which version the client agreed to. Change the text by adding a new version;
never edit one that clients may already have agreed to.
"""

CURRENT_VERSION = "2026-11"

TEXTS = {
    "2026-11": {
        "en": [
            "Your therapist has suggested a peer connection for you. Peer support is given by people with "
            "their own lived experience. It adds to your treatment; it does not replace it.",
            "If you agree, your therapist may tell the people at this resource only what is listed on this "
            "page, so that they can welcome you. Nothing else about your care is shared.",
            "Peers can listen, share what helped them and keep you company on the way. They are not your "
            "therapist or a crisis service. If you are in crisis, use your safety plan or a crisis line.",
            "You can change your mind at any time, here in the portal or by telling your therapist. "
            "Sharing stops at once when you do.",
        ],
        "es": [
            "Tu terapeuta te sugirió una conexión con apoyo entre pares. El apoyo entre pares lo dan personas "
            "con experiencia vivida propia. Complementa tu tratamiento; no lo reemplaza.",
            "Si aceptas, tu terapeuta podrá contar a las personas de este recurso solo lo que aparece en esta "
            "página, para que puedan darte la bienvenida. No se comparte nada más sobre tu atención.",
            "Las personas pares pueden escucharte, contarte lo que les ayudó y acompañarte en el camino. No son "
            "tu terapeuta ni un servicio de crisis. Si estás en crisis, usa tu plan de seguridad o una "
            "línea de crisis.",
            "Puedes cambiar de opinión cuando quieras, aquí en el portal o diciéndoselo a tu terapeuta. "
            "Al hacerlo, se deja de compartir información de inmediato.",
        ],
    },
}


def consent_text(language, version=CURRENT_VERSION):
    """The paragraphs of the consent text in the client's language (English when not translated)."""
    texts = TEXTS[version]
    return texts.get(language, texts["en"])
