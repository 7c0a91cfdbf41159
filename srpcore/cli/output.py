"""``--output json|text|table`` and ``--query`` for every subcommand that prints data.

A subcommand calls :func:`add_output_options` on its parser and, once its arguments are
checked, :func:`printer` (which compiles the query, so a bad expression is refused before any
prompt or call); it hands the result, shaped like the service's own response, to
:meth:`Printer.emit`. The choice of format follows the AWS CLI: ``--output``, else
``$AWS_DEFAULT_OUTPUT``, else ``json``.

The formats are the AWS CLI's as its user guide describes them: ``json`` indented by four;
``text`` tab-separated lines, where a mapping's scalar values (keys sorted) form one line headed
by the upper-cased name of the key it sits under, nested members follow on their own lines,
a list of scalars under a key gives one line per item and a bare list one line, and a list of
mappings one line per mapping with the columns of all of them; ``table`` a boxed table for
people (its layout is ours, not the AWS CLI's).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = ["FORMATS", "Printer", "add_output_options", "format_table", "format_text", "printer"]

FORMATS = ("json", "text", "table")
OUTPUT_ENV = "AWS_DEFAULT_OUTPUT"
MAX_CELL = 4096  # a table cell this long is cut: a table is for reading, not for scripts


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--output`` and ``--query``, with the AWS CLI's names and meanings."""
    group = parser.add_argument_group("output options (as in the AWS CLI)")
    group.add_argument(
        "--output",
        choices=FORMATS,
        help=f"json, text (tab-separated, as the AWS CLI prints it) or table "
        f"(default: ${OUTPUT_ENV}, else json)",
    )
    group.add_argument(
        "--query",
        metavar="JMESPATH",
        help="JMESPath expression applied to the result before it is printed, "
        "e.g. AuthenticationResult.IdToken",
    )


@dataclass(frozen=True)
class Printer:
    """A checked ``--output``/``--query`` pair; ``title`` heads a table (the operation name)."""

    format: str
    query: Any  # a compiled jmespath expression, or None
    title: str
    indent: int | None = 4  # JSON's, as the AWS CLI prints it; None for one line

    def render(self, data: object) -> str:
        """What :meth:`emit` writes, as a string (empty when there is nothing to print)."""
        if self.query is not None:
            data = _search(self.query, data)
        if self.format == "text":
            return format_text(data)
        if self.format == "table":
            return format_table(data, self.title)
        return json.dumps(data, indent=self.indent, ensure_ascii=False) + "\n"

    def emit(self, data: object) -> None:
        sys.stdout.write(self.render(data))


def printer(args: argparse.Namespace, *, title: str) -> Printer:
    """The printer ``args`` ask for; bad ``--query`` is 252 and bad ``$AWS_DEFAULT_OUTPUT`` 253."""
    chosen: str | None = args.output
    if chosen is None:
        chosen = os.environ.get(OUTPUT_ENV) or "json"
        if chosen not in FORMATS:
            raise ConfigurationError(
                f"${OUTPUT_ENV}={chosen!r} is not an output format srpcore knows "
                f"({', '.join(FORMATS)}): pass --output"
            )
    query = None
    if args.query is not None:
        import jmespath  # noqa: PLC0415 - only when asked for
        from jmespath.exceptions import JMESPathError  # noqa: PLC0415

        try:
            query = jmespath.compile(args.query)
        except JMESPathError as exc:
            detail = " ".join(str(exc).split())
            message = f"--query {args.query!r} is not a JMESPath expression: {detail}"
            raise InvalidParameterError(message) from exc
    return Printer(chosen, query, title)


def _search(query: Any, data: object) -> object:
    """``query`` applied to ``data``; a type error is an InvalidParameterError that names the
    function and types only (jmespath's own message quotes the value: tokens, here)."""
    from jmespath.exceptions import JMESPathError, JMESPathTypeError  # noqa: PLC0415

    try:
        return query.search(data)
    except JMESPathTypeError as exc:
        raise InvalidParameterError(
            f"--query: in function {exc.function_name}(), a value of type {exc.actual_type} "
            f"where {' or '.join(map(str, exc.expected_types))} was expected"
        ) from exc
    except JMESPathError as exc:
        raise InvalidParameterError(f"--query cannot be applied ({type(exc).__name__})") from exc


# --------------------------------------------------------------------------- text


def _scalar(value: object) -> str:
    """A scalar as the AWS CLI's text output shows it (Python's ``str``: None, True, 3600)."""
    return str(value)


def _is_scalar(value: object) -> bool:
    return not isinstance(value, Mapping | list | tuple)


