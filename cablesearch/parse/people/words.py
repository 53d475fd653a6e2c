"""The words people rules know: word lists from `cablesearch/data`, titles, particles,
and the words and shapes that are never a name."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from cablesearch.parse.names import fold

# --- word lists ------------------------------------------------------------------------------


def data_words(name: str) -> frozenset[str]:
    text = resources.files("cablesearch").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def name_words() -> frozenset[str]:
    """Ordinary words that are also surnames (`RICE`, `RAY`, `HUNT`)."""
    return data_words("name_words.txt")


@lru_cache(maxsize=1)
def known_surnames() -> frozenset[str]:
    """Surnames the corpus writes after a given name in several cables (`Arafat`, `Gates`): such a
    word may end an office or a name after an initial, and no `of`/`from`/`to` makes it a place."""
    return data_words("surnames.txt")


@lru_cache(maxsize=1)
def company_names() -> frozenset[str]:
    """Companies, banks, brands and media written like people (`Morgan Stanley`, `Barclays`), as
    `company_key`s: a name found that is exactly one of them is no person."""
    return frozenset(company_key(n) for n in data_words("companies.txt"))


def company_key(name: str) -> str:
    """`Moody's`, `Moody` -> `moody`; `Ernst & Young`, `Ernst Young` -> `ernst young`."""
    return " ".join(re.sub(r"['’]s$", "", w) for w in fold(name.replace("&", " ")).split())


@lru_cache(maxsize=1)
def acronym_words() -> frozenset[str]:
    """Acronyms and words used with `the` (`NATO`, `the Kremlin`): never a lone surname."""
    return data_words("acronyms.txt") | data_words("not_people.txt") | KNOWN_GROUPS | office_words()


@lru_cache(maxsize=1)
def office_words() -> frozenset[str]:
    """Offices, roles and organisations the rules would take for a name (`POLAD`, `NESCA`)."""
    return data_words("offices.txt")


def is_office(words: list[str]) -> bool:
    """A name none of whose words names a person: each an office, role, title or organisation
    word (`Polad`, `General`, `Party`, `Ministry of Interior`), initials and particles aside."""
    offices = office_words()
    folded = [fold(w.rstrip(".")) for w in words]
    folded = [re.sub(r"['’]s$", "", f) for f in folded if len(f) > 1 and f not in PARTICLES]
    return bool(folded) and all(f in offices or f in ORG_WORDS or is_title_word(f) or f in EXTRA_COMMON
                                or f in NOT_NAMES for f in folded)


@lru_cache(maxsize=1)
def word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    common = data_words("common_words.txt") | EXTRA_COMMON
    places = data_words("places.txt")
    given = data_words("given_names.txt") - EXTRA_COMMON - places  # a common word is safe: a surname must follow
    return common, places, given


#: Words that are never part of a name although the corpus rarely writes them in lower case.
EXTRA_COMMON = frozenset("""
a an and the of for in on at to by with from as or nor but not no so if is was were be been are has had have
he she it his her its they them their we our you your i me my this that these those there here who whom whose
which what when where why how all any some each both other such than then also only very per via
said says told noted stated added asked replied explained stressed emphasized underscored agreed
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec
mon tue wed thu fri sat sun
""".split())

#: Words that mark an organisation, a place or an office, not a person, wherever they sit in a run.
ORG_WORDS = frozenset("""
ministry ministries minister ministers secretariat secretary department office embassy consulate mission
government administration party parties council committee commission agency bank fund court courts
tribunal assembly parliament senate congress house chamber cabinet presidency palace union league front
movement army navy air force forces police guard guards command brigade division battalion regiment
university institute institution foundation association society center centre school college academy
initiative program programme plan project accord agreement treaty act law code declaration protocol
company corporation corp inc ltd group holdings bureau directorate authority commissariat board service
services station airport port hotel street avenue road plaza square park bridge tower building hall
church mosque temple cathedral hospital prison camp base province state states city county district
region republic kingdom emirate federation federal national international united nations
airlines airways news times post radio television tv press agency network journal daily weekly review
coalition alliance bloc opposition liberation revolutionary democratic socialist communist islamic
amembassy amconsul secstate usmission usint embassies units unit team office offices washdc
bay river lake lakes mountain mountains island islands valley pharma pharmaceuticals biologicals gmbh ag plc llc
industries industrie technologies systems holding fertigung teleport electric ordnance weblog blog
treasury liaison watchers duty desk
chamber organization organisation affairs relations security defense defence interior justice finance
economy economic foreign public health education energy trade commerce industry labor labour
agriculture transport culture tourism environment development cooperation integration
""".split())

#: Movements, parties, agencies and companies that cables name like people.
KNOWN_GROUPS = frozenset("""
hizballah hezbollah hizbollah hizbullah hamas fatah amal taliban qaeda qaida savak kgb fsb mossad shabaab farc eln auc
eta ira plo petrobras pemex gazprom greenpeace monsanto westpac halliburton chevron exxon shell iparretarrak
novin mardom ettelaat kayhan azadi jandarma tudeh sant'egidio asa'ib
""".split())
#: Cable jargon that looks like a word nobody else uses.
JARGON = frozenset("""
qte unqte unquote fonoff navatt emboff poloff econoff conoff pol econ mfa reftel septel deptel para paras rpt
bt nnnn sitrep ztate sipdis nodis exdis limdis stadis dip dipnote goi gom got gol gos gon gob goc gou msnoff
""".split())

#: Particles that may sit inside a name in lower case (``Juan de la Fuente``, ``bin Laden``).
PARTICLES = frozenset("de del la las los da das do dos di du van von der den ter bin ibn el al le y".split())
#: Arabic article prefixes written with a hyphen (``al-Maliki``).
PREFIX_RE = re.compile(r"(?i)(?:al|el|ad|as|ash|at|az|ar|an|abu|bin|ibn|abd)-")

#: One-word titles and honorifics that introduce a name (lower case; a trailing `.` is optional).
SINGLE_TITLES = """
president president-elect vice-president minister secretary undersecretary under-secretary secretary-general
a/s u/s das ambassador amb ambassador-designate charge cda dcm polcouns econcouns consul senator sen congressman
congresswoman governor gov mayor king queen prince princess sheikh sheikha sheik shaykh emir amir sultan general
gen ltg bg colonel col ltc captain capt admiral adm commander cdr lieutenant lt sergeant sgt director judge magistrate
prosecutor commissioner chairman chairwoman chairperson speaker spokesman spokeswoman spokesperson advisor adviser
mr mrs ms miss dr prof professor sr sra srta senor senora senorita dona monsieur madame mme mlle herr frau
father fr bishop archbishop cardinal pope patriarch imam ayatollah rabbi reverend rev mullah sayyid sir baroness ayatullah hojjatoleslam
presidente ministro ministra ministre secretario secretaria subsecretario subsecretaria canciller procurador
procuradora senador senadora diputado diputada gobernador gobernadora alcalde licenciado lic ingeniero ing
embajador embajadora comandante coronel chancellor premier pm fm dpm dfm mp mep coordinator envoy negotiator
attache counselor counsellor administrator corporal depsec dirgen columnist reporter journalist correspondent editor
businessman businesswoman lawyer activist analyst economist official officer diplomat deputy leader chief head aide
counterpart colleague staffer delegate chair co-chair srsg secdef attorney
""".split()

#: Abbreviations also written with dots between the letters.
DOTTED_TITLES = frozenset("pm fm dpm dfm mp".split())

#: Titles of several words (matched whole, before the one-word ones).
MULTI_TITLES = (
    "vice president", "former president", "prime minister", "deputy prime minister", "foreign minister",
    "deputy foreign minister", "defense minister", "defence minister", "interior minister", "finance minister",
    "justice minister", "deputy minister", "vice minister", "minister of state", "minister counselor",
    "deputy secretary", "under secretary", "assistant secretary", "deputy assistant secretary",
    "secretary general", "charge d'affaires", "consul general", "vice consul", "lieutenant governor",
    "crown prince", "lieutenant general", "lt gen", "major general", "maj gen", "brigadier general", "brig gen",
    "lieutenant colonel", "lt col", "vice admiral", "rear admiral", "director general", "deputy director",
    "attorney general", "deputy attorney general", "solicitor general", "inspector general", "chief justice",
    "national security advisor", "national security adviser", "vice premier", "deputy chief of mission",
    "chief of staff", "opposition leader", "party leader", "presidential candidate", "special advisor",
    "special adviser", "special envoy", "special representative", "supreme leader", "supreme guide", "charge d'affairs", "charg",
    "charge d' affaires",
)


def _title_alternatives() -> str:
    """The titles as one regex, factored as a trie: a plain alternation of 250 phrases is
    tried phrase by phrase at every position of every paragraph. The top level is grouped
    by first letter, each group opening with its letter and only then looking behind (no
    word character or slash before the title): a pattern whose branches all open with a
    letter lets the regex engine skip to the positions holding one of those letters."""
    trie: dict = {}
    for p in {*SINGLE_TITLES, *MULTI_TITLES}:
        node = trie
        for w in p.split():
            node = node.setdefault(w, {})
        node[""] = {}
    dotted = [r"\.".join(p) + r"\." for p in sorted(DOTTED_TITLES)]  # `P.M. Erdogan`, `F.M. Gul`
    groups: dict[str, list[str]] = {}
    for alt in dotted + _trie_alternatives(trie):
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(rf"{first}(?<![\w/].)(?:{'|'.join(rests)})" for first, rests in groups.items())


def _trie_alternatives(node: dict) -> list[str]:
    """Alternatives for the words below `node`, longest phrase first (`prime minister` before `prime`)."""
    alts = []
    for word in sorted((w for w in node if w), key=len, reverse=True):
        head = re.escape(word).replace(r"\-", "[- ]") + r"\.?"
        if not head[0].isalpha():
            raise ValueError(f"title {word!r} must begin with a letter")  # see _title_alternatives
        child = node[word]
        rest = [w for w in child if w]
        if rest:
            tail = rf"(?:\s+(?:{'|'.join(_trie_alternatives(child))}))"
            alts.append(head + tail + ("?" if "" in child else ""))
        else:
            alts.append(head)
    return alts


TITLE_RE = re.compile(r"(?:%s)(?=[\s,])" % _title_alternatives(), re.IGNORECASE)
#: The same, run over lower-cased text: three times faster than IGNORECASE.
TITLE_LOWER_RE = re.compile(TITLE_RE.pattern)

#: A name word: capitalised (with inner apostrophes/hyphens), an initial, or an ALL CAPS word.
WORD_RE = re.compile(r"(?:(?:al|el|ad|as|ash|at|az|ar|an|abu|bin|ibn|abd)-)?[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*\.?")
#: Contexts after a bare name that show a person: ``the Calderon administration``, ``the Zhenli case``.
CONTEXT_RE = re.compile(r"\b(?:the|THE)\s+([A-Z][\w'’-]+)\s+(administration|case|arrest|trial|extradition|regime|"
                        r"presidency|family|era|ADMINISTRATION|REGIME|PRESIDENCY|ERA)\b")
#: Verbs that, right after a bare capitalised word, show it is a person speaking or acting.
SPEECH_VERBS = frozenset("""
said says told noted stated added asked argued claimed explained stressed emphasized emphasised complained
believes believed expressed agreed insisted warned acknowledged described suggested admitted denied replied
responded commented opined indicated confirmed announced promised urged thanked welcomed lamented predicted
recalled asserted reiterated observed remarked underscored highlighted conceded recounted reported
""".split())
#: Nouns that after ``Name's`` show a person (``Berlusconi's government``, ``Taraki's wife``).
PERSON_NOUNS = frozenset("""
wife husband son sons daughter daughters father mother brother sister family children widow
government administration cabinet presidency visit remarks statement comments speech election
resignation death assassination arrest trial release supporters allies advisers advisors aides
""".split())
#: ``Name said`` / ``Name's wife``: a bare name shown to be a person by what follows it.
CUE_RE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*[a-zA-Z])(?:\s+(?:also|later|then|again|further|privately|"
                    r"publicly|reportedly|ALSO|LATER|THEN|AGAIN|FURTHER))?\s*(?:['’][sS]\s+(\w+)|\s+(\w+))")
#: ``SURNAME, GIVEN`` inside a person tag.
TAG_PERSON_RE = re.compile(r"^(?:[A-Z]{4}\s*\()?\s*([A-Z][A-Za-z'\- ]+?),\s*([A-Z][A-Za-z.'\- ]*?)\)?\s*$")
MAX_NAME_WORDS = 5
BARE_MIN = 2
BARE_MIN_CAPS = 2


def display_case(word: str) -> str:
    """``GARCIA`` -> ``Garcia``, ``MCDONALD`` -> ``McDonald``, ``AL-ASAD`` -> ``al-Asad``; mixed case kept."""
    if not word.isupper() or len(word) == 1:
        return word
    out = "-".join(p[:1] + p[1:].lower() for p in word.split("-"))
    out = re.sub(r"(?<=['’])(\w)", lambda m: m.group(1).upper(), out)  # O'Brien
    if re.match(r"Ma?c[a-z]{3,}", out) and not out.startswith(("Mach", "Macl", "Mace", "Maca")):
        out = out[: out.index("c") + 1] + out[out.index("c") + 1].upper() + out[out.index("c") + 2:]
    if PREFIX_RE.match(out):
        out = out[: out.index("-")].lower() + out[out.index("-"):]
    return out



def is_abbrev(word: str) -> bool:
    return fold(word.rstrip(".")) in {"mr", "mrs", "ms", "dr", "st", "sr", "sra", "jr", "gen", "lt", "col", "capt",
                                      "adm", "amb", "sen", "rep", "gov", "prof", "rev", "fr", "lic", "ing", "brig",
                                      "maj", "sgt", "cdr", "mme", "mlle", "srta"}


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    words = {w for t in (*SINGLE_TITLES, *MULTI_TITLES) for w in t.split()}
    return frozenset(words - {"of", "sir", "don"})


def is_title_word(folded: str) -> bool:
    return folded in title_words()



VERB_SHAPE_RE = re.compile(r"(?i)(?:[rtscvpkgzn]ed|lled|ally|[a-z]{4}ing)$")
LIST_RE = re.compile(r"\b[A-Z][a-z]+(?:,\s+(?:and\s+)?[A-Z][a-z]+){2,}\b")
#: A lone capitalised word after these is a place, a thing or a group: `the Jandarma`, `in Bodrum`.
BARE_BLOCKERS = frozenset("the in at from into near via of to across outside inside toward towards "
                          "le la les el los las il".split())  # and the articles of `Le Monde`, `El Pais`
#: Shapes of words that are not surnames: -ist/-ism/-ians and plurals of groups, and a quote mark
#: read as `Q` glued to the next word (`Qgreat`).
NOT_NAME_SHAPE_RE = re.compile(r"(?i)(?:ists?|isms?|ians|ers|ites|ions|[^aeioul]ly|[a-z]{3}ing|ness|ments?|ship|hood|"
                               r"ities|ity|ous|ful|able|ible|ical|[rtscvpkgzn]ed|lled|['’]t)$|^Q[b-df-hj-np-tv-z]")

#: Shapes no long surname has (`ANNOUNCMENT`, `GLOBALISATION`; not `Clements`).
NEVER_NAME_SHAPE_RE = re.compile(r"(?i)(?:m[ea]nts?|[ai]sation|[ai]zation|ications?|ities|isms?)$")


def long_noun_shape(folded: str) -> bool:
    """A word of nine letters or more shaped like a noun no surname is: never a name, even after a
    title (a surname the corpus knows is let through)."""
    return len(folded) > 8 and NEVER_NAME_SHAPE_RE.search(folded) is not None and folded not in known_surnames()

#: Words that look like names to the rules but are titles or collective nouns.
NOT_NAMES = frozenset("""shah emir amir sheikh mullah imam majlis politburo junta christmas easter ramadan eid
holocaust charg christian christians muslim muslims jewish catholic orthodox protestant buddhist hindu sikh
coptic evangelical islam allah sharia shariah surah caliph koran koranic quran hadith jihad mujahidin
majesty highness excellency brotherhood amnesty guide empress emperor""".split())

