"""Generate a national-scale synthetic practice library that passes ``kaikki check``.

    python scripts/synthetic.py OUT_DIR --bundles 3000 [--attachments] [--seed 1]

writes ``OUT_DIR/materials/`` (the registries copied from this repository, then practices, tools, meetings
and networks in Finnish and Swedish), ``OUT_DIR/docs/`` and ``OUT_DIR/mkdocs.yml`` (copied from this
repository when they exist). The text is built from word lists of the field with their inflected forms
(``tukitiimi``, ``tukitiimin``, ``tukitiimissä``…; ``stödteam``, ``stödteamet``, ``stödteamens``…), so
that search engines meet real Finnish and Swedish morphology. Every id comes from the real vocabularies,
every municipality from the real registry; ``related`` and body links point at other generated cards,
with anchors that exist. With ``--attachments`` each tool gets a small real PDF, DOCX and PNG.

The benchmarks and the search evaluation import :func:`generate`; ``plants`` puts chosen words into a
known set of cards (and keeps them out of every other text), which gives a search test its ground truth.
The output depends only on the arguments: the same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify

from kaikki.content.model import LANGUAGES

REPO = Path(__file__).resolve().parent.parent
LANGS = LANGUAGES

# ---------------------------------------------------------------------------------------------------
# Lexicon: nouns of the field with their inflected forms.

FI_CASES = (
    "nom",
    "gen",
    "par",
    "ine",
    "ela",
    "ill",
    "ade",
    "all",
    "nom_pl",
    "gen_pl",
    "par_pl",
    "ine_pl",
    "ade_pl",
    "ill_pl",
)
SV_CASES = ("sg", "def", "pl", "def_pl", "def_gen", "def_pl_gen")


@dataclass(frozen=True, slots=True)
class Noun:
    """A noun of the field: an id shared by its Finnish and Swedish forms."""

    id: str
    fi: dict[str, str]
    sv: dict[str, str]

    def forms(self, lang: str) -> list[str]:
        return list(dict.fromkeys((self.fi if lang == "fi" else self.sv).values()))


def _fi(*forms: str) -> dict[str, str]:
    assert len(forms) == len(FI_CASES), forms
    return dict(zip(FI_CASES, forms, strict=True))


def _fi_a(word: str) -> dict[str, str]:
    """Finnish nouns in -ja/-ma/-mä whose plural stem replaces the last vowel with i (huoltaja, ryhmä)."""
    v = word[-1]
    pl = word[:-1] + "i"
    return _fi(
        word,
        word + "n",
        word + v,
        word + "ss" + v,
        word + "st" + v,
        word + v + "n",
        word + "ll" + v,
        word + "lle",
        word + "t",
        pl + "en",
        pl + v,
        pl + "ss" + v,
        pl + "ll" + v,
        pl + "in",
    )


def _fi_us(stem: str, v: str = "a") -> dict[str, str]:
    """Finnish nouns in -us (kartoitus, koulutus): kartoitukse-, kartoituksi-."""
    return _fi(
        stem + "us",
        stem + "uksen",
        stem + "usta",
        stem + "uksess" + v,
        stem + "uksest" + v,
        stem + "ukseen",
        stem + "uksell" + v,
        stem + "ukselle",
        stem + "ukset",
        stem + "usten",
        stem + "uksi" + v,
        stem + "uksiss" + v,
        stem + "uksill" + v,
        stem + "uksiin",
    )


def _sv(sg: str, defi: str, pl: str, def_pl: str) -> dict[str, str]:
    def gen(word: str) -> str:
        return word if word.endswith("s") else word + "s"

    return dict(zip(SV_CASES, (sg, defi, pl, def_pl, gen(defi), gen(def_pl)), strict=True))


NOUNS: tuple[Noun, ...] = (
    Noun(
        "support-team",
        _fi(
            "tukitiimi",
            "tukitiimin",
            "tukitiimiä",
            "tukitiimissä",
            "tukitiimistä",
            "tukitiimiin",
            "tukitiimillä",
            "tukitiimille",
            "tukitiimit",
            "tukitiimien",
            "tukitiimejä",
            "tukitiimeissä",
            "tukitiimeillä",
            "tukitiimeihin",
        ),
        _sv("stödteam", "stödteamet", "stödteam", "stödteamen"),
    ),
    Noun(
        "special-teacher",
        _fi_a("erityisopettaja"),
        _sv("speciallärare", "specialläraren", "speciallärare", "speciallärarna"),
    ),
    Noun(
        "guardian",
        _fi_a("huoltaja"),
        _sv("vårdnadshavare", "vårdnadshavaren", "vårdnadshavare", "vårdnadshavarna"),
    ),
    Noun(
        "steering-group",
        _fi_a("ohjausryhmä"),
        _sv("styrgrupp", "styrgruppen", "styrgrupper", "styrgrupperna"),
    ),
    Noun(
        "unit-leader",
        _fi_a("päiväkodinjohtaja"),
        _sv("föreståndare", "föreståndaren", "föreståndare", "föreståndarna"),
    ),
    Noun(
        "childcarer",
        _fi_a("lastenhoitaja"),
        _sv("barnskötare", "barnskötaren", "barnskötare", "barnskötarna"),
    ),
    Noun(
        "therapist",
        _fi_a("kuntoutusohjaaja"),
        _sv(
            "rehabiliteringshandledare",
            "rehabiliteringshandledaren",
            "rehabiliteringshandledare",
            "rehabiliteringshandledarna",
        ),
    ),
    Noun("child-group", _fi_a("lapsiryhmä"), _sv("barngrupp", "barngruppen", "barngrupper", "barngrupperna")),
    Noun("plan", _fi_a("varhaiskasvatussuunnitelma"), _sv("plan", "planen", "planer", "planerna")),
    Noun("transition", _fi_a("siirtymä"), _sv("övergång", "övergången", "övergångar", "övergångarna")),
    Noun(
        "transition-phase",
        _fi(
            "nivelvaihe",
            "nivelvaiheen",
            "nivelvaihetta",
            "nivelvaiheessa",
            "nivelvaiheesta",
            "nivelvaiheeseen",
            "nivelvaiheella",
            "nivelvaiheelle",
            "nivelvaiheet",
            "nivelvaiheiden",
            "nivelvaiheita",
            "nivelvaiheissa",
            "nivelvaiheilla",
            "nivelvaiheisiin",
        ),
        _sv("skede", "skedet", "skeden", "skedena"),
    ),
    Noun(
        "mapping",
        _fi_us("kartoit"),
        _sv("kartläggning", "kartläggningen", "kartläggningar", "kartläggningarna"),
    ),
    Noun("training", _fi_us("koulut"), _sv("utbildning", "utbildningen", "utbildningar", "utbildningarna")),
    Noun(
        "preprimary",
        _fi_us("esiopet"),
        _sv(
            "förskoleundervisning",
            "förskoleundervisningen",
            "förskoleundervisningar",
            "förskoleundervisningarna",
        ),
    ),
    Noun(
        "support-form",
        _fi(
            "tukimuoto",
            "tukimuodon",
            "tukimuotoa",
            "tukimuodossa",
            "tukimuodosta",
            "tukimuotoon",
            "tukimuodolla",
            "tukimuodolle",
            "tukimuodot",
            "tukimuotojen",
            "tukimuotoja",
            "tukimuodoissa",
            "tukimuodoilla",
            "tukimuotoihin",
        ),
        _sv("stödform", "stödformen", "stödformer", "stödformerna"),
    ),
    Noun(
        "day-care-centre",
        _fi(
            "päiväkoti",
            "päiväkodin",
            "päiväkotia",
            "päiväkodissa",
            "päiväkodista",
            "päiväkotiin",
            "päiväkodilla",
            "päiväkodille",
            "päiväkodit",
            "päiväkotien",
            "päiväkoteja",
            "päiväkodeissa",
            "päiväkodeilla",
            "päiväkoteihin",
        ),
        _sv("daghem", "daghemmet", "daghem", "daghemmen"),
    ),
    Noun(
        "document",
        _fi(
            "asiakirja",
            "asiakirjan",
            "asiakirjaa",
            "asiakirjassa",
            "asiakirjasta",
            "asiakirjaan",
            "asiakirjalla",
            "asiakirjalle",
            "asiakirjat",
            "asiakirjojen",
            "asiakirjoja",
            "asiakirjoissa",
            "asiakirjoilla",
            "asiakirjoihin",
        ),
        _sv("dokument", "dokumentet", "dokument", "dokumenten"),
    ),
    Noun(
        "learning-environment",
        _fi(
            "oppimisympäristö",
            "oppimisympäristön",
            "oppimisympäristöä",
            "oppimisympäristössä",
            "oppimisympäristöstä",
            "oppimisympäristöön",
            "oppimisympäristöllä",
            "oppimisympäristölle",
            "oppimisympäristöt",
            "oppimisympäristöjen",
            "oppimisympäristöjä",
            "oppimisympäristöissä",
            "oppimisympäristöillä",
            "oppimisympäristöihin",
        ),
        _sv("lärmiljö", "lärmiljön", "lärmiljöer", "lärmiljöerna"),
    ),
    Noun(
        "evaluation",
        _fi(
            "arviointi",
            "arvioinnin",
            "arviointia",
            "arvioinnissa",
            "arvioinnista",
            "arviointiin",
            "arvioinnilla",
            "arvioinnille",
            "arvioinnit",
            "arviointien",
            "arviointeja",
            "arvioinneissa",
            "arvioinneilla",
            "arviointeihin",
        ),
        _sv("utvärdering", "utvärderingen", "utvärderingar", "utvärderingarna"),
    ),
    Noun(
        "observation",
        _fi(
            "havainnointi",
            "havainnoinnin",
            "havainnointia",
            "havainnoinnissa",
            "havainnoinnista",
            "havainnointiin",
            "havainnoinnilla",
            "havainnoinnille",
            "havainnoinnit",
            "havainnointien",
            "havainnointeja",
            "havainnoinneissa",
            "havainnoinneilla",
            "havainnointeihin",
        ),
        _sv("observation", "observationen", "observationer", "observationerna"),
    ),
    Noun(
        "tool",
        _fi(
            "työkalu",
            "työkalun",
            "työkalua",
            "työkalussa",
            "työkalusta",
            "työkaluun",
            "työkalulla",
            "työkalulle",
            "työkalut",
            "työkalujen",
            "työkaluja",
            "työkaluissa",
            "työkaluilla",
            "työkaluihin",
        ),
        _sv("verktyg", "verktyget", "verktyg", "verktygen"),
    ),
    Noun(
        "network-meeting",
        _fi(
            "verkostotapaaminen",
            "verkostotapaamisen",
            "verkostotapaamista",
            "verkostotapaamisessa",
            "verkostotapaamisesta",
            "verkostotapaamiseen",
            "verkostotapaamisella",
            "verkostotapaamiselle",
            "verkostotapaamiset",
            "verkostotapaamisten",
            "verkostotapaamisia",
            "verkostotapaamisissa",
            "verkostotapaamisilla",
            "verkostotapaamisiin",
        ),
        _sv("nätverksträff", "nätverksträffen", "nätverksträffar", "nätverksträffarna"),
    ),
    Noun(
        "continuum",
        _fi(
            "jatkumo",
            "jatkumon",
            "jatkumoa",
            "jatkumossa",
            "jatkumosta",
            "jatkumoon",
            "jatkumolla",
            "jatkumolle",
            "jatkumot",
            "jatkumoiden",
            "jatkumoita",
            "jatkumoissa",
            "jatkumoilla",
            "jatkumoihin",
        ),
        _sv("kontinuitet", "kontinuiteten", "kontinuiteter", "kontinuiteterna"),
    ),
    Noun(
        "cooperation",
        _fi(
            "yhteistyö",
            "yhteistyön",
            "yhteistyötä",
            "yhteistyössä",
            "yhteistyöstä",
            "yhteistyöhön",
            "yhteistyöllä",
            "yhteistyölle",
            "yhteistyöt",
            "yhteistöiden",
            "yhteistöitä",
            "yhteistöissä",
            "yhteistöillä",
            "yhteistöihin",
        ),
        _sv("samarbete", "samarbetet", "samarbeten", "samarbetena"),
    ),
    Noun(
        "assessment-meeting",
        _fi(
            "vasukeskustelu",
            "vasukeskustelun",
            "vasukeskustelua",
            "vasukeskustelussa",
            "vasukeskustelusta",
            "vasukeskusteluun",
            "vasukeskustelulla",
            "vasukeskustelulle",
            "vasukeskustelut",
            "vasukeskustelujen",
            "vasukeskusteluja",
            "vasukeskusteluissa",
            "vasukeskusteluilla",
            "vasukeskusteluihin",
        ),
        _sv("plansamtal", "plansamtalet", "plansamtal", "plansamtalen"),
    ),
)
NOUNS_BY_ID = {noun.id: noun for noun in NOUNS}

FI_SENTENCES: tuple[str, ...] = (
    "{A.nom} kokoontuu kerran kuukaudessa ja käy läpi {B.par_pl}.",
    "Kunnassa {A.nom_pl} ja {B.nom_pl} suunnittelevat yhdessä, miten tuki toteutuu arjessa.",
    "{A.gen} tehtävänä on koota {B.gen_pl} kokemukset ja viedä ne {C.ill}.",
    "Syksyn aikana {A.ine} sovittiin, että {B.nom} kirjataan {C.ill} selkeämmin.",
    "{A.ela} saatu palaute osoitti, että {B.par} tarvitaan erityisesti {C.ine_pl}.",
    "Henkilöstö koki, että {A.ade} on nyt selkeä rooli {B.gen} suunnittelussa.",
    "{A.all} varattiin aikaa, jotta {B.nom_pl} ehdittiin käydä huolellisesti läpi.",
    "Työtapa perustuu siihen, että {A.nom_pl} ja {B.nom_pl} jakavat havaintonsa säännöllisesti.",
    "{A.ine_pl} huomattiin, että {B.nom} toimii parhaiten, kun se on osa lapsiryhmän arkea.",
    "{A.ade_pl} oli aiemmin vaihtelevia käytäntöjä, ja nyt {B.nom} on yhtenäistetty koko kunnassa.",
    "Kehittämistyössä kokeiltiin, miten {A.nom} voisi tukea {B.par_pl} ja {C.par_pl}.",
    "{A.ill_pl} liitettiin lyhyt ohje, joka kertoo, kuka vastaa {B.ela}.",
    "Pilotin jälkeen {A.nom_pl} arvioivat, että {B.nom} on selkiyttänyt {C.gen} työnjakoa.",
    "Lapsen tuki suunnitellaan yhdessä {A.gen_pl} kanssa, ja {B.nom} päivitetään tarvittaessa.",
    "Jokaisessa yksikössä nimettiin vastuuhenkilö, joka seuraa {A.gen} toteutumista.",
    "Toimintamalli kuvattiin niin, että uusi työntekijä voi perehtyä {A.ill} itsenäisesti.",
    "Tärkeintä oli, että {A.nom} näkyy lapsen päivässä eikä jää pelkäksi asiakirjaksi.",
    "{A.nom_pl} kertoivat, että yhteinen kieli helpotti {B.gen} suunnittelua.",
    "Kokeilun aikana kerättiin tietoa {A.par_pl} ja {B.ela}.",
    "Seuraavaksi tavoitteena on laajentaa {A.par} kaikkiin kunnan yksiköihin.",
    "Tuen tarpeen arviointi tehtiin moniammatillisesti, ja {A.nom_pl} osallistuivat siihen aktiivisesti.",
    "{A.gen} ja {B.gen} välistä tiedonkulkua vahvistettiin sopimalla yhteisistä tapaamisista.",
    "Kirjaamisen tueksi laadittiin malli, jota {A.nom_pl} voivat käyttää {B.ine_pl}.",
    "Arjen pedagogiset ratkaisut, kuten pienryhmät ja kuvatuki, ovat osa {A.par}.",
    "Vuoden lopussa {A.ine} käytiin läpi, mitä {B.ela} opittiin ja mitä kannattaa jatkaa.",
)
SV_SENTENCES: tuple[str, ...] = (
    "{A.def} samlas en gång i månaden och går igenom {B.def_pl}.",
    "I kommunen planerar {A.def_pl} och {B.def_pl} tillsammans hur stödet förverkligas i vardagen.",
    "{A.def_gen} uppgift är att samla {B.def_pl_gen} erfarenheter och föra dem vidare till {C.def}.",
    "Under hösten kom man i {A.def} överens om att {B.def} ska dokumenteras tydligare.",
    "Responsen från {A.def_pl} visade att det behövs fler {B.pl} i {C.def_pl}.",
    "Personalen upplevde att {A.def} nu har en tydlig roll i planeringen av {B.def}.",
    "Man reserverade tid för {A.def_pl} så att {B.def_pl} kunde gås igenom noggrant.",
    "Arbetssättet bygger på att {A.def_pl} och {B.def_pl} regelbundet delar sina iakttagelser.",
    "I {A.def_pl} märkte man att {B.def} fungerar bäst när det är en del av barngruppens vardag.",
    "Tidigare varierade praxis kring {A.def_pl}, och nu har {B.def} gjorts enhetlig i hela kommunen.",
    "I utvecklingsarbetet prövade man hur {A.def} kunde stödja {B.def_pl} och {C.def_pl}.",
    "Till {A.def_pl} fogades en kort anvisning om vem som ansvarar för {B.def}.",
    "Efter pilotprojektet bedömde {A.def_pl} att {B.def} har klargjort {C.def_gen} arbetsfördelning.",
    "Barnets stöd planeras tillsammans med {A.def_pl}, och {B.def} uppdateras vid behov.",
    "I varje enhet utsågs en ansvarsperson som följer upp hur {A.def} förverkligas.",
    "Verksamhetsmodellen beskrevs så att en ny medarbetare själv kan sätta sig in i {A.def}.",
    "Det viktigaste var att {A.def} syns i barnets dag och inte blir ett dokument bland andra.",
    "{A.def_pl} berättade att ett gemensamt språk underlättade planeringen av {B.def_pl}.",
    "Under försöket samlades information om {A.def_pl} och {B.def}.",
    "Nästa mål är att utvidga {A.def} till alla enheter i kommunen.",
    "Bedömningen av stödbehovet gjordes mångprofessionellt, och {A.def_pl} deltog aktivt.",
    "Informationsflödet mellan {A.def} och {B.def} stärktes genom gemensamma möten.",
    "Som stöd för dokumentationen gjordes en modell som {A.def_pl} kan använda i {B.def_pl}.",
    "Pedagogiska lösningar i vardagen, som smågrupper och bildstöd, är en del av {A.def}.",
    "I slutet av året gick man i {A.def} igenom vad man lärt sig av {B.def_pl} och vad som ska fortsätta.",
)

SECTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "practices": {
        "fi": ("Tausta", "Toteutus", "Tulokset ja arviointi", "Edellytykset ja resurssit"),
        "sv": ("Bakgrund", "Genomförande", "Resultat och utvärdering", "Förutsättningar och resurser"),
    },
    "tools": {
        "fi": ("Mihin työkalu on tarkoitettu", "Näin työkalua käytetään", "Kokemuksia käytöstä"),
        "sv": ("Vad verktyget är till för", "Så används verktyget", "Erfarenheter av användningen"),
    },
    "meetings": {
        "fi": ("Tapaamisesta", "Ohjelma", "Keskeiset havainnot"),
        "sv": ("Om träffen", "Program", "Viktiga iakttagelser"),
    },
    "networks": {
        "fi": ("Verkosto lyhyesti", "Tavoitteet", "Toiminta", "Tulokset"),
        "sv": ("Nätverket i korthet", "Mål", "Verksamhet", "Resultat"),
    },
}
TITLE_WORDS = {
    "practices": {
        "fi": ("toimintamalli", "käytäntö", "kehittämisaskel", "työtapa"),
        "sv": ("verksamhetsmodell", "praxis", "arbetssätt", "utvecklingssteg"),
    },
    "tools": {
        "fi": ("lomake", "opas", "tarkistuslista", "kuvatuki"),
        "sv": ("blankett", "guide", "checklista", "bildstöd"),
    },
    "meetings": {
        "fi": ("verkostotapaaminen", "työpaja", "seminaari"),
        "sv": ("nätverksträff", "workshop", "seminarium"),
    },
    "networks": {
        "fi": ("kehittämisverkosto", "hanke", "yhteistyöverkosto"),
        "sv": ("utvecklingsnätverk", "projekt", "samarbetsnätverk"),
    },
}
FIRST_NAMES = (
    "Aino",
    "Elina",
    "Heli",
    "Johanna",
    "Kaisa",
    "Laura",
    "Minna",
    "Niina",
    "Outi",
    "Pia",
    "Sanna",
    "Tiina",
    "Anders",
    "Jussi",
    "Mikko",
    "Petri",
    "Sofia",
    "Ulla",
    "Vilma",
    "Emma",
)
LAST_NAMES = (
    "Aalto",
    "Heikkinen",
    "Hämäläinen",
    "Korhonen",
    "Koskinen",
    "Laine",
    "Lindqvist",
    "Mäkelä",
    "Nieminen",
    "Nyström",
    "Ojala",
    "Rantanen",
    "Salonen",
    "Virtanen",
    "Wikström",
    "Öhman",
)
ROLES = {
    "fi": (
        "varhaiskasvatuksen erityisopettaja",
        "päiväkodinjohtaja",
        "varhaiskasvatusjohtaja",
        "kehittämiskoordinaattori",
    ),
    "sv": (
        "speciallärare inom småbarnspedagogik",
        "daghemsföreståndare",
        "chef för småbarnspedagogik",
        "utvecklingskoordinator",
    ),
}


@dataclass(slots=True)
class Plant:
    """Words put into a known set of cards for a search test.

    Attributes:
        noun: The id of a noun in :data:`NOUNS`; it is left out of every other generated text.
        lang: The language whose cards get the words.
        forms: The inflected forms to use, in turn.
        cards: How many practice cards get one of the forms.
    """

    noun: str
    lang: str
    forms: Sequence[str]
    cards: int = 5


@dataclass(slots=True)
class Item:
    collection: str
    slug: str
    municipalities: list[str]
    themes: list[str]
    published: date
    nouns: list[Noun]
    meta: dict[str, object] = field(default_factory=dict)
    related: list[str] = field(default_factory=list)
    links: list[tuple[Item, int]] = field(default_factory=list)
    planted: dict[str, list[str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.collection}/{self.slug}"


@dataclass(slots=True)
class Registries:
    municipalities: list[dict[str, str]]
    vocabulary: dict[str, list[str]]


def read_registries(root: Path = REPO) -> Registries:
    """Reads the ids of ``materials/vocabulary.yml`` and the rows of ``materials/municipalities.csv``."""
    raw = yaml.safe_load((root / "materials" / "vocabulary.yml").read_text(encoding="utf-8"))
    vocabulary = {str(group): [str(term) for term in terms] for group, terms in raw.items()}
    lines = (root / "materials" / "municipalities.csv").read_text(encoding="utf-8").splitlines()
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    return Registries(rows, vocabulary)


# ---------------------------------------------------------------------------------------------------
# Generation


class _Writer:
    def __init__(self, rng: random.Random, registries: Registries, nouns: Sequence[Noun]) -> None:
        self.rng = rng
        self.reg = registries
        self.nouns = list(nouns)
        self.names = {row["slug"]: (row["name_fi"], row["name_sv"]) for row in registries.municipalities}

    def sentence(self, lang: str, item: Item) -> str:
        template = self.rng.choice(FI_SENTENCES if lang == "fi" else SV_SENTENCES)
        picks = {slot: self.rng.choice(item.nouns) for slot in "ABC"}

        def form(slot: str, case: str) -> str:
            noun = picks[slot]
            return (noun.fi if lang == "fi" else noun.sv)[case]

        out = []
        rest = template
        while "{" in rest:
            before, _, tail = rest.partition("{")
            spec, _, rest = tail.partition("}")
            slot, _, case = spec.partition(".")
            out.append(before)
            out.append(form(slot, case))
        out.append(rest)
        text = "".join(out)
        return text[0].upper() + text[1:]

    def paragraph(self, lang: str, item: Item, count: int) -> str:
        return " ".join(self.sentence(lang, item) for _ in range(count))

    def title(self, lang: str, item: Item) -> str:
        a, b = item.nouns[0], item.nouns[1]
        word = self.rng.choice(TITLE_WORDS[item.collection][lang])
        place = self.names[item.municipalities[0]][0 if lang == "fi" else 1]
        if lang == "fi":
            text = f"{a.fi['gen_pl'].capitalize()} {word} {b.fi['ine_pl']} – {place}"
        else:
            text = f"{word.capitalize()} för {a.sv['def_pl']} i {b.sv['def_pl']} – {place}"
        return text[:120]

    def summary(self, lang: str, item: Item) -> str:
        text = self.sentence(lang, item)
        while len(text) < 120:
            more = self.sentence(lang, item)
            if len(text) + 1 + len(more) > 300:
                break
            text = f"{text} {more}"
        return text[:300]

    def body(self, lang: str, item: Item) -> str:
        headings = SECTIONS[item.collection][lang]
        parts: list[str] = []
        links = list(item.links)
        planted = list(item.planted.get(lang, []))
        for index, heading in enumerate(headings):
            parts.append(f"## {heading}\n")
            for _ in range(self.rng.randint(2, 3)):
                paragraph = self.paragraph(lang, item, self.rng.randint(4, 6))
                if links and self.rng.random() < 0.5:
                    target, section = links.pop()
                    parts.append(paragraph + " " + self.link_sentence(lang, target, section) + "\n")
                else:
                    parts.append(paragraph + "\n")
            if index == 1 and planted:
                parts.append(" ".join(self.plant_sentence(lang, word) for word in planted) + "\n")
                planted = []
            if index == 1 and self.rng.random() < 0.5:
                parts.append("\n".join(f"- {self.sentence(lang, item)}" for _ in range(3)) + "\n")
        for target, section in links:
            parts.append(self.link_sentence(lang, target, section) + "\n")
        for word in planted:
            parts.append(self.plant_sentence(lang, word) + "\n")
        if item.collection == "tools" and "attachments" in item.meta and item.meta.get("_files"):
            alt = "Kaavio työkalun vaiheista" if lang == "fi" else "Schema över verktygets skeden"
            parts.append(f"![{alt}](kaavio.png)\n")
        return "\n".join(parts)

    def link_sentence(self, lang: str, target: Item, section: int) -> str:
        heading = SECTIONS[target.collection][lang][section]
        anchor = slugify(heading, "-")
        href = f"../../{target.collection}/{target.slug}/index.md#{anchor}"
        if lang == "fi":
            return f"Katso myös [{heading.lower()}]({href}) toisesta kortista."
        return f"Se även [{heading.lower()}]({href}) i ett annat kort."

    def plant_sentence(self, lang: str, word: str) -> str:
        if lang == "fi":
            return f"Kehittämistyössä puhuttiin erityisesti sanasta {word} ja sen merkityksestä arjessa."
        return f"I utvecklingsarbetet talade man särskilt om {word} och vad det betyder i vardagen."


def generate(
    out: Path,
    bundles: int,
    *,
    seed: int = 1,
    attachments: bool = False,
    plants: Sequence[Plant] = (),
    copy_site: bool = True,
    registries_root: Path = REPO,
) -> dict[str, list[str]]:
    """Writes a synthetic repository into ``out``.

    Args:
        out: The repository root to write (created; existing ``materials/`` collections are replaced).
        bundles: How many bundles in all four collections.
        seed: The random seed; the same arguments give the same files.
        attachments: Give each tool a PDF, a DOCX and a PNG (otherwise links to https addresses).
        plants: Words to put into known cards for a search test.
        copy_site: Copy ``mkdocs.yml`` and ``docs/`` of this repository when they exist.
        registries_root: Where ``materials/vocabulary.yml`` and ``materials/municipalities.csv`` are read.

    Returns:
        For each plant (``"<lang>:<noun>"``), the keys (``practices/slug``) of the cards that got it.
    """
    rng = random.Random(seed)
    registries = read_registries(registries_root)
    excluded = {plant.noun for plant in plants}
    nouns = [noun for noun in NOUNS if noun.id not in excluded]
    writer = _Writer(rng, registries, nouns)
    materials = out / "materials"
    for collection in SECTIONS:
        shutil.rmtree(materials / collection, ignore_errors=True)
    materials.mkdir(parents=True, exist_ok=True)
    for name in ("vocabulary.yml", "municipalities.csv"):
        shutil.copyfile(registries_root / "materials" / name, materials / name)
    if copy_site:
        _copy_site(out)

    items = _plan(rng, registries, nouns, bundles)
    planted: dict[str, list[str]] = {}
    practices = [item for item in items.values() if item.collection == "practices"]
    for plant in plants:
        chosen = rng.sample(practices, min(plant.cards, len(practices)))
        planted[f"{plant.lang}:{plant.noun}"] = sorted(item.key for item in chosen)
        for index, item in enumerate(chosen):
            item.planted.setdefault(plant.lang, []).append(plant.forms[index % len(plant.forms)])
    for item in items.values():
        _write_item(writer, item, materials, attachments)
    return planted


def _copy_site(out: Path) -> None:
    if (REPO / "mkdocs.yml").is_file():
        shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")
    if (REPO / "docs").is_dir():
        shutil.rmtree(out / "docs", ignore_errors=True)
        shutil.copytree(REPO / "docs", out / "docs", symlinks=False)


def _plan(rng: random.Random, registries: Registries, nouns: Sequence[Noun], total: int) -> dict[str, Item]:
    """Decides every item's slug, facts and links before any text is written."""
    slugs = [row["slug"] for row in registries.municipalities]
    themes = registries.vocabulary["themes"]
    shares = {"networks": 0.08, "meetings": 0.12, "tools": 0.30}
    counts = {name: max(1, round(total * share)) for name, share in shares.items()}
    counts["practices"] = max(1, total - sum(counts.values()))
    items: dict[str, Item] = {}
    start = date(2019, 1, 1)
    for collection in ("networks", "meetings", "tools", "practices"):
        for number in range(counts[collection]):
            places = rng.sample(slugs, rng.randint(1, 4))
            picked = rng.sample(list(nouns), 4)
            published = start + timedelta(days=rng.randint(0, 2400))
            word = picked[0].fi["nom"].split()[0]
            word = word.translate(str.maketrans("äöå", "aoa"))
            slug = f"{word}-{places[0]}-{number:04d}"
            if collection == "meetings":
                day = published - timedelta(days=rng.randint(1, 60))
                term = rng.choice(["spring", "autumn"])
                prefix = day.isoformat() if rng.random() < 0.8 else f"{day.year}-{term}"
                slug = f"{prefix}-{places[0]}-{number:04d}"
            item = Item(collection, slug, places, rng.sample(themes, rng.randint(1, 3)), published, picked)
            if collection == "meetings":
                item.meta["_date"] = prefix
            items[item.key] = item
    networks = [item for item in items.values() if item.collection == "networks"]
    every = list(items.values())
    for item in every:
        if networks and item.collection != "networks" and rng.random() < 0.6:
            item.meta["network"] = rng.choice(networks).slug
        others = rng.sample(every, min(len(every), 5))
        item.related = sorted({o.key for o in others[: rng.randint(1, 3)] if o is not item})
        item.links = [
            (o, rng.randrange(len(SECTIONS[o.collection]["fi"]))) for o in others[3:] if o is not item
        ]
    return items


