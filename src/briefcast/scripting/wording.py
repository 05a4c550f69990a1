"""The show's own lines, per language: intro, outro, chapter names, briefing transitions.

English, Spanish, French, German, Italian and Portuguese have their own wording; any other
language falls back to English (with a warning, once per process and language). Dates are
written the way each language writes them and then read by the speech normaliser like any
other text. Pure data and formatting, no I/O.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from num2words import num2words

log = logging.getLogger(__name__)

Pair = tuple[str, str]  # a line naming its source, and the same line without one


@dataclass(frozen=True)
class Wording:
    """Every line the show says in its own voice, in one language.

    Templates take ``{show}``, ``{title}``, ``{writers}``, ``{where}``, ``{site}``, ``{date}``,
    ``{count}``, ``{source}`` and ``{headline}``. A :data:`Pair` holds the line used when the
    story's source is known and the one used when it is not.
    """

    language: str
    this_is: str
    written_by: str
    for_site: str
    from_site: str
    that_was: str
    listening: str
    synthetic: str
    thanks: str
    joiner: str
    introduction: str
    continued: str
    outro: str
    headlines: str
    briefing_title: str
    your_briefing: str
    today_many: str
    today_one: str
    from_source: str
    that_was_briefing: str
    transitions: tuple[Pair, ...]
    first: Pair
    last: Pair
    only: Pair
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    date_format: str
    published: str = "This story was published on {date}."
    published_format: str = "{weekday}, the {day} of {month}"
    published_year: str = ", {year}"
    # Said by one anchor to hand the next story to another (``{name}``).
    handoff: str = "Here's {name} with the next story."

    def spoken_date(self, day: date) -> str:
        """``day`` as this language writes it: "Saturday, November 28, 2026", "samedi 28
        novembre 2026", "Samstag, der achtundzwanzigste November 2026"."""
        number = str(day.day)
        if self.language == "fr" and day.day == 1:
            number = "premier"
        elif self.language == "de":
            number = str(num2words(day.day, lang="de", to="ordinal"))
        return self.date_format.format(
            weekday=self.weekdays[day.weekday()],
            month=self.months[day.month - 1],
            day=number,
            year=day.year,
        )

    def published_date(self, day: date, today: date) -> str:
        """The day an article was published, as the intro says it: "Friday, the 14th of
        March" (the year added when it is not ``today``'s), "vendredi 14 mars"."""
        number = str(day.day)
        if self.language == "en":
            number += _english_suffix(day.day)
        elif self.language == "fr" and day.day == 1:
            number = "premier"
        elif self.language == "de":
            # Dative after "am": "am Freitag, dem vierzehnten März".
            number = str(num2words(day.day, lang="de", to="ordinal")) + "n"
        text = self.published_format.format(
            weekday=self.weekdays[day.weekday()], month=self.months[day.month - 1], day=number
        )
        if day.year != today.year:
            text += self.published_year.format(year=day.year)
        return text

    def published_line(self, day: date, today: date) -> str:
        """The intro's line saying when the article was published."""
        return self.published.format(date=self.published_date(day, today))

    def count(self, count: int) -> str:
        """How many stories a briefing holds: "Today, five stories."."""
        if count == 1:
            return self.today_one
        if self.language == "en":
            return self.today_many.format(count=str(num2words(count)))
        return self.today_many.format(count=count)


ENGLISH = Wording(
    language="en",
    this_is="This is {show}.",
    written_by="Written by {writers}{where}.",
    for_site=", for {site}",
    from_site="From {site}.",
    that_was="That was {title}",
    listening="You have been listening to {show}.",
    synthetic="This episode was read by a synthetic voice.",
    thanks="Thanks for listening.",
    joiner=" and ",
    introduction="Introduction",
    continued="Continued",
    outro="Outro",
    headlines="Headlines",
    briefing_title="Briefing for {date}",
    your_briefing="Your briefing for {date}.",
    today_many="Today, {count} stories.",
    today_one="Today, one story.",
    from_source="From {source}: {headline}",
    that_was_briefing="That was your briefing for {date}.",
    transitions=(
        ("Next, from {source}: {headline}", "Next: {headline}"),
        ("Turning now to {source}: {headline}", "Turning now to another story: {headline}"),
        ("Also today, from {source}: {headline}", "Also today: {headline}"),
        ("Meanwhile, {source} reports: {headline}", "Meanwhile: {headline}"),
        ("In other news, from {source}: {headline}", "In other news: {headline}"),
        ("Our next story comes from {source}: {headline}", "Our next story: {headline}"),
        ("Now to a report from {source}: {headline}", "Now to another report: {headline}"),
        ("Moving on, from {source}: {headline}", "Moving on: {headline}"),
    ),
    first=("Our first story, from {source}: {headline}", "Our first story: {headline}"),
    last=("And finally, from {source}: {headline}", "And finally: {headline}"),
    only=("Today's story, from {source}: {headline}", "Today's story: {headline}"),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    date_format="{weekday}, {month} {day}, {year}",
)

