"""The ``tvaerblik`` command: the scriptable face of the toolkit, in Danish.

Exit codes: 0 done; 1 the workbooks have errors (nothing was stored) or ``check`` found
problems; 2 a usage or environment problem (missing file, empty data folder, unknown
version, key file problem, another key than the data folder's);
3 an unexpected internal error (rerun with TVAERBLIK_DEBUG=1 to see the traceback).
Reports and results go to stdout, progress lines and error sentences to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit import config, formats, schema
from toolkit.access import ROLES

# The modules behind the commands (pandas, the Excel border, the store, …) are imported by
# the commands that use them: «tvaerblik --help» and a mistyped command start in a blink,
# and «tvaerblik import» loads only what an import needs (tests/test_cli_imports.py).
if TYPE_CHECKING:
    from toolkit.ingest import ImportResult
    from toolkit.integrity import IntegrityReport
    from toolkit.store import PartInfo, Store, VersionInfo

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

PART_TITLES = {
    "register": "Register",
    "oekonomi": "Økonomi",
    "scenarier": "Scenarier",
    "national": "Nationale tal",
}


_FILES_HELP = (
    "register.xlsx, oekonomi.xlsx og/eller scenarier.xlsx, og/eller offentliggjorte tal: "
    "Jobindsats' API-svar (.json) og downloads (.xlsx eller .csv, med tabellens id i "
    "navnet, fx y11a02.xlsx) og Statistikbankens FOLK1A (.csv)"
)


class UsageError(Exception):
    """A problem with what was asked for; the message is one Danish sentence."""


# -- entry point --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    with _danish_argparse():
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help (0) or a usage error (2), already printed
            return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    data_dir = config.data_dir(args.data)
    handler: Callable[[argparse.Namespace, Path], int] = args.handler
    try:
        return handler(args, data_dir)
    except KeyboardInterrupt:
        _error("Afbrudt.")
        return 130
    except Exception as exc:
        if isinstance(exc, _usage_errors()):
            _error(str(exc))
            return EXIT_USAGE
        if isinstance(exc, OSError):
            _error(_describe_os_error(exc))
            return EXIT_USAGE
        if os.environ.get("TVAERBLIK_DEBUG"):
            raise
        _error(
            f"Der opstod en uventet fejl ({type(exc).__name__}). Kør kommandoen igen med "
            "TVAERBLIK_DEBUG=1 for at se detaljerne, og send dem til udviklerne."
        )
        return EXIT_INTERNAL


def _usage_errors() -> tuple[type[Exception], ...]:
    """The errors told as one Danish sentence with exit code 2: a usage problem, a data
    folder problem, a key file problem."""
    from toolkit.pseudonyms import KeyFileError
    from toolkit.store import StoreError

    return (UsageError, StoreError, KeyFileError)


def _store(data_dir: Path) -> Store:
    from toolkit.store import Store

    return Store(data_dir)


def build_parser() -> argparse.ArgumentParser:
    # --data is accepted both before and after the command ("tvaerblik --data D versions"
    # and "tvaerblik versions --data D"); SUPPRESS keeps the subcommand from overwriting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data",
        metavar="MAPPE",
        default=argparse.SUPPRESS,
        help="datamappen (standard: TVAERBLIK_DATA eller ./data)",
    )

    parser = argparse.ArgumentParser(
        prog="tvaerblik",
        description="Tværblik: styringsværktøj til den tværfaglige rehabiliteringsindsats.",
        epilog="Afslutningskoder: 0 udført, 1 fejl i regnearkene (intet gemt) eller "
        "problemer fundet af check, 2 forkert brug eller problem med mapper, filer og "
        "nøgle, 3 uventet fejl.",
    )
    parser.add_argument(
        "--data",
        metavar="MAPPE",
        default=None,
        help="datamappen (standard: TVAERBLIK_DATA eller ./data)",
    )
    commands = parser.add_subparsers(title="kommandoer", metavar="KOMMANDO", dest="command")
    commands.required = True

    def command(name: str, help_text: str, handler: Callable[..., int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, parents=[common])
        sub.set_defaults(handler=handler)
        return sub

    demo = command("demo", "lav eksempelkommunen og indlæs den", _cmd_demo)
    demo.add_argument(
        "--scale",
        type=_positive_float,
        default=1.0,
        metavar="FAKTOR",
        help="eksemplets størrelse som faktor (standard: 1; fx 0,1 for et lille eksempel)",
    )
    demo.add_argument(
        "--out",
        metavar="MAPPE",
        help="gem eksempel-regnearkene i MAPPE "
        "(standard: en midlertidig mappe, der slettes bagefter)",
    )

    templates = command("templates", "skriv tomme skabeloner til regnearkene", _cmd_templates)
    templates.add_argument("out", metavar="MAPPE", help="mappen skabelonerne skrives til")

    validate = command(
        "validate",
        "kontroller regneark og offentliggjorte tal uden at gemme noget",
        _cmd_validate,
    )
    validate.add_argument("files", nargs="+", metavar="FIL", help=_FILES_HELP)
    validate.add_argument(
        "--annotated",
        metavar="MAPPE",
        help="skriv kopier af regnearkene med fejlene markeret til MAPPE",
    )

    imp = command(
        "import",
        "kontroller regneark og offentliggjorte tal og gem dem som en ny version (nye "
        "offentliggjorte tal lægges til de gemte: rækker for samme tabel, område og periode "
        "erstattes, de andre beholdes)",
        _cmd_import,
    )
    imp.add_argument("files", nargs="+", metavar="FIL", help=_FILES_HELP)
    imp.add_argument(
        "--ny-noegle",
        "--new-key-series",
        dest="new_key_series",
        action="store_true",
        help="brug med vilje en anden nøgle end de gemte versioner: en ny nøgleserie, hvor "
        "borgerne ikke kan følges tilbage til de gamle versioner (logges)",
    )

    command("versions", "vis de gemte versioner", _cmd_versions)
    command(
        "check",
        "kontroller datamappen: audit-loggens kæde, manifesterne og filernes kontrolsummer",
        _cmd_check,
    )

    rollback = command("rollback", "gør en tidligere version aktuel igen", _cmd_rollback)
    rollback.add_argument("version", metavar="VERSION", help="fx v0002")

    indicators = command(
        "indicators", "beregn indikatorerne for den aktuelle version", _cmd_indicators
    )
    indicators.add_argument(
        "--format", choices=("csv", "json", "xlsx"), default="csv", help="standard: csv"
    )
    indicators.add_argument(
        "--level",
        choices=("month", "quarter", "year"),
        default="month",
        help="måned, kvartal eller år (standard: month)",
    )
    indicators.add_argument("--from", dest="first", metavar="ÅÅÅÅ-MM", help="første måned")
    indicators.add_argument("--to", dest="last", metavar="ÅÅÅÅ-MM", help="sidste måned")
    indicators.add_argument(
        "--as-of",
        dest="as_of",
        metavar="DD-MM-ÅÅÅÅ",
        help="opgørelsesdato (standard: sidste dato i registeret)",
    )
    indicators.add_argument("--ids", metavar="ID,ID", help="kun disse indikatorer")
    indicators.add_argument("--out", metavar="FIL", help="skriv til FIL (krævet for xlsx)")
    indicators.add_argument(
        "--unsuppressed",
        action="store_true",
        help="vis også tal for færre end 5 personer (kun intern analyse; logges)",
    )

    scenario = command(
        "scenario",
        "beregn scenarierne i scenarier.xlsx (eller de gemte) mod den aktuelle version",
        _cmd_scenario,
    )
    scenario.add_argument(
        "file",
        nargs="?",
        metavar="FIL",
        help="scenarier.xlsx (standard: scenarierne i den aktuelle version)",
    )
    scenario.add_argument(
        "--format",
        choices=("text", "csv", "json", "xlsx"),
        default="text",
        help="text (standard: en dansk sammenfatning), csv, json eller xlsx",
    )
    scenario.add_argument(
        "--table",
        default="projection",
        metavar="TABEL",
        help="tabellen csv indeholder: projection (standard), yearly, summary, who_pays, "
        "sensitivity, assumptions eller uncertainty",
    )
    scenario.add_argument("--ids", metavar="ID,ID", help="kun disse scenarier")
    scenario.add_argument("--out", metavar="FIL", help="skriv til FIL (krævet for xlsx)")

    brief = command(
        "brief",
        "skriv en briefing til et politisk udvalg som Word, HTML og PDF",
        _cmd_brief,
    )
    brief.add_argument(
        "--committee",
        required=True,
        metavar="NAVN",
        help="udvalget, fx Beskæftigelsesudvalget (også «beskaeftigelse»)",
    )
    brief.add_argument(
        "--period", required=True, metavar="ÅÅÅÅ-Kn", help="kvartalet, fx 2026-K3 eller 2026-Q3"
    )
    brief.add_argument("--scenarios", metavar="ID,ID", help="tag disse gemte scenarier med")
    brief.add_argument("--out", required=True, metavar="MAPPE", help="mappen filerne skrives til")
    brief.add_argument(
        "--kommune",
        metavar="NAVN",
        help="kommunens navn på side 1 (standard: arket Kommune i oekonomi.xlsx, ellers "
        "TVAERBLIK_KOMMUNE)",
    )
    brief.add_argument(
        "--template",
        metavar="FIL.docx",
        help="kommunens Word-skabelon: Word-filen (og PDF'en) bruger dens typografier",
    )
    brief.add_argument(
        "--format",
        default="docx,html,pdf",
        metavar="FORMAT,FORMAT",
        help="docx, html og/eller pdf (standard: docx,html,pdf)",
    )

    serve = command("serve", "start dashboards i browseren", _cmd_serve)
    serve.add_argument(
        "--port", type=int, default=8866, metavar="PORT", help="portnummer (standard: 8866)"
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="VÆRT",
        help="adresse der lyttes på (standard: 127.0.0.1, kun denne maskine)",
    )
    serve.add_argument("--no-browser", action="store_true", help="åbn ikke browseren automatisk")
    _add_hub_commands(command)
    return parser


def _add_hub_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    state_help = "hubbens mappe (standard: TVAERBLIK_HUB_STATE eller ./.tvaerblik-hub)"
    hub = command("hub", "start Tværblik for mange brugere med login (JupyterHub)", _cmd_hub)
    hub.add_argument("--host", default="127.0.0.1", metavar="VÆRT", help="standard: 127.0.0.1")
    hub.add_argument("--port", type=int, default=8000, metavar="PORT", help="standard: 8000")
    hub.add_argument("--state", metavar="MAPPE", help=state_help)
    hub.add_argument("--oidc", metavar="FIL", help="log ind med kommunens single sign-on (TOML)")

    user = command("hub-user", "brugere og roller på hubben", _cmd_hub_user)
    user.add_argument("--state", metavar="MAPPE", help=state_help)
    actions = user.add_subparsers(title="handlinger", metavar="HANDLING", dest="action")
    actions.required = True
    add = actions.add_parser("add", help="tilføj eller ret en bruger (adgangskode spørges om)")
    add.add_argument("name", metavar="NAVN")
    add.add_argument("--rolle", required=True, choices=ROLES, help="brugerens rolle")
    add.add_argument(
        "--afdeling", action="append", default=[], metavar="KODE", help="afdeling (gentages)"
    )
    remove = actions.add_parser("remove", help="fjern en bruger (login og rolle)")
    remove.add_argument("name", metavar="NAVN")
    actions.add_parser("list", help="vis brugerne og deres roller")


# -- commands -----------------------------------------------------------------------------


def _cmd_demo(args: argparse.Namespace, data_dir: Path) -> int:
    if args.out:
        _refuse_inside_data(Path(args.out), data_dir, "Eksempel-regnearkene")
    from toolkit.sample import write_sample

    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        return _demo_in(out, args.scale, data_dir, write_sample, keep=True)
    # The sample workbooks hold (synthetic) CPR numbers: they live only in a private folder
    # beside the data folder (not the shared /tmp) and are deleted once imported; what a
    # killed demo left there is swept by the next start.
    from toolkit.workbook.scratch import private_folder

    with _terminated_as_exit(), private_folder(data_dir, "demo") as temp:
        _refuse_inside_data(temp, data_dir, "Eksempel-regnearkene")
        return _demo_in(temp, args.scale, data_dir, write_sample, keep=False)


@contextlib.contextmanager
def _terminated_as_exit() -> Iterator[None]:
    """SIGTERM (kill, a stopped container) ends the command through its finally clauses,
    as Ctrl+C does, so the temporary workbooks are removed."""

    def exit_now(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    previous = signal.signal(signal.SIGTERM, exit_now)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _demo_in(
    out: Path, scale: float, data_dir: Path, write_sample: Callable[..., Any], *, keep: bool
) -> int:
    _progress(f"Laver eksempelkommunen (skala {formats.plain(scale)}) …")
    from toolkit.ingest import import_files

    # Whatever the generator writes is imported: the workbooks and the published files.
    paths = [Path(path) for path in write_sample(out, scale=scale, progress=_progress)]
    outcome = import_files(paths, data_dir, progress=_progress)
    if not outcome.imported:
        print(outcome.report.to_text())
        print("Eksemplet kunne ikke indlæses; datamappen er uændret.")
        return EXIT_REJECTED
    print(f"Eksempelkommunen er indlæst i {data_dir} som version {outcome.version}.")
    print(_rows_summary(_store(data_dir), outcome))
    if outcome.report.warnings:
        print(f"Kontrollen gav {outcome.report.summary().lower()}")
    if keep:
        print(f"Eksempel-regnearkene ligger i {out}. De indeholder (opdigtede) CPR-numre.")
    return EXIT_OK


def _cmd_templates(args: argparse.Namespace, data_dir: Path) -> int:
    from toolkit.workbook.writer import write_templates

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_templates(out)
    names = ", ".join(wb.file_name for wb in schema.WORKBOOKS.values())
    print(f"Skabelonerne ({names}) er skrevet til {out}.")
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace, data_dir: Path) -> int:
    from toolkit.ingest import validate_files

    paths = _workbook_paths(args.files)
    annotated_dir = Path(args.annotated) if args.annotated else None
    if annotated_dir is not None:
        # The copies carry the workbooks' CPR numbers: never into the data folder.
        _refuse_inside_data(annotated_dir, data_dir, "De markerede kopier")
    result = validate_files(paths, data_dir, progress=_progress)
    print(result.report.to_text())
    if annotated_dir is not None:
        _write_annotated_copies(paths, result.report, annotated_dir)
    return EXIT_REJECTED if result.report.has_errors else EXIT_OK


def _write_annotated_copies(paths: Sequence[Path], report: Any, out: Path) -> None:
    from toolkit.published import is_published
    from toolkit.workbook.annotate import write_annotated
    from toolkit.workbook.report import Category

    out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        issues = report.for_file(path.name)
        if not issues:
            print(f"{path.name}: intet at markere.")
            continue
        if is_published(path):
            print(f"{path.name}: offentliggjorte tal; rapporten ovenfor nævner rækkerne.")
            continue
        if any(issue.category is Category.FILE for issue in issues):
            print(f"{path.name}: kan ikke læses, så der laves ingen markeret kopi.")
            continue
        written = write_annotated(path, issues, out)
        print(f"Markeret kopi af {path.name}: {written if written else out}")


def _cmd_import(args: argparse.Namespace, data_dir: Path) -> int:
    from toolkit.ingest import import_files

    paths = _workbook_paths(args.files)
    outcome = import_files(paths, data_dir, progress=_progress, new_key_series=args.new_key_series)
    print(outcome.report.to_text())
    if not outcome.imported:
        print(
            "Intet er indlæst, fordi regnearkene har fejl. Datamappen er uændret; ret "
            "fejlene, og prøv igen."
        )
        return EXIT_REJECTED
    print(f"Indlæst som version {outcome.version}, som nu er den aktuelle.")
    for note in outcome.notes:
        print(note)
    print(_rows_summary(_store(data_dir), outcome))
    return EXIT_OK


def _cmd_versions(args: argparse.Namespace, data_dir: Path) -> int:
    store = _store(data_dir)
    warning = store.permission_warning()
    if warning:
        _progress(f"Advarsel: {warning}")
    versions = store.versions()
    if not versions:
        print(f"Datamappen {data_dir} indeholder ingen versioner endnu.")
        return EXIT_OK
    print(format_versions(versions))
    return EXIT_OK


def _cmd_rollback(args: argparse.Namespace, data_dir: Path) -> int:
    # What was current is read under the rollback's lock: an import may have moved the
    # pointer after this command started.
    change = _store(data_dir).rollback(args.version)
    if not change.changed:
        print(f"{change.current} er allerede den aktuelle version.")
    else:
        print(f"Den aktuelle version er nu {change.current} (før: {change.previous or 'ingen'}).")
    return EXIT_OK


def _cmd_check(args: argparse.Namespace, data_dir: Path) -> int:
    from toolkit.integrity import check_store

    report = check_store(_store(data_dir))
    print(format_check(data_dir, report))
    return EXIT_OK if report.ok else EXIT_REJECTED


def _cmd_indicators(args: argparse.Namespace, data_dir: Path) -> int:
    # Imported here: the catalogue pulls in every indicator family.
    from toolkit import periods
    from toolkit.indicators import REGISTRY, compute, publish
    from toolkit.indicators import export as exporting
    from toolkit.indicators.publishing import unsuppressed_note

    if args.format == "xlsx" and not args.out:
        raise UsageError("--format xlsx kræver --out FIL.")
    ids = [i.strip() for i in args.ids.split(",") if i.strip()] if args.ids else None
    unknown = [i for i in ids or [] if i not in REGISTRY]
    if unknown:
        raise UsageError(f"Ukendte indikatorer: {', '.join(unknown)}. Se docs/indicators.md.")
    try:
        first = periods.parse_month(args.first) if args.first else None
        last = periods.period_of(periods.parse_month(args.last), "month").end if args.last else None
        as_of = _parse_day(args.as_of) if args.as_of else None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    store = _store(data_dir)
    dataset = store.load()
    _progress(f"Beregner indikatorer for version {dataset.version} …")
    frame = compute(
        dataset.register,
        dataset.economy,
        ids=ids,
        level=args.level,
        first=first,
        last=last,
        as_of=as_of,
    )
    frame = publish(frame, suppress=not args.unsuppressed)
    if args.unsuppressed:
        store.audit(
            {
                "event": "unsuppressed_export",
                "version": dataset.version,
                "format": args.format,
                "indicators": ids or "alle",
            }
        )
        _progress(f"Bemærk: {unsuppressed_note()}")
    if args.format == "xlsx":
        written = exporting.write_xlsx(
            frame,
            Path(args.out),
            suppressed=not args.unsuppressed,
            names=exporting.code_names(dataset.economy),
        )
        print(f"Skrevet: {written} ({formats.integer(len(frame))} rækker)")
        return EXIT_OK
    writer = exporting.write_csv if args.format == "csv" else exporting.write_json
    if args.out:
        with Path(args.out).open("w", encoding="utf-8", newline="") as stream:
            writer(frame, stream)
        print(f"Skrevet: {args.out} ({formats.integer(len(frame))} rækker)")
    else:
        writer(frame, sys.stdout)
    return EXIT_OK


def _cmd_scenario(args: argparse.Namespace, data_dir: Path) -> int:
    # Imported here: the projection pulls in the indicator catalogue.
    from toolkit.ingest import validate_files
    from toolkit.scenarios import (
        ScenarioError,
        build_baseline,
        scenario_report,
        scenarios_from_tables,
    )
    from toolkit.scenarios import export as exporting
    from toolkit.scenarios.report import TABLES

    if args.format == "xlsx" and not args.out:
        raise UsageError("--format xlsx kræver --out FIL.")
    if args.table not in TABLES:
        raise UsageError(f"Ukendt tabel «{args.table}»; vælg en af {', '.join(TABLES)}.")
    store = _store(data_dir)
    if args.file:
        paths = _workbook_paths([args.file])
        result = validate_files(paths, data_dir, progress=_progress)
        kinds = {source.kind for source in result.sources}
        if result.ok and kinds != {schema.SCENARIO_BOOK.kind}:
            raise UsageError(
                f"{paths[0].name} er ikke en scenarie-projektmappe; brug skabelonen "
                f"{schema.SCENARIO_BOOK.file_name} («tvaerblik templates MAPPE»)."
            )
        if not result.ok:
            print(result.report.to_text())
            print("Scenarierne er ikke beregnet, fordi regnearket har fejl.")
            return EXIT_REJECTED
        if result.report.warnings:
            _progress(result.report.to_text())
        tables = result.tables[schema.SCENARIO_BOOK.kind]
        dataset = store.load()
    else:
        dataset = store.load()
        tables = dataset.scenarios.tables()
    scenarios = scenarios_from_tables(tables)
    if args.ids:
        wanted = [i.strip() for i in args.ids.split(",") if i.strip()]
        unknown = [i for i in wanted if i not in {s.scenario_id for s in scenarios}]
        if unknown:
            raise UsageError(f"Ukendte scenarier: {', '.join(unknown)}.")
        scenarios = [s for s in scenarios if s.scenario_id in wanted]
    if not scenarios:
        raise UsageError(
            "Der er ingen scenarier at beregne. Angiv en scenarier.xlsx, eller indlæs en med "
            "«tvaerblik import scenarier.xlsx»."
        )
    counted = f"{len(scenarios)} {'scenarie' if len(scenarios) == 1 else 'scenarier'}"
    _progress(f"Beregner {counted} mod version {dataset.version} …")
    baseline = build_baseline(dataset.register, dataset.economy, version=dataset.version)
    try:
        report = scenario_report(baseline, scenarios, with_sensitivity=True)
    except ScenarioError as exc:  # the scenarios cannot be computed: a rejection, not usage
        print(f"Fejl: {exc}")
        print("Scenarierne er ikke beregnet.")
        return EXIT_REJECTED
    if args.format == "xlsx":
        written = exporting.write_xlsx(report, Path(args.out))
        print(f"Skrevet: {written} ({counted})")
        return EXIT_OK
    with _output(args.out) as stream:
        if args.format == "text":
            stream.write(exporting.to_text(report) + "\n")
        elif args.format == "csv":
            exporting.write_csv(report, stream, args.table)
        else:
            exporting.write_json(report, stream)
    if args.out:
        print(f"Skrevet: {args.out}")
    return EXIT_OK


_BRIEF_FORMATS = ("docx", "html", "pdf")
_BRIEF_TITLES = {"docx": "Word", "html": "HTML", "pdf": "PDF"}


def _cmd_brief(args: argparse.Namespace, data_dir: Path) -> int:
    # Imported here: the briefing pulls in the indicators, the charts and python-docx.
    import toolkit.briefing as briefing
    from toolkit.briefing.model import BriefingError

    wanted = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in _BRIEF_FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"Ukendt format: {', '.join(unknown) or '(tomt)'}. Vælg blandt docx, html og pdf."
        )
    ids = [i.strip() for i in args.scenarios.split(",") if i.strip()] if args.scenarios else []
    out = Path(args.out)
    # Checked before the numbers are computed: a wrong --out should not cost a minute.
    if out.exists() and not out.is_dir():
        raise UsageError(f"«{out}» er en fil, ikke en mappe. Angiv en mappe med --out.")
    nearest = next((p for p in (out, *out.parents) if p.exists()), Path.cwd())
    if not nearest.is_dir():
        raise UsageError(f"Mappen «{out}» kan ikke laves: «{nearest}» er en fil.")
    if not os.access(nearest, os.W_OK | os.X_OK):
        raise UsageError(
            f"Der kan ikke skrives i mappen «{nearest}». Vælg en anden mappe med --out."
        )
    dataset = _store(data_dir).load()
    _progress(f"Laver briefingen for version {dataset.version} …")
    try:
        files = briefing.write_briefing(
            dataset,
            args.committee,
            args.period,
            out,
            scenario_ids=tuple(ids),
            formats=tuple(dict.fromkeys(wanted)),
            progress=_progress,
            municipality=(args.kommune or "").strip() or None,
            template=Path(args.template) if args.template else None,
        )
    except BriefingError as exc:
        raise UsageError(str(exc)) from None
    except OSError:  # the disk full or the folder gone: nothing half-written is left
        raise UsageError(
            f"Briefingen kunne ikke skrives i mappen «{out}». Ingen filer er ændret; "
            "tjek at der er plads, og prøv igen."
        ) from None
    written = [(kind, getattr(files, kind)) for kind in _BRIEF_FORMATS]
    for kind, path in written:
        if path is not None:
            print(f"Skrevet ({_BRIEF_TITLES[kind]}): {path}")
    if "pdf" in wanted and files.pdf is None:
        reason = files.pdf_skipped or "ukendt årsag"
        print(f"PDF er ikke lavet: {reason}")
    total = files.timings.get("total") if files.timings else None
    if total is not None:
        _progress(f"Tog {formats.number(float(total), decimals=1)} sekunder.")
    return EXIT_OK


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[Any]:
    if path is None:
        yield sys.stdout
        return
    with Path(path).open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _parse_day(text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d-%m-%Y").date()
    except ValueError:
        raise ValueError(f"«{text}» er ikke en dato; skriv den som dd-mm-åååå.") from None


def _cmd_serve(args: argparse.Namespace, data_dir: Path) -> int:
    # Imported here: the dashboards pull in Voilà and Jupyter, which the other commands
    # don't need.
    from toolkit.serve import serve

    return int(serve(data_dir, host=args.host, port=args.port, open_browser=not args.no_browser))


def _cmd_hub(args: argparse.Namespace, data_dir: Path) -> int:
    # Imported here: JupyterHub is an optional extra (pip install -e ".[hub]").
    from toolkit.hub.oidc import OidcSettingsError
    from toolkit.hub.start import HubStartError, prepare, run
    from toolkit.hub.state import state_dir

    try:
        settings = prepare(
            state_dir(args.state),
            data_dir,
            host=args.host.strip(),
            port=args.port,
            oidc_file=Path(args.oidc) if args.oidc else None,
        )
    except (HubStartError, OidcSettingsError) as exc:
        raise UsageError(str(exc)) from exc
    return run(settings)


def _cmd_hub_user(args: argparse.Namespace, data_dir: Path) -> int:
    from toolkit.access import RolesFileError
    from toolkit.hub import admin
    from toolkit.hub.state import make_state_dir, roles_file, state_dir, users_file
    from toolkit.hub.users import HubUserError

    state = make_state_dir(state_dir(args.state))
    users, roles = users_file(state), roles_file(state)
    try:
        if args.action == "add":
            password = admin.read_new_password()
            admin.add_user(users, roles, args.name, args.rolle, args.afdeling, password)
            from toolkit.access import ROLE_LABELS

            print(f"{args.name} kan nu logge ind som {ROLE_LABELS[args.rolle]}.")
        elif args.action == "remove":
            if not admin.remove_user(users, roles, args.name):
                raise UsageError(f"Brugeren {args.name} findes ikke.")
            print(f"{args.name} er fjernet og kan ikke længere logge ind.")
        else:
            lines = admin.list_users(users, roles)
            print("\n".join(lines) if lines else "Ingen brugere endnu.")
    except (HubUserError, RolesFileError) as exc:
        raise UsageError(str(exc)) from exc
    return EXIT_OK


# -- output -------------------------------------------------------------------------------


def format_versions(versions: Sequence[VersionInfo]) -> str:
    """The versions as a Danish table, newest first; the current one is marked."""
    header = ["", "Version", "Oprettet", "Bruger", *PART_TITLES.values()]
    rows = [header]
    for info in reversed(versions):
        rows.append(
            [
                "→" if info.is_current else ("" if info.was_current else "x"),
                info.id,
                formats.moment(info.created),
                info.user,
                *(_part_cell(info.parts.get(part)) for part in PART_TITLES),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.append("")
    lines.append("→ = den aktuelle version. Skift med «tvaerblik rollback VERSION».")
    if not all(info.was_current for info in versions):
        lines.append("x = blev aldrig den aktuelle version (indlæsningen blev afbrudt).")
    return "\n".join(lines)


def format_check(data_dir: Path, report: IntegrityReport) -> str:
    """The result of ``tvaerblik check`` in Danish: problems first, then warnings, notes."""
    lines = [f"Kontrol af datamappen {data_dir}:"]
    if report.problems:
        noun = "problem" if len(report.problems) == 1 else "problemer"
        lines.append(f"Fundet {len(report.problems)} {noun}:")
        lines += [f"- {problem}" for problem in report.problems]
    lines += [f"Advarsel: {warning}" for warning in report.warnings]
    lines += [f"Bemærk: {note}" for note in report.notes]
    if not report.versions:
        lines.append("Datamappen har ingen versioner endnu.")
    if report.ok:
        counted = (
            _count(report.versions, "version", "versioner"),
            _count(report.files, "fil", "filer"),
            _count(report.audit_lines, "linje", "linjer"),
        )
        lines.append(
            f"Alt er i orden: {counted[0]}, {counted[1]} og {counted[2]} i audit-loggen er "
            "kontrolleret."
        )
    if report.audit_head:
        lines.append(
            f"Sidste linje i audit-loggen har kontrolsummen {report.audit_head}. Skriv den ned "
            "et andet sted: så kan en senere kontrol vise, at loggen ikke er skrevet om."
        )
    return "\n".join(lines)


def _count(number: int, singular: str, plural: str) -> str:
    return f"{formats.integer(number)} {singular if number == 1 else plural}"


def _part_cell(part: PartInfo | None) -> str:
    if part is None:
        return "–"
    rows = f"{formats.integer(part.total_rows)} rækker"
    if part.inherited_from:
        return f"som {part.inherited_from}, {rows}"
    names = ", ".join(s.name for s in part.sources) or "?"
    if part.merged_with:
        names += f" lagt til {part.merged_with}"
    return f"{names}, {rows}"


def _rows_summary(store: Store, outcome: ImportResult) -> str:
    """Rows per sheet of the new version, the way a controller names the sheets."""
    assert outcome.version is not None
    manifest = store.manifest(outcome.version)
    width = max(len(sheet.name) for sheet in schema.all_sheets())
    lines = []
    for part, title in PART_TITLES.items():
        entry = manifest["parts"].get(part)
        if not entry:
            lines.append(f"{title}: ingen data endnu.")
            continue
        inherited = entry.get("inherited_from")
        lines.append(f"{title} (uændret fra {inherited}):" if inherited else f"{title}:")
        for table, count in entry["rows"].items():
            noun = "række" if int(count) == 1 else "rækker"
            lines.append(
                f"  {schema.sheet(table).name.ljust(width)}  "
                f"{formats.integer(int(count)).rjust(9)} {noun}"
            )
    return "\n".join(lines)


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _error(message: str) -> None:
    print(f"Fejl: {message}", file=sys.stderr, flush=True)


# -- argument checks ----------------------------------------------------------------------


def _workbook_paths(names: Sequence[str]) -> list[Path]:
    from toolkit.published.source import SUFFIXES as PUBLISHED_SUFFIXES
    from toolkit.workbook.safety import ACCEPTED_SUFFIXES

    paths = []
    for name in names:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"Filen {path} findes ikke.")
        if path.is_dir():
            raise UsageError(f"{path} er en mappe; angiv filerne i den.")
        if path.suffix.lower() == ".xls":
            raise UsageError(
                f"{path.name} er i det gamle Excel-format (.xls). Gem den som "
                ".xlsx i Excel, og prøv igen."
            )
        if path.suffix.lower() not in (*ACCEPTED_SUFFIXES, *PUBLISHED_SUFFIXES):
            raise UsageError(
                f"{path.name} er hverken en Excel-projektmappe (.xlsx) eller en fil med "
                "offentliggjorte tal (.json eller .csv); Tværblik læser kun regneark gemt som "
                ".xlsx eller .xlsm og tal fra Jobindsats og Statistikbanken som .json, .csv "
                "eller .xlsx."
            )
        paths.append(path)
    return paths


def _refuse_inside_data(folder: Path, data_dir: Path, what: str) -> None:
    """Workbooks with CPR numbers must never be written inside the data folder."""
    folder, data = folder.resolve(), data_dir.resolve()
    if folder == data or data in folder.parents:
        raise UsageError(
            f"{what} indeholder CPR-numre og må ikke ligge i datamappen ({data}). "
            "Vælg en anden mappe."
        )


def _positive_float(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et tal") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"skal være større end 0, ikke {text}")
    return value


def _describe_os_error(exc: OSError) -> str:
    where = f" ({exc.filename})" if exc.filename else ""
    reasons = {
        errno.ENOENT: "Filen eller mappen findes ikke",
        errno.EACCES: "Ingen adgang til filen eller mappen",
        errno.EPERM: "Handlingen er ikke tilladt",
        errno.ENOSPC: "Der er ikke mere plads på disken",
        errno.EROFS: "Mappen er skrivebeskyttet",
        errno.ENOTDIR: "En del af stien er ikke en mappe",
        errno.EISDIR: "Stien er en mappe, ikke en fil",
    }
    reason = reasons.get(exc.errno or 0, f"Filsystemet meldte fejl ({exc.strerror or exc})")
    return f"{reason}{where}."


# -- argparse in Danish ---------------------------------------------------------------------

# argparse builds its messages with gettext at the moment it needs them; while the
# command line is being parsed these Danish versions stand in.
_ARGPARSE_DANISH = {
    "usage: ": "Brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "the following arguments are required: %s": "mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "expected one argument": "mangler en værdi",
    "expected at most one argument": "højst én værdi",
    "expected at least one argument": "mangler mindst én værdi",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydigt tilvalg: %(option)s kan betyde %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "ignored explicit argument %r": "værdien %r ignoreres",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "ukendt kommando %(parser_name)r (vælg mellem %(choices)s)",
    "unexpected option string: %s": "uventet tilvalg: %s",
}  # fmt: skip


@contextlib.contextmanager
def _danish_argparse() -> Iterator[None]:
    original_gettext = argparse._  # type: ignore[attr-defined]
    original_ngettext = argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return _ARGPARSE_DANISH.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return "forventede %s værdi" if n == 1 else "forventede %s værdier"
        return singular if n == 1 else plural

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original_gettext  # type: ignore[attr-defined]
        argparse.ngettext = original_ngettext  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
