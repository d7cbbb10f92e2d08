#!/usr/bin/env python3
"""Reads the figures the benchmarks wrote (bench/lib.sh's lines, one JSON object per line) and prints one Markdown
table: figure, anchor, target, median (min-max), pairs, verdict, load average.

Usage: figures.py FILE. A line that is not a figure is an error naming the file, the line and the key (exit 2);
no figure at all is an error too. The verdict compares the median with the target ("<= 1.2", "< 20", "= 0"; an
empty target gives no verdict).
"""
import json
import math
import sys

UNITS = {"ratio", "s", "ms", "bytes", "MiB", "count"}
KEYS = {"figure": str, "anchor": str, "unit": str, "target": str, "median": (int, float), "min": (int, float),
        "max": (int, float), "pairs": int, "load": str, "note": str}
OPERATORS = {"<=": lambda a, b: a <= b, "<": lambda a, b: a < b, "=": lambda a, b: a == b}


class BadFigure(Exception):
    pass


def parse(path, number, line):
    where = f"{path}:{number}"
    try:
        figure = json.loads(line)
    except ValueError as e:
        raise BadFigure(f"{where}: not a JSON object ({e})")
    if not isinstance(figure, dict):
        raise BadFigure(f"{where}: not a JSON object")
    for key, kind in KEYS.items():
        if key not in figure:
            raise BadFigure(f"{where}: '{key}' is missing")
        value = figure[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise BadFigure(f"{where}: '{key}' is not a {'number' if kind != str else 'string'}: {value!r}")
        if isinstance(value, float) and not math.isfinite(value):
            raise BadFigure(f"{where}: '{key}' is not a finite number: {value!r}")
    if figure["unit"] not in UNITS:
        raise BadFigure(f"{where}: 'unit' is not one of {', '.join(sorted(UNITS))}: {figure['unit']!r}")
    if not figure["figure"]:
        raise BadFigure(f"{where}: 'figure' is empty")
    if figure["pairs"] < 1:
        raise BadFigure(f"{where}: 'pairs' is less than 1: {figure['pairs']}")
    if not figure["min"] <= figure["median"] <= figure["max"]:
        raise BadFigure(f"{where}: not min <= median <= max: {figure['min']}, {figure['median']}, {figure['max']}")
    target(figure, where)
    return figure


def target(figure, where=""):
    """The target as (operator, number), or None when the figure has none."""
    text = figure["target"].strip()
    if not text:
        return None
    for op in ("<=", "<", "="):
        if text.startswith(op):
            try:
                return op, float(text[len(op):])
            except ValueError:
                break
    raise BadFigure(f"{where}: 'target' is not '<= N', '< N' or '= N': {figure['target']!r}")


def number(value, unit):
    if unit == "ratio":
        return f"{value:.2f}×"
    if unit == "bytes":
        return f"{value:,.0f} B"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    if unit == "count":
        return f"{value:g}"
    if unit == "ms":
        return f"{value:.3g} ms"
    return f"{value:.3g} s"


def verdict(figure):
    goal = target(figure)
    if goal is None:
        return ""
    op, bound = goal
    if OPERATORS[op](figure["median"], bound):
        return "met"
    if bound == 0:
        return "missed"
    return f"missed by {(figure['median'] / bound - 1) * 100:.0f} %"


def cell(text):
    return text.replace("|", "\\|")


def row(figure):
    unit = figure["unit"]
    spread = number(figure["median"], unit)
    if not figure["min"] == figure["median"] == figure["max"]:
        spread += f" ({number(figure['min'], unit)}–{number(figure['max'], unit)})"
    goal = figure["target"].replace("<=", "≤")
    if goal and unit != "ratio":
        goal += f" {unit}" if unit in ("s", "ms", "MiB") else ""
    elif goal:
        goal += "×"
    figure_text = figure["figure"] + (f" ({figure['note']})" if figure["note"] else "")
    return (f"| {cell(figure_text)} | {cell(figure['anchor'])} | {goal} | {spread} | {figure['pairs']} | {verdict(figure)}"
            f" | {cell(figure['load'])} |")


def table(figures):
    lines = ["| figure | anchor | target | median (min–max) | pairs | verdict | load average |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    return "\n".join(lines + [row(f) for f in figures])


def main(argv):
    if len(argv) != 2:
        print("usage: figures.py FILE", file=sys.stderr)
        return 2
    path = argv[1]
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        print(f"{path}: cannot read: {e.strerror}", file=sys.stderr)
        return 2
    try:
        figures = [parse(path, n, line) for n, line in enumerate(lines, 1) if line.strip()]
    except BadFigure as e:
        print(e, file=sys.stderr)
        return 2
    if not figures:
        print(f"{path}: no figures", file=sys.stderr)
        return 2
    print(table(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
