"""Hypothesis strategies for command-line arguments: the values a user (or a slip of the
keyboard) gives tracker's commands, and `command_args`, which builds a whole argument list for
one click command from its own parameters, so a new command or option is fuzzed without
a change here."""

from __future__ import annotations

import click
from hypothesis import strategies as st


# Control characters, bidirectional overrides and isolates, a zero-width joiner, a BOM, a lone
# surrogate's neighbours: what a pasted text brings along.
def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, each as often as its weight says (st.one_of takes a strategy
    given twice as once)."""
    return st.sampled_from([s for weight, s in choices for _ in range(weight)]).flatmap(
        lambda strategy: strategy)


_NASTY = "\x00\x01\x07\x08\x1b\x7f\x85\r\n\t\u200b\u200d\u202a\u202b\u202d\u202e\u2066\u2069" \
    "\ufeff\u2028\ufffd"

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(_NASTY + "ab é#-@ "), max_size=20),
    st.sampled_from(["", " ", "-", "--", "=", "=1+1", "'; DROP TABLE actions; --", "%s", "{x}",
                     "a" * 3000, "Bel Anna\u202e terug\u202c", "Jan\r\nBcc: x@example.org"]),
)

ids = weighted(
    (6, st.integers(min_value=1, max_value=15).map(str)),
    (1, st.integers(min_value=-(10 ** 25), max_value=10 ** 25).map(str)),
    (1, st.integers(min_value=0, max_value=30).map(str)),
    (1, st.integers(min_value=0, max_value=30).map("#{}".format)),
    (2, st.tuples(st.integers(0, 12), st.integers(0, 12)).map("{0[0]}-{0[1]}".format)),
    (1, st.sampled_from(["7-9", "-3", "0", "#0", "99999999999999999999", "1-99999999999999999999",
                     "9-7", "x1", "1.5", "1e3", "", " 3 ", "٣", "³", "#", "--1", "3-", "#1-#3"])),
)

dates = st.one_of(
    st.dates().map(str),
    st.sampled_from(["2026-12-01", "2026-02-29", "2024-02-29", "0001-01-01", "9999-12-31",
                     "1 maart 2025", "31-02-2025", "12-03-2025", "vrijdag", "next friday",
                     "morgen", "over 2 weken", "binnen zes weken", "eind Q2 2025", "week 53",
                     "half maart", "medio 2027", "none", "geen", "-", "10000-01-01",
                     "2026-W48", "99999999999999999999", "31 juni", "na de zomer"]),
    texts,
)

weeks = st.one_of(
    st.tuples(st.integers(0, 10000), st.integers(-1, 60)).map("{0[0]:04d}-W{0[1]:02d}".format),
    st.sampled_from(["2026-W48", "2026-W54", "2026-W53", "2020-W53", "2026-W00", "2026W48",
                     "2026-w1", "0000-W01", "9999-W52", "2026-48", ""]),
)

crons = st.one_of(
    st.sampled_from(["0 8 * * 1", "61 8 * * 1", "0 8 30 2 *", "*/0 * * * *", "* * * * *",
                     "0 0 29 2 *", "0 8 * * 8", "0 8 * * mon-fri", "@weekly", "0 8 * *",
                     "0 8 * * 1 2", "1-0 * * * *", "0 8 31 4,6,9,11 *",
                     "99999999999999999999 * * * *"]),
    st.lists(st.sampled_from(["*", "0", "1", "59", "60", "*/5", "1-3", "3-1", ",", "a", "-1"]),
             min_size=0, max_size=6).map(" ".join),
)

known_owners = st.sampled_from(["anna@example.org", "ANNA@EXAMPLE.ORG", "bert@example.org",
                                "Bert Jansen", "anna", "resilience@example.org"])
emails = weighted(
    (3, known_owners),
    (1, st.sampled_from(["jan..jansen@example.org", "@example.org",
                     "a@b", "a@-example.org", "anna@exämple.org", "ännä@example.org",
                     "a\r\nBcc: x@example.org", "a b@example.org", "<anna@example.org>",
                     "Anna <anna@example.org>", "x" * 300 + "@example.org", "Anna", "anna"])),
    (1, st.emails().map(str)),
    (1, texts),
)

languages = st.sampled_from(["nl", "en", "de", "", "NL"])


def _paths(folder: str) -> st.SearchStrategy[str]:
    """Files and folders to read: the seed reports, a folder of them, nothing, odd names."""
    return st.sampled_from([f"{folder}/seed.txt", f"{folder}/reports", f"{folder}/missing.txt",
                            f"{folder}/empty.txt", f"{folder}/binary.pdf", f"{folder}/a.doc",
                            folder, "/dev/null", "-", ""])


def _by_name(name: str) -> st.SearchStrategy[str] | None:
    """The strategy a parameter's name asks for, where its type says only `text`."""
    for words, strategy in ((("week", "period"), weeks), (("cron",), crons),
                            (("email", "owner", "ident", "to"), st.one_of(emails, texts)),
                            (("language",), languages),
                            (("due", "date", "since", "until", "before", "after"), dates),
                            (("id", "into", "replace"), ids)):
        if any(word in name for word in words):
            return strategy
    return None


def value_for(param: click.Parameter, folder: str) -> st.SearchStrategy[str]:
    """Mostly what the parameter is meant to take, sometimes anything at all."""
    kind, name = param.type, (param.name or "").lower()
    if isinstance(kind, click.Choice):
        meant = st.sampled_from([str(c) for c in kind.choices])
    elif isinstance(kind, (click.IntRange, click.types.IntParamType)):
        meant = st.integers(-(10 ** 20), 10 ** 20).map(str)
    elif isinstance(kind, (click.Path, click.File)) or name in ("paths", "path", "files"):
        meant = _paths(folder)
    elif kind.name in ("ID", "ID..."):
        meant = ids
    elif kind.name == "DATE":
        meant = dates
    elif kind.name == "WEEK":
        meant = weeks
    else:
        named = _by_name(name)
        meant = texts if named is None else named
    anything = st.one_of(ids, dates, weeks, crons, emails, texts)
    return weighted((9, meant), (1, anything))


@st.composite
def command_args(draw, path: tuple[str, ...], command: click.Command, folder: str) -> list[str]:
    """An argument list for `tracker PATH...`: its arguments (one too few or too many at
    times), its required options and some others in any order, now and then one it does not
    have."""
    args: list[str] = list(path)
    options = [p for p in command.params if isinstance(p, click.Option)
               and p.name not in ("help",)]
    chosen = draw(st.lists(st.sampled_from(options), max_size=4)) if options else []
    required = [o for o in options if o.required]
    for option in draw(st.permutations(chosen + required)):
        flag = draw(st.sampled_from(option.opts))
        if option.is_flag or option.count:
            args.append(flag)
        else:
            args += [flag, draw(value_for(option, folder))]
    for argument in (p for p in command.params if isinstance(p, click.Argument)):
        count = argument.nargs if argument.nargs > 0 else draw(st.integers(1, 3))
        if not argument.required and draw(st.booleans()):
            continue
        count += draw(st.sampled_from([0] * 18 + [-1, 1]))
        args += [draw(value_for(argument, folder)) for _ in range(max(0, count))]
    if draw(st.integers(0, 49)) == 23:  # not 0: hypothesis favours the bounds
        args.insert(draw(st.integers(len(path), len(args))), "--no-such-option")
    return args
