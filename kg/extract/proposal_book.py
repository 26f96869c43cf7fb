"""One article's proposals: mentions resolved to Proposal nodes.

Input: ProposalMention objects of kg.extract.proposals, in reading order, with their evidence. Output:
Proposal nodes with keys (`finish`). A mention with proposers joins the same side's proposal on the same
topic; an anaphoric one ("this initiative") the last proposal; a proposer-less one with content waits for
the end and joins the proposal with the same topic (and duration) or, failing that, worded alike.
"""
from __future__ import annotations

from kg.extract.common import Context
from kg.extract.proposals import ProposalMention
from kg.extract.wording import similar
from kg.model import Proposal


class ProposalBook:
    """The proposals of one article: resolves mentions to nodes, anaphora and topic matches included."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.items: list[Proposal] = []
        self.last: Proposal | None = None
        self.pending: list[tuple[ProposalMention, object]] = []

    def _compatible(self, p: Proposal, m: ProposalMention) -> bool:
        if m.topic is not None and p.topic != m.topic:
            return False
        return m.duration is None or p.duration is None or p.duration == m.duration

    def _by_side(self, p: Proposal, m: ProposalMention) -> bool:
        return any(self.ctx.same_side(a, b) for a in p.proposers for b in m.proposers)

    def add(self, m: ProposalMention, ev) -> Proposal | None:
        """Resolve a mention now if possible; proposer-less mentions with content wait for the end."""
        if m.proposers:
            same = [p for p in self.items if self._by_side(p, m) and (
                self._compatible(p, m) if (m.topic or not m.anaphoric) else True)]
            if same:
                return self._use(same[-1], m, ev)
            if m.anaphoric or m.topic is None:
                return None
            p = Proposal(key="", proposers=list(m.proposers), label=m.label, topic=m.topic, duration=m.duration)
            self.items.append(p)
            return self._use(p, m, ev)
        if m.anaphoric:
            return self._use(self.last, m, ev) if self.last is not None else None
        same = [p for p in self.items if self._compatible(p, m)] if m.topic else []
        if same:
            return self._use(same[-1], m, ev)
        self.pending.append((m, ev))
        return None

    def _use(self, p: Proposal, m: ProposalMention, ev) -> Proposal:
        m.resolved = p
        p.scope = p.scope or m.extra.get("scope")
        p.addressed.extend(a for a in m.extra.get("addressed", []) if a not in p.addressed and a not in p.proposers)
        if ev not in p.evidence:
            p.evidence.append(ev)
        if (not p.duration) and m.duration and (m.topic == p.topic):
            p.duration = m.duration
        if len(p.label.split()) < 3 and len(m.label.split()) > len(p.label.split()) and m.topic == p.topic:
            p.label = m.label
        self.last = p
        return p

    def finish(self) -> list[Proposal]:
        """Join the waiting mentions to a compatible proposal, then mint keys."""
        for m, ev in self.pending:  # a waiting mention's duration must be the proposal's own: "a 30-day
            same = [p for p in self.items if self._compatible(p, m)  # ceasefire" is not "monitor any ceasefire"
                    and (m.duration is None or p.duration == m.duration)]
            if not same and m.label:  # "the idea of foreign monitors" ~ "independent monitors verify any ceasefire"
                same = [p for p in self.items if similar(p.label, m.label)]
            if same:
                self._use(same[0], m, ev)
        for p in self.items:
            p.key = "|".join(["proposal", ",".join(sorted(p.proposers)), p.topic, p.duration or ""])
        return [p for p in self.items if p.evidence]
