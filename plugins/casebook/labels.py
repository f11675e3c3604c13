"""Interface words of the generated pages, in German and English: the one place to translate them,
with the grammar that goes with them (CLDR plural rules and date formats, through Babel)."""

from __future__ import annotations

import datetime
import json

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

# The CLDR locale of each site language: dates in British English ("27 November 2026"), as the
# site's English spelling is British.
LOCALES = {"de": "de_DE", "en": "en_GB"}

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
        "basis_editorial": "Einschätzung der Redaktion, also der Autorinnen und Autoren dieses Falls; der Vortrag "
        "ordnet keinen Fall in die Matrix ein.",
        "basis_source": "Einschätzung laut den angegebenen Quellen.",
        # Instrument and phase pages: the talk's words apart from the editors' text.
        "in_the_talk": "Im Vortrag",
        "talk_slide": "Der Vortrag nennt dieses Instrument auf der Folie „Instrumente/Konzepte“ zur Phase {phases}:",
        "talk_translation": "Übersetzung der Redaktion:",
        "editors_explanation": "Erläuterung der Redaktion",
        "how_to_start": "So könnten Sie anfangen: ein Vorschlag der Redaktion",
        "editors_advice_note": "Dieser Vorschlag stammt von der Redaktion von Casebook, nicht aus dem Vortrag.",
        "examples": "Beispiele, die der Vortrag nennt",
        "cases_using": "Fälle, die dieses Instrument laut ihren Quellen eingesetzt haben",
        "used_together": "In denselben Fällen eingesetzt",
        "no_cases_yet": "Noch keine Fälle. Kennen Sie einen? Siehe „Einen Fall beitragen“.",
        "phase_instruments": "Instrumente, die der Vortrag für diese Phase nennt",
        "phase_instruments_note": "Der Vortrag nennt diese Instrumente auf der Folie „Instrumente/Konzepte“ nach "
        "seiner Fallstudie zu dieser Phase. Welche davon ein Fall eingesetzt hat, steht auf der Seite des Falls.",
        "phase_cases": "Fälle dieser Phase",
        "matrix_title": "Wo beginnen? Kooperation und Einsparungen/Verbesserungen der Fälle",
        "matrix_desc": "Streudiagramm: waagerecht die Einsparungen/Verbesserungen von niedrig (1) bis hoch (5), "
        "senkrecht die Kooperation von niedrig (1) bis hoch (5). Jeder nummerierte Punkt ist ein Fall und "
        "verlinkt auf seine Seite; dieselben Angaben stehen in der Tabelle.",
        "matrix_case_desc": "Kleine Matrix: dieser Fall liegt bei Kooperation {cooperation} und "
        "Einsparungen/Verbesserungen {savings} (jeweils von 5).",
        "matrix_intro": "Auf der Folie „Wo beginnen?“ zeigt der Vortrag eine Matrix mit zwei Achsen: Kooperation "
        "(niedrig bis hoch) und Einsparungen/Verbesserungen. Die Folie ordnet keinen Fall ein. Wo die Fälle hier "
        "liegen, hat die Redaktion eingeschätzt; jede Fallseite nennt die Gründe.",
        "quadrants": "Quadranten (Einteilung der Redaktion)",
        "quadrants_intro": "Die Folie nennt keine Quadranten. Die Redaktion teilt die Werte von 1 bis 5 so ein: "
        "1 und 2 sind niedrig, 4 und 5 hoch, 3 ist die Mitte. Ein Fall mit einer 3 liegt auf einer Mittellinie "
        "und in keinem Quadranten. Die Quadranten heißen nach ihren Achsen.",
        "quadrant_name": "{cooperation} {cooperation_band} · {savings} {savings_band}",
        "quadrant_middle_line": "Auf einer Mittellinie (ein Wert ist 3)",
        "get_started": "Und was jetzt? „Fangen Sie an!“",
        "get_started_source": "Mit diesen Worten endet die Folie „Wo beginnen?“ im Vortrag.",
        "matrix_table_caption": "Die Fälle in der Matrix",
        "case": "Fall",
        "translation_missing": "Dieser Fall liegt nur auf Englisch vor.",
        "in_other_language": "Englisch",
        "source_talk": "Aus dem Vortrag „Big Society“ – Eine neue Verantwortungsteilung zwischen Staat und "
        "Bürgergesellschaft in England (Dr. Elke Löffler, Governance International) stammen die Namen der Phasen "
        "und Instrumente, ihr Wortlaut unter „Im Vortrag“ und die Beispiele. Die Erläuterungen und die "
        "Vorschläge zum Anfangen hat die Redaktion von Casebook geschrieben.",
        "cases_intro": "Alle Fälle mit Ort, Land, Phasen, Instrumenten und Position in der Matrix "
        "(Einschätzung der Redaktion).",
        "instruments_intro": "Die Instrumente und Konzepte, die der Vortrag zu den vier Phasen der Koproduktion "
        "nennt. Die Zahl nennt die Fälle, die ein Instrument laut ihren Quellen eingesetzt haben.",
        "countries_intro": "Die Fälle nach Ländern.",
        # The map page and a case page's locator (map.md.j2, _map.j2).
        "map_title": "Karte der Fälle",
        "data_cases_geojson": "Die Karte als GeoJSON: ein Objekt pro Fall, mit Punkt, wenn der Fall einen Ort angibt.",
        "map_intro": "Wo die Fälle sind: Ein Punkt ist ein Fall mit Ortsangabe, eine Zahl steht für mehrere "
        "Fälle dicht beieinander. Fälle ohne Ortsangabe und landesweite Angebote stehen in der Liste bei "
        "ihrem Land. Die Grenzen stammen von Natural Earth und dienen nur der Orientierung.",
        "map_desc": "Karte der Länder mit Fällen. Jeder Punkt ist ein Fall und führt zu seiner Seite; eine Zahl "
        "steht für mehrere Fälle dicht beieinander und führt zu ihrer Liste. Länder mit Fällen führen zur "
        "Übersicht nach Ländern. Dieselben Angaben stehen in der Liste neben der Karte.",
        "map_cluster": "{count} Fälle an einer Stelle",
        "map_not_located": "ohne Ortsangabe",
        "map_in_cluster": "auf der Karte mit anderen an einer Stelle ({count})",
        "map_locator": "Lage des Falls in {country}; führt zur Karte aller Fälle",
        "map_locator_caption": "Lage · zur Karte",
        "map_coordinates_source": "Quelle der Koordinaten",
        "map_filter": "Fälle filtern (in der Fallübersicht)",
        "map_show": "Diese Fälle auf der Karte",
        "map_locator_caption_country": "Land des Falls · zur Karte",
        "phase_index_intro": "Koproduktion heißt, dass Verwaltung und Bürger/innen öffentliche Leistungen "
        "gemeinsam entwickeln, beauftragen, umsetzen und bewerten.",
        "phase_descriptions_note": "Die Namen der Phasen stammen aus dem Vortrag; die Beschreibungen sind "
        "Erläuterungen der Redaktion.",
        # Finding and open data: filters, the data page, the feed, citations.
        "filter_intro": "Filtern nach Phase, Instrument, Land, Politikfeld und Quadrant der Matrix; die Zahl "
        "nennt die passenden Fälle. Filter lassen sich kombinieren.",
        "filter_reset": "Alle Filter aufheben",
        "filter_more": "In der Fallübersicht filtern",
        "download_shown": "Angezeigte Fälle herunterladen",
        "quadrant": "Quadrant der Matrix (Einteilung der Redaktion)",
        "open_data": "Offene Daten",
        "data": "Daten und Lizenz",
        "feed": "Atom-Feed",
        "feed_title": "Neue und geprüfte Fälle",
        "feed_subtitle": "Fälle nach Aufnahme- oder letztem Prüfdatum, die neuesten zuerst.",
        "cite_this_case": "Diesen Fall zitieren",
        "cite_in": "In:",
        "cite_reviewed": "zuletzt geprüft",
        "cite_download": "Zitation herunterladen",
        "data_title": "Daten",
        "data_intro": "Alle Fälle und das Vokabular (Phasen, Instrumente, Politikfelder) als offene Daten, bei jedem "
        "Build neu erzeugt aus denselben Dateien wie diese Website.",
        "data_files": "Dateien",
        "data_file": "Datei",
        "data_content": "Inhalt",
        "data_cases_json": "Alle Fälle mit allen Feldern; Texte als Objekte {de, en}.",
        "data_cases_schema": "JSON Schema für cases.json.",
        "data_cases_csv": "Eine Zeile pro Fall, Listen mit „{separator}“ verbunden, Zeilenumbrüche in Texten "
        "durch Leerzeichen ersetzt; Zellen, die mit =, +, -, @ beginnen, erhalten ein "
        "vorangestelltes ' (Schutz vor Formeln in Tabellenprogrammen).",
        "data_instruments_json": "Phasen, Instrumente (mit den Fällen, die sie laut ihren Quellen eingesetzt "
        "haben) und Politikfelder.",
        "data_instruments_schema": "JSON Schema für instruments.json.",
        "data_feed": "Atom-Feed der Fälle, nach Aufnahme- oder Prüfdatum.",
        "data_version": "Das Feld version nennt die Version des Datenformats (derzeit {version}); eine Änderung, "
        "die bestehende Auswertungen bricht, erhöht die erste Zahl.",
        "data_licence": "Lizenz",
        "data_licence_text": "Die Daten stehen unter der Lizenz",
        "data_fields": "Felder eines Falls",
        "data_fields_intro": "Erzeugt aus dem JSON Schema der Falldateien, daher immer aktuell; die Beschreibungen "
        "stammen aus dem Schema und sind englisch. Texte sind in den Exporten Objekte mit "
        "den Sprachen de und en.",
        "data_field": "Feld",
        "data_kind": "Art",
        "data_required": "Pflicht",
        "data_description": "Beschreibung",
        "data_csv_columns": "Spalten von cases.csv",
        # Kinds of field on the data page (opendata.field_docs).
        "kind_text": "Text",
        "kind_localised_text": "Text {de, en}",
        "kind_whole_number": "ganze Zahl",
        "kind_object": "Objekt",
        "kind_objects": "Objekte",
        "kind_list": "Liste",
        "kind_list_of": "Liste ({kind})",
        "kind_id": "ID",
        "kind_score": "1–5",
        "kind_date": "Datum JJJJ-MM-TT",
        "kind_url": "URL (http/https)",
        "kind_as_of": "JJJJ oder JJJJ-MM-TT",
        "kind_source_numbers": "Liste von Quellennummern",
        "yes": "ja",
        "examples_other_language": "Beispiele auf Englisch",
        "no": "nein",
        # What a practitioner sees (ux): the cases index's filters and table, the matrix drawing.
        "filter_toggle": "Filtern nach Phase, Instrument, Land, Politikfeld und Quadrant",
        "filter_show_results": "Zu den Fällen",
        "filter_none_match": "Kein Fall passt zu dieser Kombination von Filtern.",
        "filter_remove": "Filter entfernen",
        "table_scrolls": "Die Tabelle hat weitere Spalten: seitlich wischen oder scrollen.",
        "position_explained": "Position: Kooperation / Einsparungen/Verbesserungen, jeweils von 1 (niedrig) "
        "bis 5 (hoch). Die Werte sind Einschätzungen der Redaktion; jede Fallseite nennt die Gründe.",
        # Sourced claims and the new case fields (datamodel): scope, operator, status, figures, how.
        "scope_regional": "regional",
        "scope_national": "landesweit",
        "operator": "Träger",
        "operator_kind_council": "Kommune",
        "operator_kind_public-agency": "öffentliche Einrichtung",
        "operator_kind_charity": "gemeinnützige Organisation",
        "operator_kind_company": "Unternehmen",
        "operator_kind_community-group": "Bürgergruppe",
        "operator_kind_partnership": "Partnerschaft",
        "status": "Stand",
        "status_running": "läuft",
        "status_ended": "beendet",
        "as_of": "Stand {date}",
        "figures": "Zahlen",
        "instrument_uses": "So wurden die Instrumente eingesetzt",
        "source_ref": "Quelle {number}",
        "matrix_number": "Nr.",
        "matrix_numbers_below": "Jede Nummer ist ein Fall und öffnet seine Seite; "
        "die Tabelle darunter nennt die Fälle.",
        "matrix_numbers_elsewhere": "Jede Nummer ist ein Fall und öffnet seine Seite. "
        "Welche Fälle es sind, steht unter",
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
        "basis_editorial": "Editorial judgement of this case's contributors; the talk places no case on the matrix.",
        "basis_source": "As assessed in the cited sources.",
        # Instrument and phase pages: the talk's words apart from the editors' text.
        "in_the_talk": "In the talk",
        "talk_slide": "The talk lists this instrument on its slide “Instrumente/Konzepte” for the phase {phases}:",
        "talk_translation": "The editors' translation:",
        "editors_explanation": "The editors' explanation",
        "how_to_start": "How you might start: the editors' suggestion",
        "editors_advice_note": "This suggestion is by the Casebook editors, not from the talk.",
        "examples": "Examples the talk names",
        "cases_using": "Cases whose sources report using this instrument",
        "used_together": "Used in the same cases",
        "no_cases_yet": "No cases yet. Know one? See “Contributing a case”.",
        "phase_instruments": "Instruments the talk lists for this phase",
        "phase_instruments_note": "The talk lists these instruments on its slide “Instrumente/Konzepte” after its "
        "case study of this phase. Which of them a case used is on the case's own page.",
        "phase_cases": "Cases of this phase",
        "matrix_title": "Where to start: the cases by cooperation and savings/improvements",
        "matrix_desc": "Scatter plot: savings/improvements from low (1) to high (5) across, cooperation from low (1) "
        "to high (5) upwards. Each numbered point is a case and links to its page; the table holds the same "
        "data.",
        "matrix_case_desc": "Small matrix: this case sits at cooperation {cooperation} and savings/improvements "
        "{savings} (each out of 5).",
        "matrix_intro": "On its slide “Wo beginnen?” (where to start?) the talk shows a matrix with two axes: "
        "cooperation (low to high) and savings/improvements. The slide places no case. Where the cases sit here "
        "is the editors' judgement; each case page gives the reasons.",
        "quadrants": "Quadrants (the editors' division)",
        "quadrants_intro": "The slide names no quadrants. The editors divide the scores from 1 to 5 like this: "
        "1 and 2 are low, 4 and 5 high, 3 is the middle. A case scored 3 lies on a middle line and in no "
        "quadrant. The quadrants are named by their axes.",
        "quadrant_name": "{cooperation} {cooperation_band} · {savings} {savings_band}",
        "quadrant_middle_line": "On a middle line (a score of 3)",
        "get_started": "And now? “Get started!”",
        "get_started_source": "The talk's slide “Wo beginnen?” ends with these words (“Und was jetzt? "
        "‚Fangen Sie an!‘”).",
        "matrix_table_caption": "The cases on the matrix",
        "case": "Case",
        "translation_missing": "This case is only available in German.",
        "in_other_language": "German",
        "source_talk": "From the talk „Big Society“ – Eine neue Verantwortungsteilung zwischen Staat und "
        "Bürgergesellschaft in England (“Big Society” – a new division of responsibility between the state and "
        "civil society in England) by Dr. Elke Löffler, Governance International: the names of the phases and "
        "instruments, their wording under “In the talk” and the examples. The English names, the explanations and "
        "the suggestions on how to start are the Casebook editors'.",
        "cases_intro": "Every case with its place, country, phases, instruments and position on the matrix "
        "(the editors' judgement).",
        "instruments_intro": "The instruments and concepts the talk lists for the four phases of co-production. "
        "The number is how many cases used an instrument, as their sources report.",
        "countries_intro": "The cases by country.",
        # The map page and a case page's locator (map.md.j2, _map.j2).
        "map_title": "Map of the cases",
        "data_cases_geojson": "The map as GeoJSON: one feature per case, with a point where the case gives a location.",
        "map_intro": "Where the cases are: a dot is a case with a location, a number stands for several cases "
        "close together. Cases without a location and nationwide services are listed under their country. "
        "The borders are Natural Earth's and are for orientation only.",
        "map_desc": "Map of the countries with cases. Each dot is a case and leads to its page; a number stands "
        "for several cases close together and leads to their list. Countries with cases lead to the cases by "
        "country. The list beside the map gives the same information.",
        "map_cluster": "{count} cases in one spot",
        "map_not_located": "no location given",
        "map_in_cluster": "shown with others in one spot ({count})",
        "map_locator": "Where the case is in {country}; leads to the map of all cases",
        "map_locator_caption": "Location · to the map",
        "map_coordinates_source": "source of the coordinates",
        "map_filter": "Filter the cases (on the cases index)",
        "map_show": "These cases on the map",
        "map_locator_caption_country": "Country of the case · to the map",
        "phase_index_intro": "Co-production means that public bodies and citizens design, commission, deliver "
        "and assess public services together.",
        "phase_descriptions_note": "The names of the phases are the talk's (in German); the descriptions are the "
        "editors' explanations.",
        # Finding and open data: filters, the data page, the feed, citations.
        "filter_intro": "Filter by phase, instrument, country, policy area and matrix quadrant; the number is how "
        "many cases match. Filters combine.",
        "filter_reset": "Clear all filters",
        "filter_more": "Filter on the cases page",
        "download_shown": "Download the cases shown",
        "quadrant": "Matrix quadrant (the editors' division)",
        "open_data": "Open data",
        "data": "Data and licence",
        "feed": "Atom feed",
        "feed_title": "New and reviewed cases",
        "feed_subtitle": "Cases by date added or last reviewed, newest first.",
        "cite_this_case": "Cite this case",
        "cite_in": "In:",
        "cite_reviewed": "last reviewed",
        "cite_download": "Download the citation",
        "data_title": "Data",
        "data_intro": "Every case and the vocabulary (phases, instruments, policy areas) as open data, made anew on "
        "every build from the same files as this site.",
        "data_files": "Files",
        "data_file": "File",
        "data_content": "Content",
        "data_cases_json": "Every case with every field; texts as {de, en} objects.",
        "data_cases_schema": "JSON Schema of cases.json.",
        "data_cases_csv": "One row per case, lists joined with “{separator}”, line breaks in texts replaced by "
        "spaces; cells that start with =, +, -, @ get a leading ' (so spreadsheets do not run "
        "them as formulas).",
        "data_instruments_json": "Phases, instruments (with the cases whose sources report using them) and policy "
        "areas.",
        "data_instruments_schema": "JSON Schema of instruments.json.",
        "data_feed": "Atom feed of the cases, by date added or reviewed.",
        "data_version": "The version field gives the version of the data format (now {version}); a change that "
        "breaks existing readers raises the first number.",
        "data_licence": "Licence",
        "data_licence_text": "The data are licensed under the",
        "data_fields": "Fields of a case",
        "data_fields_intro": "Generated from the JSON Schema of the case files, so always up to date; the "
        "descriptions come from the schema. In the exports, texts are objects with the "
        "languages de and en.",
        "data_field": "Field",
        "data_kind": "Kind",
        "data_required": "Required",
        "data_description": "Description",
        "data_csv_columns": "Columns of cases.csv",
        # Kinds of field on the data page (opendata.field_docs).
        "kind_text": "text",
        "kind_localised_text": "text {de, en}",
        "kind_whole_number": "whole number",
        "kind_object": "object",
        "kind_objects": "objects",
        "kind_list": "list",
        "kind_list_of": "list of {kind}",
        "kind_id": "id",
        "kind_score": "1–5",
        "kind_date": "date YYYY-MM-DD",
        "kind_url": "URL (http/https)",
        "kind_as_of": "YYYY or YYYY-MM-DD",
        "kind_source_numbers": "list of source numbers",
        "yes": "yes",
        "examples_other_language": "Examples in German",
        "no": "no",
        # What a practitioner sees (ux): the cases index's filters and table, the matrix drawing.
        "filter_toggle": "Filter by phase, instrument, country, policy area and quadrant",
        "filter_show_results": "Show the cases",
        "filter_none_match": "No case matches this combination of filters.",
        "filter_remove": "Remove filter",
        "table_scrolls": "The table has more columns: swipe or scroll sideways.",
        "position_explained": "Position: cooperation / savings/improvements, each from 1 (low) to 5 (high). "
        "The scores are the editors' judgement; each case page gives the reasons.",
        # Sourced claims and the new case fields (datamodel): scope, operator, status, figures, how.
        "scope_regional": "regional",
        "scope_national": "nationwide",
        "operator": "Run by",
        "operator_kind_council": "council",
        "operator_kind_public-agency": "public agency",
        "operator_kind_charity": "charity",
        "operator_kind_company": "company",
        "operator_kind_community-group": "community group",
        "operator_kind_partnership": "partnership",
        "status": "Status",
        "status_running": "running",
        "status_ended": "ended",
        "as_of": "as of {date}",
        "figures": "Figures",
        "instrument_uses": "How the instruments were used",
        "source_ref": "Source {number}",
        "matrix_number": "No.",
        "matrix_numbers_below": "Each number is a case and opens its page; the table below names the cases.",
        "matrix_numbers_elsewhere": "Each number is a case and opens its page. Which cases they are is listed under",
    },
}

