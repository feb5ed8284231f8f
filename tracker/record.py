"""Immutable records for the start-up path. dataclasses imports inspect, which costs 14 ms of
every `tracker open` here (bench/results.json, importtime); these records cost nothing.

Fields are the class annotations (strings, with `from __future__ import annotations`), in
order; defaults are class attributes; values cannot be changed, only replaced."""

from __future__ import annotations


class Record:
    def __init__(self, **values: object):
        cls = type(self)
        for name in cls.fields():
            if name in values:
                value = values.pop(name)
            else:
                value = getattr(cls, name)
                value = dict(value) if isinstance(value, dict) else value
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{cls.__name__} has no field {next(iter(values))!r}")

    @classmethod
    def fields(cls) -> dict[str, str]:
        """Field name -> annotation (a string), in declaration order."""
        fields: dict[str, str] = {}
        for klass in reversed(cls.__mro__):
            fields.update(getattr(klass, "__annotations__", {}))
        return {name: kind for name, kind in fields.items() if not name.startswith("_")}

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; use replace()")

    def replace(self, **changes: object):
        return type(self)(**{**{name: getattr(self, name) for name in self.fields()}, **changes})

    def as_dict(self) -> dict:
        return {name: _plain(getattr(self, name)) for name in self.fields()}

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash(tuple(repr(v) for v in self.as_dict().values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.fields())
        return f"{type(self).__name__}({inner})"


def _plain(value: object) -> object:
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, tuple):
        return list(value)
    return value
