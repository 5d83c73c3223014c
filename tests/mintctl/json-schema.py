#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Checks one mintctl --json document (stdin) against the schema that
# mintctl/JSON.md writes down: json-schema.py KIND, KIND one of the
# documents below. Every key must be known, every required key present,
# every value of its type; a range is {"start", "size"} everywhere, and a
# node's cpulist and memory_total agree with its cores and memory.
# Exit 0 if it matches; 1 with the first mismatch on stderr.

import json
import sys

U64, STR, BOOL = "u64", "string", "bool"


class Null:
    """A value that is TYPE or null."""

    def __init__(self, of):
        self.of = of


class Opt:
    """A key that may be missing."""

    def __init__(self, of):
        self.of = of


RANGE = {"start": U64, "size": U64}
NODE = {"id": U64, "name": STR, "cores": [U64], "cpulist": STR,
        "memory": [RANGE], "memory_total": U64}

PLAN_NODE = dict(NODE, apic_ids=[U64], mac=STR, address=STR,
                 low_window=Null(RANGE), console=Null(RANGE), autostart=Opt(BOOL),
                 restart=Opt(STR))
PLAN = {
    "generation": Opt(U64),
    "nodes": [PLAN_NODE],
    "shared_region": RANGE,
    "vni": {"nr_nodes": U64, "ring_entries": U64, "slot_size": U64,
            "pool_slots": U64, "queues": U64, "area_size": U64, "mtu": U64,
            "addressing": STR},
    "console": Null({"offset": U64, "area_size": U64, "out_size": U64,
                     "in_size": U64, "nr_channels": U64}),
    "kernel_params": Opt(STR),
}

STATUS_NODE = dict(NODE, state=STR, reason=Null(STR), epoch=Opt(U64),
                   heartbeat=Opt(U64), nr_cpus=Opt(U64),
                   uptime_ms=Null(U64), heartbeat_age_ms=Null(U64),
                   heartbeat_stale=Opt(BOOL))

MACHINE = {
    "cpus": [{"cpu": U64, "apic_id": U64, "online": BOOL,
              "socket": Null(U64), "core": Null(U64), "thread": Null(U64),
              "siblings": Null([U64]), "numa_node": Null(U64)}],
    "topology": {"known": BOOL, "smt_bits": Null(U64),
                 "core_bits": Null(U64)},
    "numa_source": Null(STR),
    "numa_nodes": [{"numa_node": U64, "proximity_domain": Null(U64),
                    "cpus": [U64], "ram": [RANGE], "ram_total": U64}],
    "memory_map_source": STR,
    "memory_map": [dict(RANGE, type=STR, numa_node=Null(U64),
                        numa_ranges=[dict(RANGE, numa_node=Null(U64))])],
    "ram_total": U64,
    "ram_end": U64,
}

SCHEMAS = {
    "plan": PLAN,
    "validate": {"valid": BOOL, "nr_nodes": U64},
    "partition": {"kernel_params": STR},
    "partition-grub": {"kernel_params": STR, "grub_file": STR},
    "partition-kexec": {"kernel_params": STR, "cmdline": STR, "kernel": STR,
                        "initrd": Null(STR), "load_window": RANGE,
                        "running_nodes": U64, "dry_run": BOOL,
                        "commands": [[STR]]},
    "descriptor": {"file": STR, "nr_nodes": U64, "bytes": U64,
                   "generation": U64},
    "machine": MACHINE,
    "status": {"nodes": [STATUS_NODE]},
    "manifest": {"id": U64, "name": STR, "apic_id": U64, "mode": STR,
                 "entry": U64, "esi": U64, "cr3": Opt(U64),
                 "generation": U64,
                 "segments": [dict(RANGE, name=STR, file=STR)]},
    "net-status": {"interface": STR, "present": BOOL, "netns": Null(STR),
                   "operstate": Opt(STR), "carrier": Opt(BOOL),
                   "attached": Opt(BOOL), "mtu": Opt(U64), "mac": Opt(STR),
                   "address": Opt(Null(STR)), "statistics": Opt(dict)},
    "boot": {"id": U64, "name": STR, "state": STR, "epoch": U64,
             "up_after_ms": U64},
    "shutdown": {"id": U64, "name": STR, "state": STR, "how": STR,
                 "was": STR, "reason": Null(STR)},
    "net-up": {"interface": STR, "dry_run": BOOL,
               "node": {"id": U64, "name": STR}, "nr_nodes": U64,
               "module": STR, "params": STR, "mtu": U64, "address": STR},
    "net-down": {"interface": STR, "present": BOOL, "netns": Null(STR),
                 "module_unloaded": BOOL},
    "doctor": {"findings": [{"check": STR, "level": STR, "message": STR,
                             "fix": Null(STR)}],
               "nr_fail": U64, "nr_warn": U64, "nr_unknown": U64,
               "can_boot": BOOL},
    "autostart": {"nodes": [{"id": U64, "name": STR, "restart": STR}],
                  "started": BOOL},
    "watch": {"id": U64, "name": STR, "state": STR, "reason": Null(STR),
              "epoch": U64, "restart": BOOL},
    "error": {"error": STR, "command": Null(STR), "exit_code": U64,
              "messages": [STR]},
}


