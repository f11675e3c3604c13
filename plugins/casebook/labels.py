"""Interface words of the generated pages, in German and English (the one place to translate them)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "cases": "Fälle",
        "all_cases": "Alle Fälle",
        "instruments": "Instrumente",
        "all_instruments": "Alle Instrumente",
        "phases": "Die vier Phasen der Koproduktion",
        "phase": "Phase",
        "countries": "Fälle nach Ländern",
        "country": "Land",
        "place": "Ort",
        "where_to_start": "Wo beginnen?",
        "summary": "Kurzfassung",
        "story": "Der Fall",
        "outcomes": "Wirkungen",
        "matrix_position": "Position in der Matrix",
        "sources": "Quellen",
        "website": "Website",
        "organisations": "Beteiligte Organisationen",
        "related_cases": "Ähnliche Fälle",
        "last_reviewed": "Zuletzt geprüft",
        "added": "Aufgenommen",
        "year_started": "Beginn",
        "contributors": "Autorinnen und Autoren",
        "policy_areas": "Politikfelder",
        "cooperation": "Kooperation",
        "savings": "Einsparungen/Verbesserungen",
        "low": "niedrig",
        "high": "hoch",
        "basis_editorial": "Redaktionelle Einschätzung der Autor/innen dieses Falls.",
        "basis_source": "Einschätzung laut den angegebenen Quellen.",
        "what_it_is": "Was ist das?",
        "how_to_start": "So fangen Sie an",
        "examples": "Beispiele",
        "cases_using": "Fälle mit diesem Instrument",
        "used_together": "Häufig zusammen eingesetzt mit",
        "used_together_count": "gemeinsame Fälle: {count}",
        "no_cases_yet": "Noch keine Fälle. Kennen Sie einen? Siehe „Einen Fall beitragen“.",
        "phase_instruments": "Instrumente dieser Phase",
        "phase_cases": "Fälle dieser Phase",
        "case_count": "Fälle: {count}",
        "matrix_title": "Wo beginnen? Kooperation und Einsparungen/Verbesserungen der Fälle",
        "matrix_desc": "Streudiagramm: waagerecht die Einsparungen/Verbesserungen von niedrig (1) bis hoch (5), "
                       "senkrecht die Kooperation von niedrig (1) bis hoch (5). Jeder Punkt ist ein Fall und "
                       "verlinkt auf seine Seite; dieselben Angaben stehen in der Tabelle.",
        "matrix_case_desc": "Kleine Matrix: dieser Fall liegt bei Kooperation {cooperation} und "
                            "Einsparungen/Verbesserungen {savings} (jeweils von 5).",
        "matrix_intro": "Die Matrix aus dem Vortrag ordnet jeden Fall nach zwei Fragen: Wie stark arbeiten "
                        "Bürger/innen mit (Kooperation)? Und was bringt es der Kommune (Einsparungen oder "
                        "Verbesserungen)? Die Positionen sind Einschätzungen; jede Fallseite nennt die Gründe.",
        "matrix_more": "+ {count} weitere",
        "quadrant_high_high": "Vorbilder: viel Mitwirkung, viel Nutzen – hier lernen",
        "quadrant_low_high": "Schnelle Gewinne: Nutzen schon mit wenig Mitwirkung – guter Einstieg",
        "quadrant_high_low": "Beziehungen aufbauen: viel Mitwirkung, Nutzen wächst noch",
        "quadrant_low_low": "Erste Schritte: klein anfangen und ausbauen",
        "get_started": "Und was jetzt? „Fangen Sie an!“",
        "matrix_table_caption": "Die Fälle in der Matrix",
        "case": "Fall",
        "more_in_table": "Alle Fälle dieser Zelle stehen in der Tabelle.",
        "translation_missing": "Dieser Fall liegt nur auf Englisch vor.",
        "translation_missing_field": "nur auf Englisch",
        "in_other_language": "Englisch",
        "source_talk": "Quelle der Phasen und Instrumente: Dr. Elke Löffler, Governance International, "
                       "„Big Society“ – Eine neue Verantwortungsteilung zwischen Staat und Bürgergesellschaft "
                       "in England.",
        "cases_intro": "Alle Fälle mit Ort, Land, Phasen, Instrumenten und Position in der Matrix.",
        "instruments_intro": "Die Instrumente und Konzepte aus dem Vortrag, nach den vier Phasen der Koproduktion.",
        "countries_intro": "Die Fälle nach Ländern.",
        "phase_index_intro": "Koproduktion heißt: Verwaltung und Bürger/innen entwickeln, beauftragen, setzen um und "
                             "bewerten öffentliche Leistungen gemeinsam.",
    },
    "en": {
        "cases": "Cases",
        "all_cases": "All cases",
        "instruments": "Instruments",
        "all_instruments": "All instruments",
        "phases": "The four phases of co-production",
        "phase": "Phase",
        "countries": "Cases by country",
        "country": "Country",
        "place": "Place",
        "where_to_start": "Where to start",
        "summary": "Summary",
        "story": "The case",
        "outcomes": "Outcomes",
        "matrix_position": "Position on the matrix",
        "sources": "Sources",
        "website": "Website",
        "organisations": "Organisations involved",
        "related_cases": "Related cases",
        "last_reviewed": "Last reviewed",
        "added": "Added",
        "year_started": "Started",
        "contributors": "Contributors",
        "policy_areas": "Policy areas",
        "cooperation": "Cooperation",
        "savings": "Savings/improvements",
        "low": "low",
        "high": "high",
        "basis_editorial": "Editorial judgement of this case's contributors.",
        "basis_source": "As assessed in the cited sources.",
        "what_it_is": "What it is",
        "how_to_start": "How to start",
        "examples": "Examples",
        "cases_using": "Cases using this instrument",
        "used_together": "Often used together with",
        "used_together_count": "cases together: {count}",
        "no_cases_yet": "No cases yet. Know one? See “Contributing a case”.",
        "phase_instruments": "Instruments of this phase",
        "phase_cases": "Cases of this phase",
        "case_count": "cases: {count}",
        "matrix_title": "Where to start: the cases by cooperation and savings/improvements",
        "matrix_desc": "Scatter plot: savings/improvements from low (1) to high (5) across, cooperation from low (1) "
                       "to high (5) upwards. Each point is a case and links to its page; the table holds the same "
                       "data.",
        "matrix_case_desc": "Small matrix: this case sits at cooperation {cooperation} and savings/improvements "
                            "{savings} (each out of 5).",
        "matrix_intro": "The talk's matrix places each case by two questions: how much do citizens take part "
                        "(cooperation)? And what does the council gain (savings or improvements)? The positions "
                        "are judgements; each case page gives the reasons.",
        "matrix_more": "+ {count} more",
        "quadrant_high_high": "Role models: much cooperation, much gain – learn from these",
        "quadrant_low_high": "Quick wins: gains with little cooperation – a good first step",
        "quadrant_high_low": "Building relationships: much cooperation, gains still growing",
        "quadrant_low_low": "First steps: start small and build up",
        "get_started": "And now? “Get started!”",
        "matrix_table_caption": "The cases on the matrix",
        "case": "Case",
        "more_in_table": "Every case of this cell is in the table.",
        "translation_missing": "This case is only available in German.",
        "translation_missing_field": "German only",
        "in_other_language": "German",
        "source_talk": "Source of the phases and instruments: Dr. Elke Löffler, Governance International, "
                       "“Big Society” – Eine neue Verantwortungsteilung zwischen Staat und Bürgergesellschaft "
                       "in England.",
        "cases_intro": "Every case with its place, country, phases, instruments and position on the matrix.",
        "instruments_intro": "The instruments and concepts from the talk, by the four phases of co-production.",
        "countries_intro": "The cases by country.",
        "phase_index_intro": "Co-production means that public services and citizens design, commission, deliver "
                             "and assess services together.",
    },
}

COUNTRY_NAMES: dict[str, tuple[str, str]] = {
    # ISO 3166-1 alpha-2: (German, English). A code not listed here is shown as the code itself.
    "AT": ("Österreich", "Austria"), "BE": ("Belgien", "Belgium"), "CH": ("Schweiz", "Switzerland"),
    "CZ": ("Tschechien", "Czechia"), "DE": ("Deutschland", "Germany"), "DK": ("Dänemark", "Denmark"),
    "EE": ("Estland", "Estonia"), "ES": ("Spanien", "Spain"), "FI": ("Finnland", "Finland"),
    "FR": ("Frankreich", "France"), "GB": ("Vereinigtes Königreich", "United Kingdom"),
    "GR": ("Griechenland", "Greece"), "HU": ("Ungarn", "Hungary"), "IE": ("Irland", "Ireland"),
    "IT": ("Italien", "Italy"), "LU": ("Luxemburg", "Luxembourg"), "NL": ("Niederlande", "Netherlands"),
    "NO": ("Norwegen", "Norway"), "PL": ("Polen", "Poland"), "PT": ("Portugal", "Portugal"),
    "SE": ("Schweden", "Sweden"), "SI": ("Slowenien", "Slovenia"), "SK": ("Slowakei", "Slovakia"),
    "US": ("Vereinigte Staaten", "United States"), "CA": ("Kanada", "Canada"), "AU": ("Australien", "Australia"),
    "NZ": ("Neuseeland", "New Zealand"),
}


def country_name(code: str, language: str) -> str:
    names = COUNTRY_NAMES.get(code)
    return names[0 if language == "de" else 1] if names else code