def format_text(data: object) -> str:
    """``data`` as the AWS CLI's ``--output text`` lays it out (see the module docstring)."""
    return "".join(line + "\n" for line in _text(data, None, None))


def _text(value: object, name: str | None, columns: Sequence[str] | None) -> Iterator[str]:
    if isinstance(value, Mapping):
        yield from _text_mapping(value, name, columns)
    elif isinstance(value, list | tuple):
        yield from _text_list(value, name)
    else:
        yield _scalar(value)


def _text_mapping(
    value: Mapping[str, Any], name: str | None, columns: Sequence[str] | None
) -> Iterator[str]:
    if columns is None:
        cells = [_scalar(v) for _, v in sorted(value.items()) if _is_scalar(v)]
        nested = [(k, v) for k, v in sorted(value.items()) if not _is_scalar(v)]
    else:  # a row of a list of mappings: every row has the same columns
        cells = [_scalar(value.get(key, "")) for key in columns]
        nested = [(k, value[k]) for k in sorted(set(value) - set(columns))]
    if cells:
        yield "\t".join([name.upper(), *cells] if name is not None else cells)
    for key, member in nested:
        yield from _text(member, key, None)


def _text_list(items: Sequence[Any], name: str | None) -> Iterator[str]:
    if not items:
        return
    if any(isinstance(item, Mapping) for item in items):
        columns = sorted(
            {k for item in items if isinstance(item, Mapping) for k, v in item.items()
             if _is_scalar(v)}
        )  # fmt: skip
        for item in items:
            yield from _text(item, name, columns)
    elif any(isinstance(item, list | tuple) for item in items):
        for item in items:
            yield from _text(item, name, None)
    elif name is not None:
        for item in items:
            yield f"{name.upper()}\t{_scalar(item)}"
    else:
        yield "\t".join(_scalar(item) for item in items)


# --------------------------------------------------------------------------- table


@dataclass
class _Section:
    title: str
    header: list[str] | None
    rows: list[list[str]]


def _cell(value: object) -> str:
    text = " ".join(str(value).split()) if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _sections(value: object, title: str, path: str = "") -> Iterator[_Section]:
    """Boxes titled by where they sit in ``value`` (``title`` for the top level)."""
    if isinstance(value, Mapping):
        pairs = [[str(k), _cell(v)] for k, v in value.items() if _is_scalar(v)]
        if pairs:
            yield _Section(path or title, None, pairs)
        for key, member in value.items():
            if not _is_scalar(member):
                yield from _sections(member, title, _join(path, str(key)))
    elif isinstance(value, list | tuple):
        if not value:
            return
        if all(isinstance(item, Mapping) for item in value):
            header: list[str] = []
            for item in value:
                header += [k for k, v in item.items() if _is_scalar(v) and k not in header]
            if header:
                rows = [[_cell(item.get(k, "")) for k in header] for item in value]
                yield _Section(path or title, header, rows)
            for index, item in enumerate(value):
                nested = {k: v for k, v in item.items() if not _is_scalar(v)}
                if nested:
                    yield from _sections(nested, title, f"{path}[{index}]")
        else:
            cells = [[_cell(item)] for item in value if _is_scalar(item)]
            yield _Section(path or title, None, cells)
            for index, item in enumerate(value):
                if not _is_scalar(item):
                    yield from _sections(item, title, f"{path}[{index}]")
    else:
        yield _Section(path or title, None, [[_cell(value)]])


def _widths(section: _Section, total: int) -> list[int]:
    """Column widths, the last one stretched so the section is ``total`` wide inside."""
    lines = ([section.header] if section.header else []) + section.rows
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    widths[-1] += total - (sum(widths) + 3 * (len(widths) - 1))
    return widths


def _row(cells: list[str], widths: list[int]) -> str:
    return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"


def format_table(data: object, title: str) -> str:
    """``data`` as boxed sections: key/value pairs, or columns for a list of mappings."""
    sections = [s for s in _sections(data, title) if s.rows]
    total = len(title)
    for s in sections:
        lines = ([s.header] if s.header else []) + s.rows
        natural = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
        total = max(total, len(s.title), sum(natural) + 3 * (len(natural) - 1))
    rule = "+" + "-" * (total + 2) + "+"
    out = [rule]
    if not sections or sections[0].title != title:
        out += [f"| {title.ljust(total)} |", rule]
    for s in sections:
        widths = _widths(s, total)
        sep = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        out += [f"| {s.title.ljust(total)} |", sep]
        if s.header:
            out += [_row(s.header, widths), sep]
        out += [_row(row, widths) for row in s.rows]
        out.append(sep)
    return "\n".join(out) + "\n"
