"""People named in a cable, found by rules that know how cables write names.

Generic NER does badly on cables: hard-wrapped ALL CAPS text, titles stacked
three deep (``Deputy Secretary of Population, Migration, and Religious Issues
Florencio Salazar Adame``), two-part Hispanic surnames, and OCR that splits
or garbles a name (``Negro Ponte``, ``Negrofonte``). The evidence, strongest
first:

* a title, honorific or role before the name (``Ambassador Garza``, ``A/S
  Shannon``, ``P.M. Erdogan``, ``columnist Murat Yetkin``, ``FOREIGN
  MINISTER PAPAGOS``), skipping an ``of ...`` office after the title;
* a known given name followed by surname words (``Genaro Garcia Luna``);
* the ``Classified By:`` line, the 1970s E.O. line's ``(SURNAME, GIVEN)``,
  the signer, person TAGS (``OVIP (STEINBERG, JAMES B.)``) and addressees in
  routing lines (``NSC FOR BRAUN``, ``USDA FOR OSTA/LIZ JONES``);
* context: ``the <Name> administration/case``, ``<Name> said``, ``<Name>'s
  wife``;
* weakest, and only when they recur: a lone capitalised word that is no
  ordinary word, place, organisation or acronym (``Berlusconi``), two to four
  such words in a row (``Barcin Yinanc``), and in ALL CAPS text a lone word
  seen twice or with a possessive (``JUMBLATT'S``).

Mentions from Title Case headings and ALL CAPS lines of a mixed-case cable
only confirm people found elsewhere. Mentions of one person then resolve to
one entry: a surname alone or a suffix of a fuller name, a first name alone,
a name without its last surname (``Manoel Gomes`` of ``Manoel Gomes
Pereira``), the ALL CAPS form, an OCR split whose letters join to a known
surname, and a near-miss spelling (one or two letters off a surname of six
letters or more). The display form is the fullest mixed-case name seen.

Which words are ordinary, places, acronyms or surname-like comes from word
lists in ``cablesearch/data``: ``common_words``, ``acronyms``,
``not_people`` and ``name_words`` are derived from the real corpus by
``tools/build_common_words.py``; ``given_names`` and ``places`` were compiled
by hand. Measured on hand-annotated cables: ``benchmarks/people_score.py``.

The parser calls :func:`find_people` on the cleaned subject, paragraphs and
header fields, so FOIA review stamps (already stripped from the body) never
reach it. The cross-cable identity that groups the ``people`` facet
(``person_key``) and a user's alias file (``PeopleAliases``) are in ``names.py``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

from cablesearch.parse.names import fold, person_key

# --- word lists ------------------------------------------------------------------------------


def _data_words(name: str) -> frozenset[str]:
    text = resources.files("cablesearch").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _name_words() -> frozenset[str]:
    """Ordinary words that are also surnames (`RICE`, `RAY`, `HUNT`)."""
    return _data_words("name_words.txt")


@lru_cache(maxsize=1)
def _acronyms() -> frozenset[str]:
    """Acronyms and words used with `the` (`NATO`, `the Kremlin`): never a lone surname."""
    return _data_words("acronyms.txt") | _data_words("not_people.txt") | KNOWN_GROUPS


@lru_cache(maxsize=1)
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    common = _data_words("common_words.txt") | EXTRA_COMMON
    places = _data_words("places.txt")
    given = _data_words("given_names.txt") - EXTRA_COMMON - places  # a common word is safe: a surname must follow
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
novin mardom ettelaat kayhan azadi jandarma tudeh
""".split())
#: Cable jargon that looks like a word nobody else uses.
JARGON = frozenset("""
qte unqte unquote fonoff navatt emboff poloff econoff conoff pol econ mfa reftel septel deptel para paras rpt
bt nnnn sitrep ztate sipdis nodis exdis limdis stadis dip dipnote goi gom got gol gos gon gob goc gou
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
counterpart colleague staffer delegate
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


# --- mentions --------------------------------------------------------------------------------


@dataclass
class _Mention:
    words: list[str]  # as written, dots of initials kept
    caps: bool  # written in ALL CAPS (case says nothing)
    weak: bool = False  # from a heading or caps line of a mixed-case cable: may only confirm a person
    bare: bool = False  # a lone capitalised word: a person only if seen BARE_MIN times
    weight: int = 1  # how many sightings a bare mention is worth (a possessive, `JUMBLATT'S`, counts twice)

    @cached_property
    def folded(self) -> list[str]:
        return [fold(w.rstrip(".")) for w in self.words]

    @cached_property
    def key_words(self) -> list[str]:
        """The folded words without lone initials: what resolution compares."""
        return [w for w in self.folded if w and not ONE_LETTER_RE.fullmatch(w)]

    @property
    def signature(self) -> tuple[tuple[str, ...], bool, bool, bool]:
        return tuple(self.words), self.caps, self.weak, self.bare


INITIAL_RE = re.compile(r"[A-Z]\.(?:[A-Z]\.)*")
SPACE_RE = re.compile(r"[ \t]*\n?[ \t]*")
ONE_LETTER_RE = re.compile(r"[a-z]")


def _unpossess(word: str) -> str:
    """`Obama's` -> `Obama`."""
    return word[:-2] if word.endswith(("'s", "'S", "’s", "’S")) else word


def _is_initial(word: str) -> bool:
    return INITIAL_RE.fullmatch(word) is not None


class _Scanner:
    """Reads name words at a position of one text chunk."""

    def __init__(self, text: str, caps: bool | None = None) -> None:
        self.text = text
        self.caps = _is_caps(text) if caps is None else caps
        self.common, self.places, self.given = _lists()

    def words_from(self, pos: int) -> list[tuple[str, int, int]]:
        """The next few words after `pos`, stopping at punctuation other than `.` of an initial, `-` and `'`."""
        out: list[tuple[str, int, int]] = []
        while len(out) < MAX_NAME_WORDS + 8:
            m = SPACE_RE.match(self.text, pos)
            start = m.end()
            w = WORD_RE.match(self.text, start)
            if not w or start == pos and out:
                break
            out.append((w.group(), w.start(), w.end()))
            pos = w.end()
            if w.group().endswith(".") and not _is_initial(w.group()) and not _is_abbrev(w.group()):
                break
        return out

    def is_stop(self, word: str) -> bool:
        f = fold(word.rstrip("."))
        return (f in ORG_WORDS or f in self.places or f in EXTRA_COMMON or f in JARGON or f in KNOWN_GROUPS
                or _is_title_word(f))

    def name_word(self, word: str, first: bool) -> bool:
        """Can `word` be part of a name here? `first`: right after a title (common words allowed then)."""
        bare = _unpossess(word.rstrip("."))
        f = fold(bare)
        if _is_initial(word) or re.fullmatch(r"[A-Z]", bare) and word.endswith("."):
            return True
        if f in PARTICLES:
            return not first and (word.islower() or self.caps)
        if self.is_stop(word) or len(bare) < 2 or f in NOT_NAMES or _compound_of_words(f, self):
            return False
        if not first and VERB_SHAPE_RE.search(bare):
            return False  # `Gemayel JEERED`, `Asad ORGINALLY`
        if self.caps:
            return bare.isupper() and (f not in self.common or f in _name_words())
        if not bare[0].isupper() and not PREFIX_RE.match(bare):
            return False
        if bare.isupper() and len(bare) > 1:
            return False  # an acronym in mixed-case text (PRI, CISEN)
        # right after a title an ordinary word may be a surname (`Secretary Rice`), not `General Coordinator`
        return f not in self.common or first and f in _name_words()

    def name_at(self, pos: int, after_title: bool) -> _Mention | None:
        words = self.words_from(pos)
        if after_title and words and fold(words[0][0]) in ("of", "for"):
            # ``Secretary of Population, Migration, and Religious Issues Florencio Salazar Adame``
            j = _skip_office(self, pos)
            if j is None:
                return None
            words = self.words_from(j)
        taken: list[str] = []
        for w, _start, _end in words:
            if len(taken) >= MAX_NAME_WORDS:
                break
            if not self.name_word(w, first=after_title and not taken):
                break
            taken.append(w)
            if w.endswith(".") and not _is_initial(w) or _unpossess(w) != w:
                break  # a sentence or a possessive (`Pasha's suppression`) ends the name
        while taken and fold(taken[-1].rstrip(".")) in PARTICLES:
            taken.pop()
        while taken and (_is_initial(taken[-1]) and len(taken) > 1 and not self.caps):
            taken.pop()  # `Ambassador Garza and C.` -- an initial only counts before a surname
        if not taken or all(_is_initial(w) for w in taken):
            return None
        return _Mention(_tidy(taken), self.caps)


def _tidy(words: list[str]) -> list[str]:
    """Drop sentence dots and a possessive (``Obama's``, ``ObamaQs`` where a reader lost the apostrophe)."""
    words = [w if _is_initial(w) else w.rstrip(".") for w in words]
    words[-1] = re.sub(r"(?:['’][sS]|(?<=[a-z])Qs?)$", "", words[-1])
    return [w for w in words if w]


_DROP_LETTERS = str.maketrans("", "", string.ascii_letters)
_DROP_UPPER = str.maketrans("", "", string.ascii_uppercase)


def _is_caps(text: str) -> bool:
    """Mostly capitals (ASCII letters counted; `translate` keeps it at C speed)."""
    letters = len(text) - len(text.translate(_DROP_LETTERS))
    return letters > 0 and len(text) - len(text.translate(_DROP_UPPER)) > 0.8 * letters


def _is_title_case(text: str) -> bool:
    """A heading in Title Case (``Attorney General Lauds Improved Relationship``): case says little.

    Running text has lower-case content words (``met``, ``said``) however many names it holds.
    """
    if len(text) > 300:
        return False
    words = [w for w in re.findall(r"[^\W\d_]{3,}", text) if w.lower() not in _FUNCTION_WORDS]
    return len(words) >= 3 and not any(w[0].islower() for w in words)


_FUNCTION_WORDS = frozenset("and the for with from into onto upon over under its his her their our".split())


def _is_abbrev(word: str) -> bool:
    return fold(word.rstrip(".")) in {"mr", "mrs", "ms", "dr", "st", "sr", "sra", "jr", "gen", "lt", "col", "capt",
                                      "adm", "amb", "sen", "rep", "gov", "prof", "rev", "fr", "lic", "ing", "brig",
                                      "maj", "sgt", "cdr", "mme", "mlle", "srta"}


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    words = {w for t in (*SINGLE_TITLES, *MULTI_TITLES) for w in t.split()}
    return frozenset(words - {"of", "sir", "don"})


def _is_title_word(folded: str) -> bool:
    return folded in _title_words()


def _skip_office(scanner: _Scanner, pos: int) -> int | None:
    """After ``Minister of ...``: the position where the name starts, past the office words."""
    rest = scanner.text[pos:pos + 160]
    m = re.match(r"\s+(?:of|for|OF|FOR)\s+(?:the\s+|THE\s+)?", rest)
    if not m:
        return None
    i = pos + m.end()
    for _ in range(12):
        w = WORD_RE.match(scanner.text, i)
        if not w:
            return None
        word = w.group().rstrip(".")
        f = fold(word)
        office_word = (f in scanner.common or f in ORG_WORDS or f in scanner.places or f in EXTRA_COMMON
                       or _is_title_word(f))
        if not office_word:
            if scanner.caps:
                return w.start() if i != pos + m.end() else None
            return w.start() if word[:1].isupper() and i != pos + m.end() else None
        if not scanner.caps and not word[:1].isupper() and f not in ("and", "of", "the", "for"):
            return None  # the office ended in running text: no name follows
        sep = re.match(r"(?:\s*,)?\s+(?:and\s+|AND\s+|&\s+)?", scanner.text[w.end():w.end() + 8])
        if not sep:
            return None
        i = w.end() + sep.end()
    return None


def _title_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    lowered = scanner.text.lower()
    matches = TITLE_LOWER_RE.finditer(lowered) if len(lowered) == len(scanner.text) else TITLE_RE.finditer(scanner.text)
    for m in matches:
        title = scanner.text[m.start():m.end()]
        if not scanner.caps and title[:1].islower() and fold(title) in ("general", "judge", "justice"):
            continue
        mention = scanner.name_at(m.end(), after_title=True)
        if mention:
            yield mention


#: Capitalised words only: a given name is never written in lower case.
GIVEN_CANDIDATE_RE = re.compile(r"(?<![\w'’-])[A-Z][^\W\d_]+\.?(?![\w'’-])")


def _given_name_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    given = scanner.given
    for m in GIVEN_CANDIDATE_RE.finditer(scanner.text):
        word = m.group()
        if fold(word) not in given:
            continue  # (most capitalised words: tested first)
        if word.endswith(".") and not _is_initial(word):
            continue  # `... JUD and Saeed. Action addressees`: the sentence ended
        if not scanner.caps and not (word[:1].isupper() and not word.isupper()):
            continue
        before = scanner.text[max(0, m.start() - 1):m.start()]
        if before and (before.isalnum() or before in "-'’"):
            continue
        if re.search(r"(?i)\b(?:san|santa|santo|sao|st|ste|saint|fort|port|el|la|los|las)\.?\s+$",
                     scanner.text[max(0, m.start() - 7):m.start()]):
            continue  # `San Pedro Sula`, `Santa Maria`: a place
        words = scanner.words_from(m.end())
        taken: list[str] = []
        for w, _s, _e in words:
            if len(taken) >= MAX_NAME_WORDS - 1:
                break
            if fold(w.rstrip(".")) in scanner.places and not scanner.caps and w[:1].isupper() and not w.isupper() \
                    and fold(w.rstrip(".")) not in scanner.common and fold(w) not in EXTRA_COMMON:
                taken.append(w)  # `Carlos Rico`, `Jorge Santos`: a surname that is also a place
                continue
            if taken and _unpossess(taken[-1]) != taken[-1]:
                break
            if not scanner.name_word(w, first=False):
                # `CHARLES RAY`, `George Bush`: a given name may take one ordinary word as surname
                f = fold(w.rstrip("."))
                if taken or scanner.caps or scanner.is_stop(w) or len(f) < 3 or not w[:1].isupper() or w.isupper():
                    break  # (not in ALL CAPS, where `BASHAR PROMOTED` would pass)
                taken.append(w)
                break
            taken.append(w)
        while taken and (fold(taken[-1].rstrip(".")) in PARTICLES or _is_initial(taken[-1])):
            taken.pop()
        if not taken:
            continue
        yield _Mention(_tidy([word] + taken), scanner.caps)


def _context_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    for m in CONTEXT_RE.finditer(scanner.text):
        word = m.group(1)
        f = fold(word)
        if f in scanner.common or scanner.is_stop(word) or scanner.caps != word.isupper():
            continue
        yield _Mention([word], scanner.caps)


def _cue_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    for m in CUE_RE.finditer(scanner.text):
        word, noun, verb = _unpossess(m.group(1)), m.group(2), m.group(3)
        if not (verb and fold(verb) in SPEECH_VERBS or noun and fold(noun) in PERSON_NOUNS):
            continue
        if (word.isupper() and len(word) > 1) != scanner.caps or len(word) < 3:
            continue
        f = fold(word)
        if f in scanner.common or scanner.is_stop(word) or f in NOT_NAMES or NOT_NAME_SHAPE_RE.search(word):
            continue
        yield _Mention([word], scanner.caps)


def _compound_of_words(folded: str, scanner: _Scanner) -> bool:
    """`WELL-PLANNED`, `ANTI-NUCLEAR`, `STATE-OWNED`: a hyphenated word made of ordinary words or places."""
    parts = [p for p in folded.split("-") if p]
    if len(parts) < 2 or PREFIX_RE.match(folded):
        return False
    if scanner.caps and any(len(p) <= 2 for p in parts):
        return True  # `ZANU-PF`; in mixed case `Kim Jong-il` keeps its short part
    return any(p in scanner.common or p in scanner.places or p in EXTRA_COMMON for p in parts if len(p) > 2)


def _pair_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    """Mixed case: two to four capitalised words in a row, none an ordinary word, place, organisation,
    title or acronym (``Akif Beki``, ``Barcin Yinanc``): a name whose given name we do not know."""
    if scanner.caps:
        return
    acronyms = _acronyms()
    word = r"[A-Z][a-z][\w'’-]*[a-z]"
    for m in re.finditer(rf"(?<![\w'’-])({word}(?:[ \t]+(?:(?:de|del|da|dos|van|von|bin|al|el|la)[ \t]+)?{word}){{1,3}})"
                         r"(?:['’]s)?(?![\w'’-])", scanner.text):
        words = m.group(1).split()
        cut = next((i for i, w in enumerate(words) if _unpossess(w) != w), None)
        if cut is not None and cut < len(words) - 1:
            continue  # `Balkenende's Weblog`
        names = [w for w in words if fold(w) not in PARTICLES]
        if any(fold(w) in scanner.common or scanner.is_stop(w) or fold(w) in acronyms or fold(w) in NOT_NAMES
               or NOT_NAME_SHAPE_RE.search(w) or _compound_of_words(fold(w), scanner) for w in names):
            continue
        prev = re.search(r"([\w'’.-]+)\s+$", scanner.text[max(0, m.start() - 40):m.start()])
        if prev and fold(prev.group(1)) in BARE_BLOCKERS:
            continue
        yield _Mention(_tidy(words), False)


def _bare_caps_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    """ALL CAPS: a word that is no ordinary word, place, organisation or acronym (``BAZARGAN``)."""
    acronyms = _acronyms()
    for m in re.finditer(r"(?<![\w'’/-])([A-Z][A-Z'’-]{3,}[A-Z])(?![\w'’/-])", scanner.text):
        word = _unpossess(m.group(1))
        possessive = word != m.group(1)
        f = fold(word)
        if len(word) < 4:
            continue  # `NZF'S`
        if (f in scanner.common or scanner.is_stop(word) or f in NOT_NAMES or f in scanner.given or f in acronyms
                or NOT_NAME_SHAPE_RE.search(word.lower()) or _compound_of_words(f, scanner)):
            continue
        prev = re.search(r"([\w'’.-]+)\s+$", scanner.text[max(0, m.start() - 40):m.start()])
        if prev and fold(prev.group(1)) in BARE_BLOCKERS:
            continue
        yield _Mention([word], True, bare=True, weight=2 if possessive else 1)


def _bare_mentions(scanner: _Scanner) -> Iterable[_Mention]:
    """Mixed case only: a capitalised word alone mid-sentence that is no ordinary word, place or
    organisation (``Berlusconi``, ``Erdogan``). Words in a capitalised run are left to the other rules."""
    if scanner.caps:
        yield from _bare_caps_mentions(scanner)
        return
    text = scanner.text
    listed: set[str] | None = None
    acronyms = _acronyms()
    for m in BARE_RE.finditer(text):
        word = m.group(1)
        f = fold(word)
        # the cheap tests on the word first: most capitalised words are ordinary or known
        if (len(word) < 4 or f in scanner.common or f in scanner.given or f in NOT_NAMES or f in acronyms
                or scanner.is_stop(word) or NOT_NAME_SHAPE_RE.search(word)):
            continue  # (a given name alone belongs to a full name said elsewhere)
        start = m.start()
        before = text[max(0, start - 3):start]
        if not before.strip() or SENTENCE_START_RE.search(before):
            continue  # sentence-initial: capitals say nothing
        prev = PREV_WORD_RE.search(text, max(0, start - 40), start)
        if prev and (prev.group(1)[:1].isupper() and not _is_title_word(fold(prev.group(1).rstrip(".")))
                     or fold(prev.group(1)) in BARE_BLOCKERS):
            continue  # in a capitalised run, or `the Holocaust`, `in Bodrum`
        nxt = NEXT_WORD_RE.match(text, m.end())
        if nxt and nxt.group(1)[:1].isupper():
            continue
        if listed is None:
            # single capitalised words listed three or more in a row are places or things
            # (`the cantons of Siquirres, Pococi, Matina and Cahuita`), not surnames
            listed = {w for lm in LIST_RE.finditer(text) for w in re.findall(r"[A-Z][a-z]+", lm.group())}
        if word in listed:
            continue
        yield _Mention([word], False, bare=True)


BARE_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)(?:['’]s|Qs)?(?![\w'’-])")
SENTENCE_START_RE = re.compile(r"[.!?:;\"(\[]\s*$")
PREV_WORD_RE = re.compile(r"([\w'’.-]+)\s+$")
NEXT_WORD_RE = re.compile(r"\s+([\w'’-]+)")


#: A routing line of the header: ``NSC FOR BRAUN``, ``USDA FOR OSTA/LIZ JONES, OCRA/JOE KOWALSKI``.
ROUTING_RE = re.compile(r"^[ \t]*(?:[A-Z][\w/&.-]*[ \t]+){0,3}(?:ALSO[ \t]+)?(?:FOR|for)[ \t]+(.+)$", re.MULTILINE)
#: Office codes of five letters or more that routing lines name (shorter all-caps words are all codes).
OFFICE_CODES = frozenset("""
oasia usaid eucom pacom centcom southcom africom northcom usnato usosce usmission unvie ustr usdoc usdoe
usda dhs opic exim ofac fincen osta ocra ofso polmil econ attn attention please pass only info action
""".split())


def _routing_mentions(header: str) -> Iterable[_Mention]:
    common, places, given = _lists()
    for line in ROUTING_RE.finditer(header):
        for paren in re.finditer(r"\(([A-Z][A-Z'-]{2,})\)", line.group(1)):
            f = fold(paren.group(1))  # `STATE FOR EEB (EGAN)`, `FOR IO/EDA (KOTOK)`
            if f not in OFFICE_CODES and f not in EXTRA_COMMON and f not in places and \
                    (f not in common or f in _name_words()) and re.search(r"[AEIOUY]", paren.group(1)):
                yield _Mention([paren.group(1)], True)
        for part in re.split(r"\b(?:FOR|for)\b", line.group(1)):
            for seg in re.split(r"[,;()]|\s+(?:AND|and|-)\s+", part):
                run: list[str] = []
                for token in seg.split() + [""]:
                    word = re.split(r"[/:]", token)[-1] if token else ""
                    bare = word.rstrip(".")
                    f = fold(bare)
                    keep = bool(bare) and bare.isalpha() and bare.isupper() and (
                        _is_initial(word) or len(bare) > 4 and f not in OFFICE_CODES and f not in ORG_WORDS
                        and (f not in common or f in _name_words())
                        and f not in places and f not in EXTRA_COMMON and not _is_title_word(f)
                        or len(bare) > 2 and f in given
                        or len(bare) > 1 and bool(run) and fold(run[-1]) in given)  # `CAROLYN GAY`
                    if keep and "/" in token and run:
                        keep = False  # `OES/EGC` starts a new office
                    if keep:
                        run.append(word)
                        continue
                    while run and _is_initial(run[-1]):
                        run.pop()
                    if run:
                        starts = [i for i, w in enumerate(run) if fold(w) in given]
                        yield _Mention(run[starts[0]:] if starts and len(run) - starts[0] >= 2 else run, True)
                    run = []


VERB_SHAPE_RE = re.compile(r"(?i)(?:[rtscvpkgzn]ed|lled|ally|[a-z]{4}ing)$")
LIST_RE = re.compile(r"\b[A-Z][a-z]+(?:,\s+(?:and\s+)?[A-Z][a-z]+){2,}\b")
#: A lone capitalised word after these is a place, a thing or a group: `the Jandarma`, `in Bodrum`.
BARE_BLOCKERS = frozenset("the in at from into near via of to across outside inside toward towards".split())
#: Shapes of words that are not surnames: -ist/-ism/-ians and plurals of groups, and a quote mark
#: read as `Q` glued to the next word (`Qgreat`).
NOT_NAME_SHAPE_RE = re.compile(r"(?i)(?:ists?|isms?|ians|ers|ites|ions|[^aeioul]ly|[a-z]{3}ing|ness|ments?|ship|hood|"
                               r"ities|ity|ous|ful|able|ible|ical|[rtscvpkgzn]ed|lled|['’]t)$|^Q[b-df-hj-np-tv-z]")

#: Words that look like names to the rules but are titles or collective nouns.
NOT_NAMES = frozenset("""shah emir amir sheikh mullah imam majlis politburo junta christmas easter ramadan eid
holocaust charg christian christians muslim muslims jewish catholic orthodox protestant buddhist hindu sikh
coptic evangelical islam allah sharia shariah surah caliph koran koranic quran hadith jihad mujahidin
majesty highness excellency brotherhood amnesty guide empress emperor""".split())


def _tag_person(tag: str) -> _Mention | None:
    m = TAG_PERSON_RE.match(tag.strip())
    if not m:
        return None
    surname, given = m.group(1).strip(), m.group(2).strip()
    words = given.replace(".", ". ").split() + surname.split()
    if not words:
        return None
    return _Mention(words, caps=True)


def _plain_name(name: str) -> _Mention | None:
    """A name from a header field (``Charles V. Barclay``, ``TOM MCDONALD``, signer ``GARZA``)."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:")
    name = re.split(r"(?i)\breaso", name)[0].strip(" .,;:")  # `Andrew J. Schofer Reaso N S 1.4`
    words = [w for w in name.replace(".", ". ").split() if w]
    words = [w if _is_initial(w) else w.rstrip(".") for w in words]
    if not words or any(not re.fullmatch(r"[^\W\d_][\w'’-]*\.?", w) for w in words):
        return None
    if len(words) > MAX_NAME_WORDS:
        return None
    common, places, _given = _lists()
    folded = [fold(w.rstrip(".")) for w in words if not _is_initial(w)]
    if not folded or any(f in ORG_WORDS or f in places or f in EXTRA_COMMON for f in folded):
        return None
    if len(folded) > 1 and all(f in common for f in folded):
        return None
    return _Mention(words, caps=all(w.isupper() for w in words))


# --- resolution ------------------------------------------------------------------------------


@dataclass
class _Person:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def best(self) -> _Mention:
        return max(self.mentions, key=lambda m: (not m.caps, len([w for w in m.words if not _is_initial(w)]),
                                                 len(m.words), -self.mentions.index(m)))

    def surnames(self) -> set[str]:
        out = set()
        for m in self.mentions:
            words = [w for w in m.folded if w and not ONE_LETTER_RE.fullmatch(w)]
            for k in range(len(words)):
                out.add(" ".join(words[k:]))
        return out


def _edit_distance(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _matches(mention: _Mention, person: _Person) -> bool:
    words = mention.key_words
    if not words:
        return False
    joined = "".join(words)
    for other in person.mentions:
        ow = other.key_words
        if not ow:
            continue
        if len(words) == 1 and len(ow) > 1 and words[0] == ow[0] and (mention.bare or words[0] in _lists()[2]):
            return True  # `Guilherme` of `Guilherme de Oliveira Estrella`: a first name alone
        if len(words) <= len(ow) and ow[len(ow) - len(words):] == words:
            return True  # a suffix: `Garcia Luna` of `Genaro Garcia Luna`, `Negroponte` of `John Negroponte`
        if len(ow) < len(words) and words[len(words) - len(ow):] == ow:
            return True
        if joined == "".join(ow[-len(words):]) or joined == ow[-1] or "".join(ow[-2:]) == joined:
            return True  # OCR split: `Negro Ponte` / `Negroponte`
        if len(words) >= 2 and len(ow) > len(words) and ow[:len(words)] == words:
            return True  # `Manoel Gomes` of `Manoel Gomes Pereira`: the last surname dropped
        if len(words) == 2 and len(ow) > 2 and words[0] == ow[0] and words[-1] == ow[-1]:
            return True  # `Hafiz Saeed` of `Hafiz Muhammad Saeed`
        if len(words) >= 2 and len(ow) >= 2 and words[-1] == ow[-1] and len(words) == len(ow):
            if _edit_distance(" ".join(words), " ".join(ow), 2) <= 2:
                return True  # `Hafiz Muhammed Saeed` / `Hafiz Muhammad Saeed`
        last, olast = joined, "".join(ow[-1:])
        if len(words) == 1 and len(last) >= 6 and len(olast) >= 6 and last[0] == olast[0]:
            if _edit_distance(last, olast, 2 if len(olast) >= 9 else 1) <= (2 if len(olast) >= 9 else 1):
                return True  # OCR misread: `Negrofonte`
    return False


def _resolve(mentions: Sequence[_Mention]) -> list[_Person]:
    # The same words seen again add weight, not another mention to compare with.
    unique: dict[tuple[tuple[str, ...], bool, bool, bool], _Mention] = {}
    for m in mentions:
        if m.signature in unique:
            unique[m.signature].weight += m.weight
        else:
            unique[m.signature] = m
    mentions = list(unique.values())
    people: list[_Person] = []
    # fullest first, so a surname alone finds the full name it belongs to
    order = sorted(range(len(mentions)), key=lambda i: (-len(mentions[i].words), i))
    for i in order:
        mention = mentions[i]
        hit = next((p for p in people if _matches(mention, p)), None)  # the first person it fits
        if hit is not None:
            hit.mentions.append(mention)
        else:
            people.append(_Person([mention]))
    people = [p for p in people if not all(m.weak for m in p.mentions)
              and (not all(m.bare for m in p.mentions)
                   or sum(m.weight for m in p.mentions) >= (BARE_MIN_CAPS if p.mentions[0].caps else BARE_MIN))]
    # keep the order people first appear in the cable
    first_seen = {id(p): min(mentions.index(m) for m in p.mentions) for p in people}
    return sorted(people, key=lambda p: first_seen[id(p)])


def _display(person: _Person) -> str:
    best = person.best
    # An OCR split (`Negro Ponte`) loses to the joined form seen elsewhere (`Negroponte`).
    joined_forms = {"".join(m.folded): m for m in person.mentions if len(m.words) == 1}
    if len(best.words) == 2 and "".join(best.folded) in joined_forms:
        best = joined_forms["".join(best.folded)]
    return " ".join(display_case(w) for w in best.words)


def find_people(texts: Iterable[str], *, classified_by: str | None = None, signers: Sequence[str] = (),
                tags: Sequence[str] = (), header: str = "", declassification: str = "") -> tuple[str, ...]:
    """Each person named in the cable once, in display form, in order of first mention.

    `texts` are the cleaned subject, headings and paragraph texts; the header
    fields give names directly.
    """
    mentions: list[_Mention] = []
    for tag in tags:
        if "," in tag or "(" in tag:
            m = _tag_person(tag)
            if m:
                mentions.append(m)
    if classified_by:
        m = _plain_name(classified_by)
        if m:
            mentions.append(m)
    # 1970s E.O. lines name the classifier: `E.O. 12065: GDS 11/12/85 (TOMSETH, VICTOR L.) OR-P`
    for m in re.finditer(r"\(([A-Z][A-Za-z'-]+, [A-Z][A-Za-z.' ]*)\)", declassification):
        mention = _tag_person(m.group(1))
        if mention:
            mentions.append(mention)
    mentions.extend(_routing_mentions(header))
    texts = [t for t in texts if t]
    caps = [_is_caps(t) for t in texts]
    mixed_letters = sum(len(t) for t, c in zip(texts, caps) if not c)
    mixed_cable = mixed_letters > 0.5 * sum(len(t) for t in texts)
    for text, is_caps in zip(texts, caps):
        scanner = _Scanner(text, is_caps)
        weak = mixed_cable and (scanner.caps or _is_title_case(text))
        for m in (*_title_mentions(scanner), *_given_name_mentions(scanner), *_context_mentions(scanner),
                  *_cue_mentions(scanner), *_bare_mentions(scanner),
                  *_pair_mentions(scanner)):
            m.weak = weak
            mentions.append(m)
    for signer in signers:
        m = _plain_name(signer)
        if m:
            mentions.append(m)
    people = _resolve(mentions)
    out: list[str] = []
    seen: set[str] = set()
    for p in people:
        name = _display(p)
        key = person_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)
