"""Country codes the site knows, named in the reader's language through the catalogues."""

from django.utils.translation import gettext_lazy as _

COUNTRY_CHOICES = [
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HU", _("Hungary")),
    ("IS", _("Iceland")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("NO", _("Norway")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
]
COUNTRY_CODES = {code for code, _name in COUNTRY_CHOICES}

# Every way readers name a country, in both languages: the name, its adjective or the people
# ("ungāru", "Hungarian", "Hungarians"). Inflected forms ("Ungārijā", "ungāriem") need not be
# listed: the search's analysis reduces them to the same term. The search treats all the forms
# of a country as one another's synonyms (`country_thesaurus`, search/thesaurus.py).
COUNTRY_NAME_FORMS = {
    "AT": ("Austrija; austrieši; austriešu", "Austria; Austrian; Austrians"),
    "BE": ("Beļģija; beļģi; beļģu", "Belgium; Belgian; Belgians"),
    "BG": ("Bulgārija; bulgāri; bulgāru", "Bulgaria; Bulgarian; Bulgarians"),
    "HR": ("Horvātija; horvāti; horvātu", "Croatia; Croatian; Croatians; Croats"),
    "CY": ("Kipra; kiprieši; kipriešu", "Cyprus; Cypriot; Cypriots"),
    "CZ": ("Čehija; Čehijas Republika; čehi; čehu", "Czechia; Czech Republic; Czech; Czechs"),
    "DK": ("Dānija; dāņi; dāņu", "Denmark; Danish; Danes"),
    "EE": ("Igaunija; igauņi; igauņu", "Estonia; Estonian; Estonians"),
    "FI": ("Somija; somi; somu", "Finland; Finnish; Finns"),
    "FR": ("Francija; francūži; franču", "France; French"),
    "DE": ("Vācija; vācieši; vācu", "Germany; German; Germans"),
    "GR": ("Grieķija; grieķi; grieķu", "Greece; Greek; Greeks"),
    "HU": ("Ungārija; ungāri; ungāru", "Hungary; Hungarian; Hungarians"),
    "IS": ("Islande; islandieši; islandiešu", "Iceland; Icelandic; Icelanders"),
    "IE": ("Īrija; īri; īru", "Ireland; Irish"),
    "IT": ("Itālija; itāļi; itāļu", "Italy; Italian; Italians"),
    "LV": ("Latvija; latvieši; latviešu", "Latvia; Latvian; Latvians"),
    "LT": ("Lietuva; lietuvieši; lietuviešu", "Lithuania; Lithuanian; Lithuanians"),
    "LU": ("Luksemburga; luksemburgieši; luksemburgiešu", "Luxembourg; Luxembourgish"),
    "MT": ("Malta; maltieši; maltiešu", "Malta; Maltese"),
    "NL": (
        "Nīderlande; Holande; nīderlandieši; nīderlandiešu; holandieši; holandiešu",
        "Netherlands; Holland; Dutch",
    ),
    "NO": ("Norvēģija; norvēģi; norvēģu", "Norway; Norwegian; Norwegians"),
    "PL": ("Polija; poļi; poļu", "Poland; Polish; Poles"),
    "PT": ("Portugāle; portugāļi; portugāļu", "Portugal; Portuguese"),
    "RO": ("Rumānija; rumāņi; rumāņu", "Romania; Romanian; Romanians"),
    "SK": ("Slovākija; slovāki; slovāku", "Slovakia; Slovak; Slovaks"),
    "SI": ("Slovēnija; slovēņi; slovēņu", "Slovenia; Slovenian; Slovenians; Slovene"),
    "ES": ("Spānija; spāņi; spāņu", "Spain; Spanish; Spaniards"),
    "SE": ("Zviedrija; zviedri; zviedru", "Sweden; Swedish; Swedes"),
}


def country_thesaurus():
    """Each country's name forms in both languages, as one group of synonyms."""
    for latvian, english in COUNTRY_NAME_FORMS.values():
        yield [form.strip() for form in f"{latvian};{english}".split(";")]
