#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read a LAVA job log (lava-run's stderr, or the log a lab serves:
`lavacli jobs logs --raw ID`), one YAML record a line or one YAML list.

  lava-log.py LOG --results OUT.txt   the srcubench results file the test
                                      printed between @@SRCUBENCH markers
  lava-log.py LOG --cases OUT.txt     one line per lava-test-case result, as
                                      result.txt: <case> <result> [<measurement> <units>]
                                      (LAVA's own lava.* results left out)
Prints how many of each it found; exits 1 when there are none.
"""
import argparse
import sys

import yaml


class Loader(yaml.SafeLoader):
    """SafeLoader for LAVA's records: its result values carry the
    non-specific tag '!' ("measurement": ! "43.648"), which a JSON parser
    rejects; any tag becomes the plain value."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


Loader.add_multi_constructor("", _any_tag)


def records(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    try:
        data = yaml.load(text, Loader=Loader)
        if isinstance(data, list):
            return [r for r in data if isinstance(r, dict)]
    except yaml.YAMLError:
        pass
    out = []
    for line in text.splitlines():
        if line.startswith("- {"):
            line = line[2:]
        elif not line.startswith("{"):
            continue
        try:
            r = yaml.load(line, Loader=Loader)
        except yaml.YAMLError:
            continue
        if isinstance(r, dict):
            out.append(r)
    return out


def target_lines(recs):
    for r in recs:
        if r.get("lvl") == "target" and isinstance(r.get("msg"), str):
            yield r["msg"].rstrip("\r")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log")
    ap.add_argument("--results")
    ap.add_argument("--cases")
    a = ap.parse_args()
    recs = records(a.log)
    rc = 0
    if a.results:
        lines, inside = [], False
        for m in target_lines(recs):
            if m == "@@SRCUBENCH END results":
                inside = False
            elif inside:
                lines.append(m)
            elif m == "@@SRCUBENCH BEGIN results":
                inside, lines = True, []
        with open(a.results, "w") as f:
            f.write("".join(l + "\n" for l in lines))
        print(f"lava-log: {len(lines)} results lines -> {a.results}")
        rc |= not lines
    if a.cases:
        n = 0
        with open(a.cases, "w") as f:
            for r in recs:
                m = r.get("msg")
                if r.get("lvl") != "results" or not isinstance(m, dict):
                    continue
                if m.get("definition") == "lava":
                    continue  # LAVA's own job/action results
                fields = [str(m.get("case")), str(m.get("result"))]
                if "measurement" in m:
                    fields += [str(m["measurement"]), str(m.get("units", "-"))]
                f.write(" ".join(fields) + "\n")
                n += 1
        print(f"lava-log: {n} test cases -> {a.cases}")
        rc |= not n
    return rc


if __name__ == "__main__":
    sys.exit(main())
