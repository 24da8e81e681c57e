#!/usr/bin/env python3
"""Check the bundled databases, their sentence templates and their queries fit together.

    python3 schemas/check_data.py [DB...]

For each database: db.sql loads; every table has templates; every template names
each column exactly once, keeps nullable columns inside [ ] and renders every row
into a sentence from which a regex recovers every value; every query runs on the
full database with a non-empty answer and leaves enough characters both in the
tables it reads and in those it does not. Prints a summary; exits 1 on a problem.
"""

import json
import os
import random
import re
import sqlite3
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATABASES = ["wine", "store", "college", "flights", "soccer"]
TYPES = ["Aggregation", "Max/Min", "Join", "Comparison", "Ranking"]
DIFFICULTIES = ["easy", "medium", "hard"]

# A 64K-token context at density 0.5 needs 32K tokens (3.66 characters each,
# about 120K characters) on each side; we keep a margin over that.
MIN_SIDE_CHARS = 150_000
# 256K-token contexts need 128K tokens per side; the summary marks queries that
# can fill one (every flights query should).
LARGE_SIDE_CHARS = 480_000
MIN_QUERIES = 18

problems = []


def problem(msg):
    problems.append(msg)
    print(f"PROBLEM: {msg}")


def parse_template(text):
    """Split a template into ('lit', s), ('col', name) and ('opt', parts) pieces."""
    pieces, i = [], 0
    while i < len(text):
        if text[i] == "[":
            j = text.find("]", i)
            if j < 0 or "[" in text[i + 1:j]:
                raise ValueError("unbalanced or nested [ ]")
            inner = parse_template(text[i + 1:j])
            pieces.append(("opt", inner))
            i = j + 1
        elif text[i] == "]":
            raise ValueError("] without [")
        elif text[i] == "{":
            j = text.find("}", i)
            if j < 0:
                raise ValueError("{ without }")
            pieces.append(("col", text[i + 1:j]))
            i = j + 1
        elif text[i] == "}":
            raise ValueError("} without {")
        else:
            j = i
            while j < len(text) and text[j] not in "[]{}":
                j += 1
            pieces.append(("lit", text[i:j]))
            i = j
    return pieces


def flatten(pieces, optional=False):
    """Yield (kind, value, inside_optional) for every piece, in order."""
    for kind, value in pieces:
        if kind == "opt":
            yield from flatten(value, True)
        else:
            yield kind, value, optional


def render(pieces, row):
    out = []
    for kind, value in pieces:
        if kind == "lit":
            out.append(value)
        elif kind == "col":
            out.append(row[value])
        elif all(row[v] is not None for k, v, _ in flatten(value) if k == "col"):
            out.append(render(value, row))
    return "".join(out)


def regex_for(pieces):
    out = []
    for kind, value in pieces:
        if kind == "lit":
            out.append(re.escape(value))
        elif kind == "col":
            out.append(f"(?P<{value}>.+?)")
        else:
            out.append(f"(?:{regex_for(value)})?")
    return "".join(out)


def next_literals(rest):
    """(literal, ends_sentence) for each literal a sentence can show first
    when rendering rest: an optional segment may be kept or dropped."""
    if rest.startswith("]"):
        return next_literals(rest[1:])
    if rest.startswith("["):
        return next_literals(rest[1:]) + next_literals(rest[rest.index("]") + 1:])
    lit = re.match(r"[^{}\[\]]*", rest).group(0)
    return [(lit, rest[len(lit):].strip("[]") == "")]


def followers(text):
    """Yield (column, literal, ends_sentence) for each literal that can follow a placeholder."""
    for m in re.finditer(r"\{(\w+)\}", text):
        for lit, end in next_literals(text[m.end():]):
            yield m.group(1), lit, end


def check_separators(db, table, text, con, columns):
    """No value may contain the literal that follows its placeholder (a parser
    could not tell where the value ends); a final period only must not end it."""
    for col, after, end in followers(text):
        if col not in columns or after == "":
            continue  # unknown or touching placeholders are reported elsewhere
        if end and after == ".":
            sql = f"SELECT COUNT(*) FROM {table} WHERE CAST({col} AS TEXT) LIKE '%.'"
            args = ()
        else:
            sql = (f"SELECT COUNT(*) FROM {table} WHERE "
                   f"instr(CAST({col} AS TEXT), ?) > 0")
            args = (after,)
        bad = con.execute(sql, args).fetchone()[0]
        if bad:
            problem(f"{db}.{table}: {bad} value(s) of {col} hold {after!r}, "
                    f"text that can follow its placeholder")


