"""Is an event cue a report of something that happened? Checks on the spaCy parse.

A cue phrase ("arrest", "executed", "saisi") names an action, but the sentence around it
may deny it ("police do not arrest people by video call"), put it in the future or in a
possibility ("would soon be arraigned", "pourrait être condamné"), make it a threat or a
quoted fear ("threatened with arrest", "a warrant for my arrest"), or use another sense
of the word ("warrants were executed", "s'arrêter" = to stop, "saisir l'occasion").
The gold convention (shared/gold/README.md) counts only actions reported as having
happened, so these are vetoed here from dependency labels, lemmas and morphology, for
English (ClearNLP labels of en_core_web_sm) and French (Universal Dependencies labels of
fr_core_news_sm). Word lists are small closed classes, each named where it is defined.
"""

from __future__ import annotations

from functools import lru_cache

# English modal auxiliaries (a closed class: Quirk et al., "A Comprehensive Grammar", §3.40)
_MODALS = {"will", "would", "shall", "should", "can", "could", "may", "might", "must"}
# French modal verbs that put the infinitive they govern in the possible (pouvoir, devoir)
_FR_MODALS = {"pouvoir", "devoir"}
# verbs whose object is an action feared or threatened, not done
_THREAT_VERBS = {"threaten", "fear", "avoid", "risk", "escape", "evade", "dodge", "menacer", "risquer", "éviter",
                 "échapper", "craindre"}
# verbs of aim whose infinitive says what was sought (Levin 1993, "want" and "try" verbs; French equivalents)
_INTENT_VERBS = {"aim", "seek", "try", "attempt", "plan", "intend", "want", "vow", "pledge", "promise", "move", "work",
                 "hope", "strive", "vise", "viser", "chercher", "tenter", "vouloir", "essayer", "souhaiter", "promettre"}
# verbs whose to-infinitive happened: Karttunen's implicatives (1971, "Implicative verbs": manage,
# remember, bother, get, dare, happen) with help, and the court's and parties' acts that the gold
# counts as done (ordered to forfeit, agreed to pay)
_IMPLICATIVE = {"manage", "remember", "bother", "get", "dare", "happen", "help", "succeed", "order", "agree",
                "sentence", "force", "compel", "require", "direct"}
# French negation words that close "ne" (Grevisse, "Le Bon Usage", §1022: ne ... pas, jamais, plus, rien...)
_FR_NEGATORS = {"pas", "jamais", "plus", "rien", "personne", "aucun", "aucune", "guère", "nullement", "point"}
# dependency labels of a noun that is an argument of its verb (ClearNLP and UD)
_ARGUMENT_DEPS = {"dobj", "obj", "nsubj", "nsubjpass", "nsubj:pass", "attr", "iobj"}
# first- and second-person possessives: "my arrest", "votre arrestation" (a quoted victim, a scam script)
_PERSONAL_POSS = {"my", "your", "our", "mon", "ma", "mes", "ton", "ta", "tes", "votre", "vos", "notre", "nos"}
# objects with which "seize"/"saisir" means to take up or refer, not to confiscate (Larousse, "saisir":
# saisir l'occasion, saisir une juridiction; Merriam-Webster, "seize the opportunity")
_ABSTRACT_SEIZED = {"occasion", "opportunity", "chance", "moment", "initiative", "opportunité", "justice", "tribunal",
                    "cour", "juge", "conseil", "parquet", "commission", "dossier", "juridiction", "défenseur"}
# nouns for people that crime news says were executed (WordNet person.n.01 hyponyms in that register; French)
_PEOPLE = {"member", "leader", "boss", "head", "man", "woman", "person", "people", "individual", "suspect", "convict",
           "prisoner", "inmate", "criminal", "gangster", "defendant", "trafficker", "dealer", "smuggler", "fraudster",
           "kingpin", "ringleader", "national", "citizen", "figure", "membre", "chef", "homme", "femme", "personne",
           "individu", "suspect", "condamné", "détenu", "prisonnier", "criminel", "trafiquant", "ressortissant",
           "parrain", "meneur"}
# what "execute" takes as object when it means to carry out or sign (Merriam-Webster, "execute" 1 and 3)
_EXECUTED_THINGS = {"warrant", "order", "search", "plan", "contract", "transaction", "trade", "agreement", "deed",
                    "document", "will", "scheme", "attack", "payment", "transfer", "mandat", "ordre", "contrat",
                    "peine", "décision", "jugement", "perquisition", "paiement", "virement"}