# Strings that change with a number, as data with grammar: one form per CLDR plural category of the
# language (German and English have "one" and "other"), and "=N" for an exact number, which wins
# (ICU MessageFormat's rule). {count} is the number, written in the language's own way.
PLURALS: dict[str, dict[str, dict[str, str]]] = {
    "de": {
        "case_count": {"=0": "keine Fälle", "one": "{count} Fall", "other": "{count} Fälle"},
        "filter_status_all": {"=0": "Keine Fälle", "one": "{count} Fall", "other": "Alle {count} Fälle"},
        # The form follows the total ({count}), which the noun follows: "2 von 5 Fällen", "0 von 1 Fall".
        "filter_status_some": {"one": "{shown} von {count} Fall", "other": "{shown} von {count} Fällen"},
        "used_together_count": {"one": "in {count} gemeinsamen Fall", "other": "in {count} gemeinsamen Fällen"},
        "matrix_more": {"one": "+ {count} weiterer", "other": "+ {count} weitere"},
    },
    "en": {
        "case_count": {"=0": "no cases", "one": "{count} case", "other": "{count} cases"},
        "filter_status_all": {"=0": "No cases", "one": "{count} case", "other": "All {count} cases"},
        "filter_status_some": {"one": "{shown} of {count} case", "other": "{shown} of {count} cases"},
        "used_together_count": {"one": "together in {count} case", "other": "together in {count} cases"},
        "matrix_more": {"one": "+ {count} more", "other": "+ {count} more"},
    },
}


def plural_form(language: str, key: str, count: int) -> str:
    """The form of a plural string for a number, before the number is put in."""
    forms = PLURALS[language][key]
    exact = forms.get(f"={count}")
    if exact is not None:
        return exact
    return forms.get(Locale.parse(LOCALES[language]).plural_form(count), forms["other"])


def plural(language: str, key: str, count: int, **values: int) -> str:
    """A plural string with its number: plural("de", "case_count", 1) == "1 Fall". The form follows
    `count`; other numbers in the string come as keywords."""
    locale = LOCALES[language]
    numbers = {name: format_decimal(value, locale=locale) for name, value in {"count": count, **values}.items()}
    return plural_form(language, key, count).format(**numbers)


def plural_forms_json(language: str, key: str) -> str:
    """Every form of a plural string, for the browser (casebook.js picks one with Intl.PluralRules)."""
    return json.dumps(PLURALS[language][key], ensure_ascii=False, sort_keys=True)


def format_date(value: str, language: str) -> str:
    """An ISO date (YYYY-MM-DD) as the language writes it: "27. November 2026", "27 November 2026"."""
    return babel_format_date(datetime.date.fromisoformat(value), format="long", locale=LOCALES[language])
