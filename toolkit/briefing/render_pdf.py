"""The Word document as PDF, through LibreOffice in headless mode.

Each conversion uses its own throw-away LibreOffice profile (``-env:UserInstallation``), so
conversions running side by side (two dashboard visitors, CI jobs) never share or lock a
profile. When LibreOffice is missing, fails or takes too long the PDF is skipped with a
Danish reason: the Word and HTML files are still good.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

__all__ = ["find_soffice", "render_pdf"]

MISSING = (
    "PDF-filen blev ikke lavet, fordi LibreOffice ikke er installeret på denne maskine. "
    "Word- og HTML-filen er lavet; Word kan gemme som PDF."
)


# A tagged PDF (structure, reading order, language) is what an agenda attachment published
# on a municipality's website must be; LibreOffice 7.4+ takes the export options as JSON.
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def find_soffice() -> str | None:
    """The LibreOffice program (``soffice`` or ``libreoffice``) on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(
    docx_path: str | Path, out_dir: str | Path, timeout: float = 120
) -> tuple[Path | None, str | None]:
    """Convert ``docx_path`` to ``out_dir/<stem>.pdf``.

    Returns ``(pdf path, None)``, or ``(None, Danish reason)`` when LibreOffice is missing,
    fails or runs longer than ``timeout`` seconds; never raises for those.
    """
    source = Path(docx_path).resolve()
    target_dir = Path(out_dir).resolve()
    program = find_soffice()
    if program is None:
        return None, MISSING
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}.pdf"
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    with tempfile.TemporaryDirectory(prefix="tvaerblik-lo-") as profile:
        command = [
            program,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            TAGGED_PDF,
            "--outdir",
            str(target_dir),
            str(source),
        ]
        env = {**os.environ, "HOME": profile}  # LibreOffice writes nothing in the real home
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                start_new_session=True,  # its own process group: a timeout ends all of it
            )
        except OSError:
            return None, (
                "PDF-filen blev ikke lavet, fordi LibreOffice ikke kunne startes. "
                "Word- og HTML-filen er lavet."
            )
        try:
            process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            return None, (
                f"PDF-filen blev ikke lavet, fordi LibreOffice brugte mere end "
                f"{timeout:g} sekunder. Word- og HTML-filen er lavet."
            )
    if process.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        return None, (
            "PDF-filen blev ikke lavet, fordi LibreOffice ikke kunne omdanne Word-filen "
            f"(kode {process.returncode}). Word- og HTML-filen er lavet."
        )
    return target, None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End the LibreOffice process group this module started (by its id)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=10)