def _write_item(writer: _Writer, item: Item, materials: Path, attachments: bool) -> None:
    rng = writer.rng
    folder = materials / item.collection / item.slug
    folder.mkdir(parents=True)
    facts = _facts(writer, item)
    files: dict[str, bytes] = {}
    if item.collection == "tools":
        item.meta["_files"] = attachments
        if attachments:
            title = writer.title("fi", item)
            files = {
                "opas.pdf": _pdf(title, writer.paragraph("fi", item, 3)),
                "lomake.docx": _docx(writer.title("sv", item), writer.paragraph("sv", item, 3)),
                "kaavio.png": _png(rng),
            }
    for lang in LANGS:
        meta: dict[str, object] = {"title": writer.title(lang, item), "summary": writer.summary(lang, item)}
        meta.update(facts)
        meta["keywords"] = [noun.fi["nom"] if lang == "fi" else noun.sv["sg"] for noun in item.nouns[:3]]
        if "contacts" in facts:
            organisation = "Varhaiskasvatuspalvelut" if lang == "fi" else "Småbarnspedagogiska tjänster"
            meta["contacts"] = [
                dict(c, role=ROLES[lang][i % len(ROLES[lang])], organisation=organisation)
                for i, c in enumerate(facts["contacts"])
            ]  # type: ignore[arg-type]
        if item.collection == "tools":
            meta["attachments"] = _attachments(lang, attachments)
        if item.collection == "meetings":
            meta["location"] = (
                "Kunnantalo, valtuustosali" if lang == "fi" else "Kommunhuset, fullmäktigesalen"
            )
            meta["agenda"] = _agenda(writer, item, lang)
        if item.collection == "networks":
            meta["funding"] = (
                "Opetus- ja kulttuuriministeriö, valtionavustus 2021–2022"
                if lang == "fi"
                else "Undervisnings- och kulturministeriet, statsunderstöd 2021–2022"
            )
        text = "---\n" + _yaml(meta) + "---\n\n" + writer.body(lang, item)
        (folder / f"index.{lang}.md").write_text(text, encoding="utf-8")
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _facts(writer: _Writer, item: Item) -> dict[str, object]:
    rng = writer.rng
    facts: dict[str, object] = {}
    if item.collection in ("practices", "tools", "networks"):
        facts["municipalities"] = item.municipalities
    if "network" in item.meta:
        facts["network"] = item.meta["network"]
    if item.collection in ("practices", "tools") or rng.random() < 0.5:
        facts["themes"] = item.themes
    vocab = writer.reg.vocabulary
    for group in ("support_levels", "support_forms", "age_groups", "audiences"):
        if rng.random() < 0.7:
            facts[group] = rng.sample(vocab[group], rng.randint(1, min(3, len(vocab[group]))))
    facts["status"] = rng.choice(["pilot", "established", "established", "archived"])
    facts["published"] = item.published.isoformat()
    if rng.random() < 0.4:
        facts["updated"] = (item.published + timedelta(days=rng.randint(1, 300))).isoformat()
    if rng.random() < 0.6:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        ascii_name = f"{first}.{last}".lower().translate(str.maketrans("äöå", "aoa"))
        facts["contacts"] = [
            {"name": f"{first} {last}", "email": f"{ascii_name}@{item.municipalities[0]}.fi"}
        ]
    facts["license"] = rng.choice(["CC-BY-4.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0"])
    if item.related:
        facts["related"] = item.related
    if item.collection == "meetings":
        facts["date"] = item.meta["_date"]
        facts["time"] = rng.choice(["09:00-12:00", "12:30-15:30", "13:00-16:00"])
        facts["host"] = item.municipalities[0]
        if rng.random() < 0.3:
            facts["online"] = True
            facts["online_url"] = f"https://video.{item.municipalities[0]}.fi/{item.slug}"
    if item.collection == "networks":
        facts["lead"] = item.municipalities[0]
        year = rng.randint(2018, 2025)
        facts["period"] = f"{year}-{year + rng.randint(1, 3)}"
        facts["website"] = f"https://www.{item.municipalities[0]}.fi/varhaiskasvatus/{item.slug}"
    return facts


