"""``srpcore bench``: what a sign-in costs, as ratios measured in one run on this machine.

The workloads are :mod:`srpcore.cli.workloads`, which ``benchmarks/`` times too, so the command
and the benchmark suite measure the same work. Every op runs in every round, interleaved, and
the report gives each one's min (the least disturbed round) and median (the typical one):
ratios compare numbers taken in the same run, never against remembered figures.

The comparison with pycognito comes twice, because the two libraries' defaults differ in more
than speed: *default against default* (srpcore's 256-bit ephemeral, pycognito's 1024-bit one)
is what a user switching libraries gets; *like for like* gives srpcore the same 1024-bit
ephemeral, so only the implementation differs.
"""

from __future__ import annotations

import argparse
import os
from functools import partial

from srpcore.cli.output import Printer, add_output_options, printer
from srpcore.cli.workloads import (
    Floor,
    Op,
    Scenario,
    Timing,
    batch_throughput,
    cold_process,
    device_op,
    make_scenario,
    measure,
    pycognito_cross_check,
    pycognito_signin,
    server_op,
    srpcore_signin,
)
from srpcore.cognito.proof import GROUP
from srpcore.core.backends import BACKEND_NAMES, available_backends, get_backend
from srpcore.core.engine import Engine
from srpcore.core.fixedbase import secure_table_for, table_for

__all__ = ["register"]

BIT_SIZES = (256, 1024)


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3f} ms" if seconds < 0.01 else f"{seconds * 1e3:.1f} ms"


def _engines(names: list[str]) -> list[Engine]:
    engines = []
    for name in names:
        impl = get_backend(name)
        engines.append(Engine(impl))
        if impl.constant_time:
            engines.append(Engine(impl, hardened=True))
            engines.append(Engine(impl, hardened=True, fixed_base=False))
    return engines


def _mode(engine: Engine) -> str:
    if not engine.hardened:
        return "default"
    return "hardened" if engine.uses_tables else "hardened, no tables"


def _floor_key(engine: Engine, bits: int) -> str:
    return f"floor/{engine.backend.name}/{'sec' if engine.hardened else 'fast'}/{bits}"


def _signin_key(engine: Engine, bits: int) -> str:
    return f"signin/{engine.backend.name}/{_mode(engine)}/{bits}"


