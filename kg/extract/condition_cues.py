"""What the condition finder (kg.extract.conditions) asks of single tokens and clauses.

Input: spaCy tokens of a parsed sentence (and the Context, the proposal mentions where needed).
Output: answers: is this mark "as long as", the infinitive of "have to", the content clause of "the demand
that …", the copula of "X was a precondition", the items of a coordinated list, the earlier proposal a noun
names by its topic, whether "only … after/once/until" makes a clause a condition.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common import Context
from kg.extract.proposals import ProposalMention, topic_of

CONDITIONAL_ON = {"conditional", "contingent", "dependent", "conditioned", "depend", "hinge"}


def as_long_as(mark: Token) -> bool:
    """The mark "as" of "as long as" / "so long as"."""
    doc = mark.doc
    return mark.lower_ == "as" and mark.i >= 2 and doc[mark.i - 1].lower_ == "long" and doc[mark.i - 2].lower_ in (
        "as", "so")


def have_to(verb: Token) -> Token | None:
    """The infinitive of "have to V" (an obligation), or None."""
    return next((c for c in verb.children if c.dep_ == "xcomp" and any(
        a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)


def on_topic(noun: Token, props: list[ProposalMention], ctx: Context) -> ProposalMention | None:
    """The last proposal of the sentences before whose topic the noun names ("any truce" → the ceasefire)."""
    topic = topic_of(noun.text, ctx)
    return next((p for p in reversed(props) if topic and (p.resolved or p).topic == topic), None)


def only_then(mark: Token, ctx: Context) -> bool:
    """"… would only take effect after / once / when X", "… will not happen until X": X is a condition."""
    main = mark.head.head
    if mark.head.dep_ != "advcl" or main.i == mark.head.i:
        return False
    if mark.lower_ == "until":
        return ctx.negated(main)
    return any(c.dep_ == "advmod" and c.lower_ == "only" and (c.head.i == main.i or c.i == mark.i - 1)
               for c in (*main.children, *mark.head.children))


def that_clause(noun: Token) -> Token | None:
    """The clause of "the demand that Ukraine withdraw …" (a content clause on the noun), or None."""
    return next((ch for ch in noun.children if ch.dep_ in ("acl", "ccomp", "relcl") and any(
        m.dep_ == "mark" and m.lower_ == "that" and m.i == noun.i + 1 for m in ch.children)), None)


def urged_on_another(verb: Token, ctx: Context) -> bool:
    """"Zelensky says the US should take strong steps if Moscow refuses": the speaker says when another party
    should act; neither the speaker nor that party attaches a requirement to a proposal."""
    if not any(a.dep_ == "aux" and a.lower_ in ("should", "must", "ought") for a in verb.children):
        return False
    speaker, _ = ctx.speaker(verb)
    subj = ctx.subject_of(verb)
    return bool(speaker and subj and not ctx.same_side(speaker, subj[0]))


def copula_of(noun: Token) -> Token | None:
    """The "be" whose complement the condition noun is, with a subject: "X was a key condition", "X would
    be one of the main preconditions"."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ == "one" and head.head.dep_ == "attr":
        noun, head = head.head, head.head.head
    if noun.dep_ != "attr" or head.lemma_ != "be":
        return None
    return head if any(ch.dep_ == "nsubj" for ch in head.children) else None


def split_coordination(root: Token, deps: tuple[str, ...] = ("conj", "appos")) -> list[list[Token]]:
    """The items of a coordinated list under `root`: each conjunct (and apposition) is its own item, with
    the tokens whose nearest item above them is that item; coordinators and separators dropped."""
    roots = [root] + [t for t in root.subtree if t.dep_ in deps and t.i != root.i]
    root_ids = {r.i for r in roots}
    items = []
    for r in roots:
        sub = []
        for t in r.subtree:
            node = t
            while node.i != r.i and node.i not in root_ids:
                node = node.head
            if node.i == r.i and not (t.dep_ == "cc" or (t.is_punct and t.text in ",;:")):
                sub.append(t)
        if sub:
            items.append(sub)
    return items