# nouns of people handed over who are not the suspects a handover convention means
_NOT_SUSPECTS = {"victim", "worker", "survivor", "child", "victime", "travailleur", "enfant", "rescapé"}


def _bare(token) -> str:
    """The lemma without an elided article glued to it ("l’occasion" -> "occasion")."""
    low = token.lemma_.lower()
    for mark in ("'", "’"):
        if mark in low[:3]:
            low = low.split(mark, 1)[1]
    return low


def _verb_of(token):
    """The verb a cue belongs to: the token itself, or the verb governing a noun cue."""
    seen = 0
    while token.pos_ not in ("VERB", "AUX") and token.head is not token and seen < 4:
        token = token.head
        seen += 1
    return token


def _reflexive(token) -> bool:
    return any(c.lemma_.lower() in ("se", "s'") and "Reflex=Yes" in str(c.morph) for c in token.children)


def _unreal(verb, span) -> bool:
    """Negated, future, conditional or modal: not reported as having happened."""
    chain = [verb]
    if verb.dep_ in ("xcomp", "ccomp") and verb.head is not verb:
        chain.append(verb.head)  # "pourrait être condamné": the modal governs the cue
    for v in chain:
        for c in v.children:
            if c.i in range(span.start, span.end):
                continue  # the cue phrase says it itself ("will be arraigned" is a cue of its own)
            low = c.lemma_.lower()
            if c.dep_ == "neg" or (c.dep_ == "advmod" and "Polarity=Neg" in str(c.morph) and low != "ne"):
                return True
            if low == "ne" and any(t.lower_ in _FR_NEGATORS for t in c.doc[c.i + 1 : min(len(c.doc), c.i + 7)]):
                return True  # "n'arrête jamais personne" (the parser hangs "jamais" elsewhere); not "ne ... que"
            if c.dep_ == "aux" and c.lower_ in _MODALS:
                return True
            if c.dep_.startswith("aux") and ("Tense=Fut" in str(c.morph) or "Mood=Cnd" in str(c.morph)):
                return True
        if "Tense=Fut" in str(v.morph) or "Mood=Cnd" in str(v.morph):
            return True
        if v is not verb and v.lemma_.lower() in _FR_MODALS:
            return True
    return False


def _purpose(verb, span) -> bool:
    """An infinitive of aim or purpose: "an operation to dismantle", "aimed at dismantling",
    "moves to seize", "pour démanteler" — what was sought, not what was done."""
    head = verb.head
    if head is verb:
        return False
    if head.lower_ in ("at", "to", "toward", "towards") and head.head.lemma_.lower() in _INTENT_VERBS:
        return True  # "aimed at dismantling"
    infinitive = verb.tag_ == "VB" or "VerbForm=Inf" in str(verb.morph)
    if not infinitive:
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in verb.children):
        return True
    to = any(c.dep_ == "aux" and c.lower_ == "to" and not span.start <= c.i < span.end for c in verb.children)
    if to:
        # "an operation to dismantle", "cooperating to dismantle", "moves to seize": only an
        # implicative head entails that the action happened ("managed to seize", "helped freeze")
        return head.lemma_.lower() not in _IMPLICATIVE
    return _bare_intent(verb.lang_) and head.lemma_.lower() in _INTENT_VERBS


@lru_cache(maxsize=None)
def _bare_intent(lang: str) -> bool:
    """Does ``lang`` put a bare infinitive after a verb of intent ("vise à démanteler", "veut saisir")?
    (``data/<lang>/events.yml``, key ``bare_infinitive_of_intent``)."""
    from extract.facts.numbers import load_yaml

    return bool(load_yaml(lang, "events").get("bare_infinitive_of_intent"))