def check_template(db, table, text, columns, nullable):
    where = f"{db}.{table}: template {text[:50]!r}"
    if "\n" in text:
        problem(f"{where}: holds a newline")
    try:
        pieces = parse_template(text)
    except ValueError as e:
        problem(f"{where}: {e}")
        return None
    flat = list(flatten(pieces))
    named = [v for k, v, _ in flat if k == "col"]
    for c in columns:
        if named.count(c) != 1:
            problem(f"{where}: names column {c} {named.count(c)} times")
    for c in named:
        if c not in columns:
            problem(f"{where}: names unknown column {c}")
    for k, v, opt in flat:
        if k == "col" and v in nullable and not opt:
            problem(f"{where}: nullable column {v} outside [ ]")
        if k == "col" and v not in nullable and opt:
            problem(f"{where}: non-null column {v} inside [ ] would be lost")
    for a, b in zip(flat, flat[1:]):
        if a[0] == "col" and b[0] == "col":
            problem(f"{where}: placeholders {a[1]} and {b[1]} touch")
    for kind, value in pieces:
        if kind == "opt" and not any(k == "col" for k, _, _ in flatten(value)):
            problem(f"{where}: optional segment without a column")
    return pieces


def load(db):
    path = os.path.join(ROOT, "schemas", db, "db.sql")
    con = sqlite3.connect(":memory:")
    with open(path, encoding="utf-8") as f:
        con.executescript(f.read())
    return con