class Mismatch(Exception):
    pass


def cpulist(cores):
    out, run = [], []
    for c in cores:
        if run and c == run[-1] + 1:
            run.append(c)
            continue
        if run:
            out.append(run)
        run = [c]
    if run:
        out.append(run)
    return ",".join(str(r[0]) if len(r) == 1 else "%d-%d" % (r[0], r[-1])
                    for r in out)


def check_node(v, where):
    if v["cores"] != sorted(set(v["cores"])):
        raise Mismatch(f"{where}.cores: not ascending and distinct")
    if v["cpulist"] != cpulist(v["cores"]):
        raise Mismatch(f"{where}.cpulist: {v['cpulist']!r} is not {v['cores']}")
    if v["memory_total"] != sum(r["size"] for r in v["memory"]):
        raise Mismatch(f"{where}.memory_total: not the sum of memory")


def check(v, schema, where):
    if isinstance(schema, Null):
        if v is not None:
            check(v, schema.of, where)
    elif schema is U64:
        if type(v) is not int or not 0 <= v < 1 << 64:
            raise Mismatch(f"{where}: {v!r} is not an unsigned integer")
    elif schema is STR:
        if type(v) is not str:
            raise Mismatch(f"{where}: {v!r} is not a string")
    elif schema is BOOL:
        if type(v) is not bool:
            raise Mismatch(f"{where}: {v!r} is not true or false")
    elif schema is dict:
        if type(v) is not dict:
            raise Mismatch(f"{where}: not an object")
    elif isinstance(schema, list):
        if type(v) is not list:
            raise Mismatch(f"{where}: not a list")
        for i, item in enumerate(v):
            check(item, schema[0], f"{where}[{i}]")
    elif isinstance(schema, dict):
        if type(v) is not dict:
            raise Mismatch(f"{where}: not an object")
        for key in v:
            if key not in schema:
                raise Mismatch(f"{where}: unknown key {key!r}")
        for key, sub in schema.items():
            if key not in v:
                if isinstance(sub, Opt):
                    continue
                raise Mismatch(f"{where}: missing key {key!r}")
            check(v[key], sub.of if isinstance(sub, Opt) else sub,
                  f"{where}.{key}")
        if set(NODE) <= set(schema):
            check_node(v, where)
    else:
        raise Mismatch(f"{where}: bad schema {schema!r}")


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCHEMAS:
        sys.exit("usage: json-schema.py " + "|".join(SCHEMAS) + " < DOCUMENT")
    text = sys.stdin.read()
    if text.count("\n") != 1 or not text.endswith("\n"):
        sys.exit("not exactly one line ending in a newline: %r" % text[:200])
    try:
        check(json.loads(text), SCHEMAS[sys.argv[1]], sys.argv[1])
    except (ValueError, Mismatch) as e:
        sys.exit(f"{sys.argv[1]}: {e}")


main()