def _patients(verb) -> list:
    """The verb's undergoers: direct objects (active) or subjects (passive)."""
    return [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass", "nsubj:pass")]


def _death_sense(span) -> bool:
    """"executed" / "exécution" in the capital-punishment sense, not "a warrant was executed"."""
    root = span.root
    if root.pos_ in ("VERB", "AUX"):
        if _reflexive(root):
            return False  # "les victimes se sont exécutées": they complied
        patients = _patients(root)
    else:
        patients = []  # "the execution of four members", "l'exécution d'un mandat"
        for c in root.children:
            if c.dep_ == "nmod":
                patients.append(c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                patients.extend(g for g in c.children if g.dep_ == "pobj")
    if not patients and root.dep_ == "conj" and root.head.pos_ == "VERB":
        patients = _patients(root.head)  # "coordinated and executed by offenders"
    if root.dep_ in ("amod", "acl") and root.head.pos_ == "NOUN":
        patients.append(root.head)  # "the fully executed contract"
    if not patients:
        return True  # "venaient d'être exécutées" with the subject lost by the parser: keep the cue
    if any(p.lemma_.lower() in _EXECUTED_THINGS for p in patients):
        return False  # "executed five search warrants"
    # the capital sense needs a person: a name, a pronoun, a number of them, a noun for people
    return any(p.ent_type_ in ("PERSON", "PER", "NORP") or p.pos_ in ("PRON", "NUM", "PROPN")
               or any(c.dep_ == "nummod" for c in p.children) or p.lemma_.lower() in _PEOPLE for p in patients)


def _handover(span) -> bool:
    """A handover or deportation counts when someone is sent *to* a state or its police, and is not a victim."""
    verb = span.root
    if any(p.lemma_.lower() in _NOT_SUSPECTS for p in _patients(verb)):
        return False
    for c in verb.subtree:
        if c.lower_ in ("to", "à", "aux", "au", "vers") and c.head.i >= verb.i - 1:
            goal = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else c.head
            if goal is not None and (goal.ent_type_ in ("GPE", "LOC", "ORG", "NORP")
                                     or goal.lemma_.lower() in ("authority", "police", "autorité")):
                return True
    return False


def _search(span) -> bool:
    """"searched five homes", "searches were carried out" — not "searched for", "search engine"."""
    root = span.root
    if root.pos_ == "VERB":
        if any(c.dep_ == "prep" and c.lower_ == "for" for c in root.children):
            return False
        # someone searched something: "Searching the name online is one way..." (a gerund subject) is advice
        return bool(_patients(root)) and root.dep_ not in ("csubj", "csubjpass")
    if root.dep_ == "compound" and root.head.lemma_.lower() not in ("warrant", "operation"):
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "for" for c in root.children)


def reported(doc, start: int, end: int, label: str, cue_kind: str | None = None) -> bool:
    """True when the cue ``doc[start:end]`` (labelled ``label``) reports an action that happened."""
    span = doc[start:end]
    root = span.root
    low = root.lemma_.lower()
    verb = _verb_of(root)
    # a noun cue shares its verb's modality only as its argument ("will face charges"), not inside
    # a prepositional phrase ("dans le cadre de la procédure d'extradition")
    if (verb is root or root.dep_ in _ARGUMENT_DEPS) and _unreal(verb, span):
        return False
    if verb is root and _purpose(root, span):
        return False
    if root.pos_ in ("VERB", "AUX") and _reflexive(root):
        return False  # "s'arrêter" (to stop), "se saisir du dossier", "se remettre"
    if root.pos_ in ("NOUN", "PROPN"):
        if any(c.dep_ == "poss" and c.lower_ in _PERSONAL_POSS for c in root.children) or (
                start > 0 and doc[start - 1].lower_ in _PERSONAL_POSS):
            return False
        if verb is not root and verb.lemma_.lower() in _THREAT_VERBS:
            return False
        if root.head.lower_ == "for" and root.head.head.lemma_.lower() == "warrant":
            return False  # "a warrant for his arrest": sought, not made
    elif root.head is not root and root.dep_ in ("xcomp", "ccomp") and root.head.lemma_.lower() in _THREAT_VERBS:
        return False
    if label == "charge" and start > 0 and doc[start - 1].pos_ == "DET" and low in ("mettre", "mis"):
        return False  # "le mis en cause", "les mis en examen": the suspect, a noun
    if label == "seizure" and any(c.dep_ in ("dobj", "obj", "xcomp", "attr") and _bare(c) in _ABSTRACT_SEIZED
                                  for c in root.children):
        return False
    if label == "execution" and low in ("execute", "exécuter", "execution", "exécution", "executions"):
        return _death_sense(span)
    if cue_kind == "handover":
        return _handover(span)
    if label == "takedown" and root.dep_ == "amod":
        return False  # "a shuttered news portal": a description, not this story's action
    if cue_kind == "sanction":
        # "OFAC sanctioned the leader", "were sanctioned" — not "countries sanctioned in programs" (a modifier)
        return root.pos_ != "VERB" or root.dep_ not in ("acl", "amod", "relcl")
    if cue_kind == "search":
        return _search(span)
    return True