def table_info(con):
    tables = [r[0] for r in con.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid")]
    info = {}
    for t in tables:
        cols = con.execute(f"PRAGMA table_info({t})").fetchall()
        info[t] = ([c[1] for c in cols],
                   {c[1] for c in cols if not c[3] and not c[5]})
    return info


def text_rows(con, table, columns):
    """Rows as SQLite prints them: CAST(... AS TEXT), NULL as None."""
    sel = ", ".join(f"CAST({c} AS TEXT)" for c in columns)
    for r in con.execute(f"SELECT {sel} FROM {table} ORDER BY rowid"):
        yield dict(zip(columns, r))


def check_tables(db, con, verbalize):
    """Check templates and rendering; return {table: (rows, min chars, mean chars)}."""
    info = table_info(con)
    specs = verbalize.get("tables", {})
    for t in specs:
        if t not in info:
            problem(f"{db}: templates for unknown table {t}")
    sizes = {}
    for t, (columns, nullable) in info.items():
        if con.execute(f"SELECT COUNT(*) FROM {t} WHERE rowid != id").fetchone()[0]:
            problem(f"{db}.{t}: rowid differs from id")
        templates = specs.get(t, {}).get("templates", [])
        if len(templates) < 3:
            problem(f"{db}.{t}: {len(templates)} templates, want at least 3")
        parsed = []
        for x in templates:
            pieces = check_template(db, t, x, columns, nullable)
            if pieces:
                check_separators(db, t, x, con, columns)
                parsed.append(pieces)
        regexes = [re.compile(regex_for(p) + r"\Z") for p in parsed]
        totals = [0] * len(parsed)
        nulls = dict.fromkeys(nullable, 0)
        n = 0
        for row in text_rows(con, t, columns):
            n += 1
            for c in nullable:
                nulls[c] += row[c] is None
            for c, v in row.items():
                if v is not None and (any(ch in v for ch in "[]{}\n")
                                      or v != v.strip() or v == ""):
                    problem(f"{db}.{t} row {row['id']}: bad value {v!r} in {c}")
            for i, (p, rx) in enumerate(zip(parsed, regexes)):
                sentence = render(p, row)
                totals[i] += len(sentence) + 1  # + the "\n" between units
                m = rx.match(sentence)
                got = m.groupdict() if m else None
                if got != row:
                    problem(f"{db}.{t} row {row['id']} template {i}: "
                            f"values not recoverable from {sentence!r}")
                    break
        for c, k in nulls.items():
            share = k / max(n, 1)
            if not 0.03 <= share <= 0.2:
                print(f"note: {db}.{t}.{c} is NULL in {share:.0%} of rows")
        sizes[t] = (n, min(totals or [0]), sum(totals) // max(len(totals), 1))
    return sizes


def tables_read(con, sql):
    read = set()

    def authorizer(action, arg1, arg2, dbname, source):
        if action == sqlite3.SQLITE_READ and arg1 and not arg1.startswith("sqlite_"):
            read.add(arg1)
        return sqlite3.SQLITE_OK

    con.set_authorizer(authorizer)
    try:
        con.execute(f"EXPLAIN {sql}").fetchall()
    finally:
        con.set_authorizer(None)
    return read


def subset_empty_share(db, con, sql, read, fraction, trials=10):
    """How often the answer is empty when only `fraction` of each read table's rows is kept."""
    empty = 0
    rng = random.Random(f"{db}/{sql}")
    for _ in range(trials):
        sub = sqlite3.connect(":memory:")
        for t in read:
            ddl = con.execute("SELECT sql FROM sqlite_schema WHERE name = ?",
                              (t,)).fetchone()[0]
            sub.execute(ddl)
            rows = [r for r in con.execute(f"SELECT * FROM {t}")
                    if rng.random() < fraction]
            if rows:
                marks = ",".join("?" * len(rows[0]))
                sub.executemany(f"INSERT INTO {t} VALUES({marks})", rows)
        empty += not sub.execute(sql).fetchall()
        sub.close()
    return empty / trials


def check_queries(db, con, sizes):
    path = os.path.join(ROOT, "queries", f"{db}.jsonl")
    with open(path, encoding="utf-8") as f:
        queries = [json.loads(line) for line in f if line.strip()]
    if len(queries) < MIN_QUERIES:
        problem(f"{db}: {len(queries)} queries, want at least {MIN_QUERIES}")
    per_type = dict.fromkeys(TYPES, 0)
    total = sum(s[1] for s in sizes.values())
    rows = []
    for n, q in enumerate(queries, 1):
        qid = q.get("id")
        where = f"{db}/{qid}"
        if qid != f"q{n:02d}":
            problem(f"{where}: id out of sequence (want q{n:02d})")
        if set(q) != {"id", "question", "sql", "types", "difficulty"}:
            problem(f"{where}: keys {sorted(q)}")
        if not q.get("types") or any(t not in TYPES for t in q["types"]):
            problem(f"{where}: bad types {q.get('types')}")
        if q.get("difficulty") not in DIFFICULTIES:
            problem(f"{where}: bad difficulty {q.get('difficulty')}")
        for t in q.get("types", []):
            if t in per_type:
                per_type[t] += 1
        if "Ranking" in q.get("types", []) and "ORDER BY" not in q["sql"]:
            problem(f"{where}: Ranking query without ORDER BY")
        try:
            result = con.execute(q["sql"]).fetchall()
            read = tables_read(con, q["sql"])
        except sqlite3.Error as e:
            problem(f"{where}: {e}")
            continue
        if not result:
            problem(f"{where}: empty answer on the full database")
        if "Join" in q["types"] and len(read) < 2:
            problem(f"{where}: Join query reads {len(read)} table(s)")
        inside = sum(sizes[t][1] for t in read)
        outside = total - inside
        if set(read) == set(sizes):
            problem(f"{where}: reads every table")
        if inside < MIN_SIDE_CHARS or outside < MIN_SIDE_CHARS:
            problem(f"{where}: {inside} characters read, {outside} not read")
        empty = subset_empty_share(db, con, q["sql"], read, 0.05)
        rows.append((qid, ",".join(sorted(read)), len(result), inside,
                     outside, empty, q["types"]))
    for t, k in per_type.items():
        if k < 2:
            problem(f"{db}: type {t} used by {k} queries, want at least 2")
    return rows, per_type


def main():
    chosen = sys.argv[1:] or DATABASES
    for db in chosen:
        with open(os.path.join(ROOT, "schemas", db, "verbalize.json"),
                  encoding="utf-8") as f:
            verbalize = json.load(f)
        con = load(db)
        sizes = check_tables(db, con, verbalize)
        print(f"\n== {db}")
        print(f"{'table':<16}{'rows':>7}{'min chars':>11}{'mean chars':>12}")
        for t, (n, low, mean) in sizes.items():
            print(f"{t:<16}{n:>7}{low:>11}{mean:>12}")
            if low < 160_000:
                print(f"note: {db}.{t} verbalizes to {low} characters (< 160000)")
        print(f"{'total':<16}{sum(s[0] for s in sizes.values()):>7}"
              f"{sum(s[1] for s in sizes.values()):>11}")
        rows, per_type = check_queries(db, con, sizes)
        print(f"\n{'query':<6}{'reads':<28}{'rows':>6}{'read':>10}{'unread':>10}"
              f"{'empty@5%':>10}  types")
        for qid, read, n, inside, outside, empty, types in rows:
            big = " 256K" if min(inside, outside) >= LARGE_SIDE_CHARS else ""
            print(f"{qid:<6}{read:<28}{n:>6}{inside:>10}{outside:>10}"
                  f"{empty:>10.0%}  {'/'.join(types)}{big}")
        print("types: " + ", ".join(f"{t} {k}" for t, k in per_type.items()))
    print(f"\n{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
