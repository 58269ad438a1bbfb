"""Use cases a survivor's step sets off, one `do_…` function each, in the style of
Zulip's `actions/`: each takes the session of the step that asked for it and does
the whole of its job (rows, sealing, audit, alerts) inside that transaction.

`bot.services.effects` calls them for the flow's actions; what she reads about the
result is written in `bot.flows.notices`.
"""