FRENCH = Wording(
    language="fr",
    this_is="Vous écoutez {show}.",
    written_by="Un article de {writers}{where}.",
    for_site=", pour {site}",
    from_site="D'après {site}.",
    that_was="C'était : {title}",
    listening="Vous avez écouté {show}.",
    synthetic="Cet épisode a été lu par une voix de synthèse.",
    thanks="Merci de votre écoute.",
    joiner=" et ",
    introduction="Introduction",
    continued="Suite",
    outro="Conclusion",
    headlines="Les titres",
    briefing_title="Le point du {date}",
    your_briefing="Votre point info du {date}.",
    today_many="Aujourd'hui, {count} sujets.",
    today_one="Aujourd'hui, un seul sujet.",
    from_source="{source} : {headline}",
    that_was_briefing="C'était votre point info du {date}.",
    transitions=(
        ("Ensuite, selon {source} : {headline}", "Ensuite : {headline}"),
        ("Autre sujet, rapporté par {source} : {headline}", "Autre sujet : {headline}"),
        ("Par ailleurs, {source} rapporte : {headline}", "Par ailleurs : {headline}"),
        ("Passons à {source} : {headline}", "Passons à un autre sujet : {headline}"),
    ),
    first=("Premier sujet, selon {source} : {headline}", "Premier sujet : {headline}"),
    last=("Et enfin, selon {source} : {headline}", "Et enfin : {headline}"),
    only=("Le sujet du jour, selon {source} : {headline}", "Le sujet du jour : {headline}"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    date_format="{weekday} {day} {month} {year}",
    published="Cet article a été publié le {date}.",
    published_format="{weekday} {day} {month}",
    published_year=" {year}",
    handoff="Voici {name} avec le sujet suivant.",
)

SPANISH = Wording(
    language="es",
    this_is="Esto es {show}.",
    written_by="Escrito por {writers}{where}.",
    for_site=", para {site}",
    from_site="De {site}.",
    that_was="Eso fue: {title}",
    listening="Ha estado escuchando {show}.",
    synthetic="Este episodio fue leído por una voz sintética.",
    thanks="Gracias por escuchar.",
    joiner=" y ",
    introduction="Introducción",
    continued="Continuación",
    outro="Despedida",
    headlines="Titulares",
    briefing_title="Resumen del {date}",
    your_briefing="Su resumen informativo del {date}.",
    today_many="Hoy, {count} noticias.",
    today_one="Hoy, una noticia.",
    from_source="De {source}: {headline}",
    that_was_briefing="Este fue su resumen del {date}.",
    transitions=(
        ("A continuación, de {source}: {headline}", "A continuación: {headline}"),
        ("También hoy, de {source}: {headline}", "También hoy: {headline}"),
        ("Mientras tanto, {source} informa: {headline}", "Mientras tanto: {headline}"),
        ("En otras noticias, de {source}: {headline}", "En otras noticias: {headline}"),
    ),
    first=(
        "Nuestra primera noticia, de {source}: {headline}",
        "Nuestra primera noticia: {headline}",
    ),
    last=("Y por último, de {source}: {headline}", "Y por último: {headline}"),
    only=("La noticia de hoy, de {source}: {headline}", "La noticia de hoy: {headline}"),
    weekdays=("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    months=(
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    date_format="{weekday}, {day} de {month} de {year}",
    published="Esta noticia se publicó el {date}.",
    published_format="{weekday} {day} de {month}",
    published_year=" de {year}",
    handoff="Con la siguiente noticia, {name}.",
)

GERMAN = Wording(
    language="de",
    this_is="Hier ist {show}.",
    written_by="Geschrieben von {writers}{where}.",
    for_site=", für {site}",
    from_site="Von {site}.",
    that_was="Das war: {title}",
    listening="Sie hörten {show}.",
    synthetic="Diese Folge wurde von einer synthetischen Stimme gelesen.",
    thanks="Danke fürs Zuhören.",
    joiner=" und ",
    introduction="Einleitung",
    continued="Fortsetzung",
    outro="Abschluss",
    headlines="Schlagzeilen",
    briefing_title="Überblick vom {date}",
    your_briefing="Ihr Nachrichtenüberblick vom {date}.",
    today_many="Heute {count} Meldungen.",
    today_one="Heute eine Meldung.",
    from_source="Von {source}: {headline}",
    that_was_briefing="Das war Ihr Überblick vom {date}.",
    transitions=(
        ("Als Nächstes, von {source}: {headline}", "Als Nächstes: {headline}"),
        ("Außerdem heute, von {source}: {headline}", "Außerdem heute: {headline}"),
        ("Unterdessen berichtet {source}: {headline}", "Unterdessen: {headline}"),
        ("Weitere Nachrichten, von {source}: {headline}", "Weitere Nachrichten: {headline}"),
    ),
    first=("Unsere erste Meldung, von {source}: {headline}", "Unsere erste Meldung: {headline}"),
    last=("Und zum Schluss, von {source}: {headline}", "Und zum Schluss: {headline}"),
    only=("Die Meldung des Tages, von {source}: {headline}", "Die Meldung des Tages: {headline}"),
    weekdays=("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    months=(
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
    date_format="{weekday}, der {day} {month} {year}",
    published="Dieser Artikel erschien am {date}.",
    published_format="{weekday}, dem {day} {month}",
    published_year=" {year}",
    handoff="Hier ist {name} mit der nächsten Meldung.",
)

ITALIAN = Wording(
    language="it",
    this_is="Questo è {show}.",
    written_by="Scritto da {writers}{where}.",
    for_site=", per {site}",
    from_site="Da {site}.",
    that_was="Era: {title}",
    listening="Avete ascoltato {show}.",
    synthetic="Questo episodio è stato letto da una voce sintetica.",
    thanks="Grazie per l'ascolto.",
    joiner=" e ",
    introduction="Introduzione",
    continued="Continua",
    outro="Congedo",
    headlines="Titoli",
    briefing_title="Notiziario del {date}",
    your_briefing="Il vostro notiziario del {date}.",
    today_many="Oggi, {count} notizie.",
    today_one="Oggi, una notizia.",
    from_source="Da {source}: {headline}",
    that_was_briefing="Era il vostro notiziario del {date}.",
    transitions=(
        ("E ora, da {source}: {headline}", "E ora: {headline}"),
        ("Sempre oggi, da {source}: {headline}", "Sempre oggi: {headline}"),
        ("Intanto, {source} riferisce: {headline}", "Intanto: {headline}"),
        ("Tra le altre notizie, da {source}: {headline}", "Tra le altre notizie: {headline}"),
    ),
    first=("La prima notizia, da {source}: {headline}", "La prima notizia: {headline}"),
    last=("E infine, da {source}: {headline}", "E infine: {headline}"),
    only=("La notizia di oggi, da {source}: {headline}", "La notizia di oggi: {headline}"),
    weekdays=("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"),
    months=(
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ),
    date_format="{weekday} {day} {month} {year}",
    published="Questo articolo è stato pubblicato {date}.",
    published_format="{weekday} {day} {month}",
    published_year=" {year}",
    handoff="Ecco {name} con la prossima notizia.",
)

PORTUGUESE = Wording(
    language="pt",
    this_is="Este é o {show}.",
    written_by="Escrito por {writers}{where}.",
    for_site=", para {site}",
    from_site="De {site}.",
    that_was="Foi: {title}",
    listening="Você ouviu {show}.",
    synthetic="Este episódio foi lido por uma voz sintética.",
    thanks="Obrigado por ouvir.",
    joiner=" e ",
    introduction="Introdução",
    continued="Continuação",
    outro="Despedida",
    headlines="Manchetes",
    briefing_title="Resumo de {date}",
    your_briefing="O seu resumo de {date}.",
    today_many="Hoje, temos {count} assuntos.",
    today_one="Hoje, temos um assunto.",
    from_source="De {source}: {headline}",
    that_was_briefing="Este foi o seu resumo de {date}.",
    transitions=(
        ("A seguir, de {source}: {headline}", "A seguir: {headline}"),
        ("Também hoje, de {source}: {headline}", "Também hoje: {headline}"),
        ("Enquanto isso, {source} informa: {headline}", "Enquanto isso: {headline}"),
        ("Em outras notícias, de {source}: {headline}", "Em outras notícias: {headline}"),
    ),
    first=("O primeiro assunto, de {source}: {headline}", "O primeiro assunto: {headline}"),
    last=("E por fim, de {source}: {headline}", "E por fim: {headline}"),
    only=("O assunto de hoje, de {source}: {headline}", "O assunto de hoje: {headline}"),
    weekdays=(
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ),
    months=(
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
    date_format="{weekday}, {day} de {month} de {year}",
    published="Esta notícia foi publicada em {date}.",
    published_format="{weekday}, {day} de {month}",
    published_year=" de {year}",
    handoff="Com a próxima notícia, {name}.",
)

WORDINGS: dict[str, Wording] = {
    w.language: w for w in (ENGLISH, FRENCH, SPANISH, GERMAN, ITALIAN, PORTUGUESE)
}


def _english_suffix(day: int) -> str:
    """The ordinal suffix of a day of the month: "st", "nd", "rd" or "th"."""
    if 10 < day % 100 < 14:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def wording_for(language: str) -> Wording:
    """The show's lines in ``language`` ("fr-CA" is French); English, with a warning, for a
    language without its own wording."""
    primary = (language or "en").lower().replace("_", "-").split("-")[0]
    if primary in WORDINGS:
        return WORDINGS[primary]
    log.warning(
        "the show's own lines have no %r wording yet; the intro, outro and "
        "announcements are read in English",
        primary,
    )
    return ENGLISH