def _build(
    names: list[str], engines: list[Engine], scenario: Scenario, with_pycognito: bool
) -> tuple[dict[str, Op], dict[int, int]]:
    """Every op of the run, by key, and the floor's exponent size per ephemeral size."""
    ops: dict[str, Op] = {}
    floor_bits: dict[int, int] = {}
    for engine in engines:
        for bits in BIT_SIZES:
            ops[_signin_key(engine, bits)] = srpcore_signin(scenario, engine, bits)
            if _floor_key(engine, bits) not in ops:
                floor = Floor.for_bits(scenario, bits)
                ops[_floor_key(engine, bits)] = floor.op(engine)
                floor_bits[bits] = floor.exp.bit_length()
    for name in names:
        impl = get_backend(name)
        if impl.fixed_base:
            for bits in BIT_SIZES:
                exp = int.from_bytes(os.urandom(bits // 8), "big") | 1 << (bits - 1)
                table = table_for(GROUP, impl)
                ops[f"table/{name}/{bits}"] = partial(table.pow, exp)
                ops[f"powmod2/{name}/{bits}"] = partial(impl.powmod, 2, exp, GROUP.N)
        if impl.constant_time:
            secure = secure_table_for(GROUP, impl)
            exp = int.from_bytes(os.urandom(32), "big")
            if secure is not None:
                ops[f"sectable/{name}/256"] = partial(secure.pow, exp)
            ops[f"powmod2sec/{name}/256"] = partial(impl.powmod_sec, 2, exp, GROUP.N)
    for engine in engines[:2]:
        ops[f"device/{engine.describe()}"] = device_op(engine)
        ops[f"server/{engine.describe()}"] = server_op(scenario, engine)
    pycognito = pycognito_signin(scenario) if with_pycognito else None
    if pycognito is not None:
        ops["pycognito"] = pycognito
    return ops, floor_bits


def _ratio(theirs: float, ours: float) -> str:
    return f"{theirs / ours:.1f}x"


def _print_pycognito(times: dict[str, Timing], default: Engine, scenario: Scenario) -> None:
    """The two honest comparisons, each with min and median from this one interleaved run."""
    if "pycognito" not in times:
        print("pycognito is not installed: no comparison with it (pip install pycognito)")
        return
    agree = pycognito_cross_check(scenario)
    theirs = times["pycognito"]
    label = f"srpcore {default.backend.name} default"
    print(
        "vs pycognito AWSSRP (plain pow, 1024-bit a; same a and clock give the same "
        f"signature: {'yes' if agree else 'NO'})"
    )
    header = f"{'comparison':<22}{'library':<28}{'a bits':>7}{'min':>11}{'median':>11}"
    print(header + f"{'faster (min)':>14}{'faster (median)':>17}")
    rows = (
        ("default vs default", label, 256),
        ("like for like", label, 1024),
    )
    for comparison, library, bits in rows:
        ours = times[_signin_key(default, bits)]
        print(
            f"{comparison:<22}{library:<28}{bits:>7}{_ms(ours.min):>11}{_ms(ours.median):>11}"
            f"{_ratio(theirs.min, ours.min):>14}{_ratio(theirs.median, ours.median):>17}"
        )
    print(f"{'':<22}{'pycognito AWSSRP':<28}{1024:>7}{_ms(theirs.min):>11}{_ms(theirs.median):>11}")


def _print_signin_table(
    times: dict[str, Timing], engines: list[Engine], floor_bits: dict[int, int]
) -> None:
    header = f"{'client sign-in math':<30}{'a bits':>7}{'S exp bits':>11}{'min':>11}{'median':>11}"
    print(header + f"{'vs floor':>10}{'hardened/default':>18}")
    for engine in engines:
        for bits in BIT_SIZES:
            t = times[_signin_key(engine, bits)].min
            hard = ""
            if engine.hardened:
                plain = times[f"signin/{engine.backend.name}/default/{bits}"].min
                hard = f"{t / plain:.2f}x"
            label = f"{engine.backend.name} {_mode(engine)}"
            print(
                f"{label:<30}{bits:>7}{floor_bits[bits]:>11}{_ms(t):>11}"
                f"{_ms(times[_signin_key(engine, bits)].median):>11}"
                f"{t / times[_floor_key(engine, bits)].min:>9.2f}x{hard:>18}"
            )
    print("(vs floor and hardened/default compare mins)")


def _print_parts(times: dict[str, Timing], names: list[str], engines: list[Engine],
                 floor_bits: dict[int, int]) -> None:  # fmt: skip
    best = {key: timing.min for key, timing in times.items()}
    print(f"{'floor: one S exponentiation':<30}{'exp bits':>9}{'min':>11}")
    for engine in engines:
        for bits in BIT_SIZES:
            if engine.hardened and not engine.uses_tables:
                continue  # the same floor as the hardened row
            label = f"{engine.backend.name} {'powmod_sec' if engine.hardened else 'powmod'}"
            print(f"{label:<30}{floor_bits[bits]:>9}{_ms(best[_floor_key(engine, bits)]):>11}")
    print()
    print(f"{'g^e: fixed-base table vs powmod(2, e)':<40}{'table':>11}{'powmod':>11}{'gain':>8}")
    for name in names:
        for bits in BIT_SIZES:
            if f"table/{name}/{bits}" in best:
                t, p = best[f"table/{name}/{bits}"], best[f"powmod2/{name}/{bits}"]
                print(f"{name + f' {bits}-bit e':<40}{_ms(t):>11}{_ms(p):>11}{p / t:>7.1f}x")
    print()
    # Where the default sign-in's time above S goes: A = g^a and g^x are one table product each.
    print(f"{'sign-in above the floor (256-bit a)':<40}{'total':>11}{'2 x g^e':>11}{'rest':>11}")
    for name in names:
        if f"table/{name}/256" in best:
            above = best[f"signin/{name}/default/256"] - best[f"floor/{name}/fast/256"]
            tables = 2 * best[f"table/{name}/256"]
            print(f"{name:<40}{_ms(above):>11}{_ms(tables):>11}{_ms(above - tables):>11}")
    print()
    print(
        f"{'hardened g^e: mpn_sec table vs powmod_sec':<40}{'table':>11}{'powmod':>11}{'gain':>8}"
    )
    for name in names:
        if f"sectable/{name}/256" in best:
            t, p = best[f"sectable/{name}/256"], best[f"powmod2sec/{name}/256"]
            print(f"{name + ' 256-bit e':<40}{_ms(t):>11}{_ms(p):>11}{p / t:>7.1f}x")
    print()
    for kind, title in (
        ("device", "ConfirmDevice verifier"),
        ("server", "server: B + proof check"),
    ):
        for engine in engines[:2]:
            key = f"{kind}/{engine.describe()}"
            print(f"{title + ' (' + engine.describe() + ')':<50}{_ms(best[key]):>11}")


def _emit(out: Printer, args: argparse.Namespace, times: dict[str, Timing], rounds: int) -> None:
    """The measurements as data (``--output``/``--query``), in milliseconds per call."""
    report: dict[str, object] = {
        "Rounds": rounds,
        "Cpus": os.cpu_count(),
        "AutomaticBackend": get_backend().name,
        "Smoke": bool(args.smoke),
        "Timings": [
            {
                "Operation": op,
                "MinMs": round(t.min * 1000, 4),
                "MedianMs": round(t.median * 1000, 4),
            }
            for op, t in times.items()
        ],
    }
    out.emit(report)


def run(args: argparse.Namespace) -> int:
    out = printer(args, title="Bench") if args.output or args.query else None
    rounds = 2 if args.smoke else 3 if args.quick else args.rounds
    automatic = get_backend().name
    names = [args.backend] if args.backend else available_backends()
    if args.smoke and not args.backend:
        names = [automatic]
    elif args.quick and not args.backend:
        names = [n for n in names if n != "int"] or names
    if out is not None:  # the measurements only: batch and cold-process runs are the report's
        scenario = make_scenario()
        ops, _ = _build(names, _engines(names), scenario, with_pycognito=True)
        _emit(out, args, measure(ops, rounds, round_seconds=0.0 if args.smoke else 0.015), rounds)
        return 0
    # First line before the work: whoever reads it knows what is coming (and may go away).
    load = f", 1-min load {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    print(
        "srpcore bench: Cognito SRP (3072-bit group, SHA-256), min and median of "
        f"{rounds} interleaved rounds, all ratios from this run; {os.cpu_count()} CPUs{load}"
        + (" [smoke run: figures mean nothing]" if args.smoke else ""),
        flush=True,
    )
    scenario = make_scenario()
    engines = _engines(names)
    ops, floor_bits = _build(names, engines, scenario, with_pycognito=True)
    times = measure(ops, rounds, round_seconds=0.0 if args.smoke else 0.015)
    # Other processes skew every number; this run itself adds about 1 to the load average.
    print(f"automatic backend: {automatic} (hardened: {get_backend(hardened=True).name})")
    print("libraries: " + "; ".join(f"{n}: {get_backend(n).version}" for n in names))
    print()
    default = next((e for e in engines if e.backend.name == automatic and not e.hardened), None)
    _print_pycognito(times, default or engines[0], scenario)
    print()
    _print_signin_table(times, engines, floor_bits)
    print()
    _print_parts(times, names, engines, floor_bits)
    if not (args.no_batch or args.smoke):
        workers, ratio = batch_throughput(scenario, args.batch_tasks, 5)
        print(
            f"\nbatch (srpcore.cognito.batch, {workers} worker processes): "
            f"{ratio:.2f}x single-core throughput"
        )
    if not (args.no_cold or args.smoke):
        print()
        for backend in (None, "gmpy2"):
            cold = cold_process(scenario, backend)
            label = f"SRPCORE_BACKEND={backend}" if backend else "automatic backend"
            print(
                f"cold process ({label} -> {cold['backend']}): import srpcore "
                f"{_ms(cold['import'])}, first sign-in incl. import and tables "
                f"{_ms(cold['first'])}; loaded by then: {', '.join(cold['loaded']) or 'none'}"
                " of boto3/botocore/gmpy2"
            )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("bench", help="measure sign-in cost as ratios (~20 s)")
    parser.add_argument("--rounds", type=int, default=15, help="measurement rounds (default 15)")
    parser.add_argument("--quick", action="store_true", help="3 rounds, skip the int backend")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="a second or two: checks the report, its figures mean nothing",
    )
    parser.add_argument("--backend", choices=BACKEND_NAMES, help="only this backend")
    parser.add_argument("--batch-tasks", type=int, default=240, help="tasks per batch round")
    parser.add_argument("--no-batch", action="store_true", help="skip the process-pool batch")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-process runs")
    add_output_options(parser)
    parser.set_defaults(func=run)
