#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Every report section in every format, and the CSV loads as one tidy table.

report -f json lists the tables of every section ("tables"); the test checks
that each table with rows is in the text table ("## title"), in Markdown
("### title"), in the tidy CSV (loaded with Python's csv module: one header,
the same number of fields on every line, one line per cell, numeric columns
parse as numbers) and in --csv-dir (one file per table).  The fixtures
together must reach every section the reporter has.
Usage: formats-test.py BUILD/report   Ends "N passed, M failed".
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

REPORT = sys.argv[1] if len(sys.argv) > 1 else "build/report"
FX = "tests/unit/fixtures/"
INPUTS = [
    ["side.results"],
    ["x86_64-tcg-3runs.results"],
    ["gphist.results"],
    ["hand3.results", "hand1.results"],
    ["tcg-arm64.results", "icount-x86_64.results", "icount-riscv64.results"],
    ["--compare", "arm64-tcg-3runs.results", "--", "arm64-tcg-3runs-b.results"],
    ["--compare", "x86_64-tcg-3runs.results", "--", "x86_64-kvm.results"],
    ["--group-by=machine", "machines"],
    ["--group-by=arch,kernel", "x86_64-tcg-3runs.results", "tcg-arm64.results", "x86_64-kvm.results",
     "icount-x86_64.results"],
]
# every section the reporter writes (a new section adds its name here)
SECTIONS = {"cost", "unavailable", "baseline", "gp", "lost", "nest", "exec", "codegen",
            "same-code", "peers", "peers-gp", "perf", "bpfgp",
            "arches", "arches-inc", "arches-icount", "arches-net", "arches-lost", "arches-gp",
            "compare", "compare-gp", "compare-lost", "group", "group-lost", "group-gp"}
KEYS_FIXED = ["section", "table", "arch", "kernel", "env"]
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL " + what)


def report(args):
    p = subprocess.run([REPORT] + args, capture_output=True, text=True)
    check(p.returncode == 0, "report %s: exit %d (%s)" % (" ".join(args), p.returncode, p.stderr[:200]))
    return p.stdout


def isnum(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


seen = set()
for files in INPUTS:
    paths = [f if f.startswith("-") else FX + f for f in files]
    name = "+".join(files)
    js = json.loads(report(["-f", "json"] + paths))
    tables = [t for t in js["tables"] if t["rows"]]
    check(tables, name + ": json has tables")
    text = report(paths)
    md = report(["-f", "md"] + paths)
    raw = report(["-f", "csv"] + paths)
    rows = list(csv.reader(io.StringIO(raw)))
    head = rows[0]
    check(head[:5] == KEYS_FIXED and head[-3:] == ["column", "value", "unit"],
          name + ": csv header " + ",".join(head))
    check(all(len(r) == len(head) for r in rows), name + ": every csv line has %d fields" % len(head))
    check(not any(r and r[0].startswith("#") for r in rows), name + ": no comment lines in the csv")
    recs = list(csv.DictReader(io.StringIO(raw)))
    with tempfile.TemporaryDirectory() as d:
        report(["--csv-dir", d + "/t"] + paths)
        csvfiles = sorted(os.listdir(d + "/t"))
        check(len(csvfiles) == len(js["tables"]),
              name + ": --csv-dir: %d files for %d tables" % (len(csvfiles), len(js["tables"])))
        for i, t in enumerate(js["tables"]):
            fn = "%s/t/%02d-%s.csv" % (d, i + 1, t["section"])
            with open(fn, newline="") as fh:
                got = list(csv.DictReader(fh))
            check(len(got) == len(t["rows"]), "%s: %s has %d rows, want %d" % (name, fn, len(got), len(t["rows"])))
    for idx, t in enumerate(js["tables"], 1):
        if not t["rows"]:
            continue
        sec = t["section"]
        seen.add(sec)
        check("\n## " + t["title"] + "\n" in "\n" + text, "%s: table format lacks section %s (%s)" % (name, sec, t["title"]))
        check("\n### " + t["title"] + "\n" in "\n" + md, "%s: md lacks section %s" % (name, sec))
        mine = [r for r in recs if r["section"] == sec and r["table"] == str(idx)]
        ncells = len(t["rows"]) * sum(1 for c in t["columns"] if not c["key"])
        check(len(mine) == ncells, "%s: csv has %d cells of table %d (%s), want %d" % (name, len(mine), idx, sec, ncells))
        cols = {c["name"]: c for c in t["columns"]}
        bad = [r for r in mine if cols[r["column"]]["numeric"] and r["value"] not in ("-", "missing")
               and not isnum(r["value"])]
        check(not bad, "%s: %s: numeric csv values parse (%s)" % (name, sec, bad[:1]))
        # the group key: the table's, or (a table across arches) the row's
        keys = [c["name"] for c in t["columns"] if c["key"]]
        for g in ("arch", "kernel", "env"):
            if g in keys:
                cell = lambda v: "-" if v is None else str(v)
                vals = {tuple(cell(jr[k]) for k in keys): cell(jr[g]) for jr in t["rows"]}
                ok = all(r[g] == vals.get(tuple(r[k] for k in keys)) for r in mine)
            else:
                ok = all(r[g] == t[g] for r in mine)
            check(ok, "%s: %s: csv %s is the table's or the row's" % (name, sec, g))
        for jr in t["rows"]:
            k = tuple(str(jr[c]) if jr[c] is not None else "-" for c in keys)
            check(any(tuple(r[c] for c in keys) == k for r in mine), "%s: %s row %s in the csv" % (name, sec, k))
    # bmin, the exact icount instruction count, in JSON
    if any(f.startswith("icount") for f in files) and not any(f.startswith("--") for f in files):
        icount = [g for g in js["groups"] if g["env"] == "tcg-icount"]
        check(icount and all("bmin" in c for g in icount for c in g["costs"]) and
              any(isinstance(c["bmin"], float) for g in icount for c in g["costs"]), name + ": json costs carry bmin")

check(SECTIONS <= seen, "sections never written: %s" % sorted(SECTIONS - seen))
check(seen <= SECTIONS, "sections the test does not know (add them to SECTIONS): %s" % sorted(seen - SECTIONS))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