def _attachments(lang: str, files: bool) -> list[dict[str, str]]:
    if not files:
        title = "Työkalun kuvaus verkossa" if lang == "fi" else "Beskrivning av verktyget på webben"
        return [
            {
                "url": "https://www.oph.fi/fi/koulutus-ja-tutkinnot/varhaiskasvatus",
                "title": title,
                "lang": "fi",
            }
        ]
    titles = {
        "fi": ("Opas työkalun käyttöön", "Lomakepohja", "Kaavio työkalun vaiheista"),
        "sv": ("Guide till verktyget", "Blankettmall", "Schema över verktygets skeden"),
    }[lang]
    return [
        {"file": "opas.pdf", "title": titles[0], "lang": "fi"},
        {"file": "lomake.docx", "title": titles[1], "lang": "sv"},
        {"file": "kaavio.png", "title": titles[2]},
    ]


def _agenda(writer: _Writer, item: Item, lang: str) -> list[dict[str, str]]:
    rng = random.Random(item.slug)  # the same facts in both languages
    agenda = []
    for index, hour in enumerate(("09:00", "10:00", "11:00")[: rng.randint(2, 3)]):
        noun = item.nouns[index % len(item.nouns)]
        title = f"Ajankohtaista: {noun.fi['nom']}" if lang == "fi" else f"Aktuellt: {noun.sv['def']}"
        agenda.append(
            {"time": hour, "title": title, "presenter": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"}
        )
    return agenda


class _Dumper(yaml.SafeDumper):
    """Writes front matter as people do: plain scalars where YAML allows them, quotes where needed.

    Only the boolean resolver is kept, so dates, times and codes are written plain (``2022-04-21``) and
    still read back as text by the strict loader; ``no`` or ``on`` as text would be quoted.
    """


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag.endswith(":bool")]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _yaml(meta: dict[str, object]) -> str:
    clean = {key: value for key, value in meta.items() if not key.startswith("_")}
    return yaml.dump(clean, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


# ---------------------------------------------------------------------------------------------------
# Attachments


def _pdf_string(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= code < 127:
            out.append(char)
        elif code < 256:
            out.append(f"\\{code:03o}")
        else:
            out.append("-")
    return "".join(out)


def _pdf(title: str, text: str) -> bytes:
    """A minimal one-page PDF with a text object and document information, written by hand."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > 80:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    ops = ["BT", "/F1 14 Tf", "16 TL", "72 770 Td", f"({_pdf_string(title)}) Tj", "/F1 10 Tf"]
    ops += [f"T* ({_pdf_string(row)}) Tj" for row in lines]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Title ({_pdf_string(title)}) /Producer (synthetic.py) >>".encode("latin-1"),
    ]
    data = io.BytesIO()
    data.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(data.tell())
        data.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = data.tell()
    data.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        data.write(b"%010d 00000 n \n" % offset)
    data.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, xref)
    )
    return data.getvalue()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _docx(title: str, text: str) -> bytes:
    """A minimal Word document: the four parts Word needs, written as a zip."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{_xml_escape(p)}</w:t></w:r></w:p>" for p in (title, text))
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
            'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{paragraphs}</w:body></w:document>"
        ),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{_xml_escape(title)}</dc:title><dc:creator>synthetic.py</dc:creator>"
            "</cp:coreProperties>"
        ),
    }
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return data.getvalue()


def _png(rng: random.Random) -> bytes:
    """A small diagram-like PNG drawn with Pillow (no metadata, so no location)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (160, 90), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for index in range(3):
        colour = (rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(40, 200))
        x = 10 + index * 50
        draw.rectangle((x, 25, x + 40, 65), fill=colour)
    data = io.BytesIO()
    image.save(data, format="PNG")
    return data.getvalue()


# ---------------------------------------------------------------------------------------------------


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the repository folder to write")
    parser.add_argument("--bundles", type=int, default=3000, help="how many bundles (default 3000)")
    parser.add_argument("--attachments", action="store_true", help="a PDF, DOCX and PNG per tool")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--no-site", action="store_true", help="do not copy mkdocs.yml and docs/")
    args = parser.parse_args(list(argv) if argv is not None else None)
    generate(args.out, args.bundles, seed=args.seed, attachments=args.attachments, copy_site=not args.no_site)
    print(f"{args.bundles} bundles written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
