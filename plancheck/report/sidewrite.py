"""Report formats written in a forked process while this one writes the HTML pages (issue 13).

At country scale the HTML report is most of the report phase, and it already keeps the cores
busy with its own forked workers only while pages are being rendered; the other formats
(report.json unless it is written first for the set key, report.md, report.sarif, junit.xml,
report-summary.md) are long serial streams that read the same document and nothing else. They
are written into the same staging folder of the set by one forked child, each format but the
last by a grandchild of its own, one after the other (what one format's writer keeps is gone
before the next starts), at the same time as the HTML: the operating system shares the cores among the
child and the HTML workers, and the phase takes about its CPU time divided by the cores, not
the sum of the formats' times.

The child inherits the document and the result (fork: nothing is pickled on the way in); what
comes back through a pipe is, for each file it wrote, its sha256 and size (the set's manifest),
or the error that stopped it, raised here as the writer's own error would be. The files are
the ones the serial writer writes, byte for byte, and the manifest is sorted by name, so the set
does not depend on which process wrote what.

Used only where it pays (`worth_it`): a large document, a system that forks, more than one core,
and the HTML among the formats (without the HTML there is nothing to overlap with).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from dataclasses import dataclass

from plancheck import forkpool
from plancheck.report.formats import WRITERS
from plancheck.report.reportset import OutputError

MIN_FINDINGS = 5_000  # fewer findings: every format in this process (a fork costs more than it saves)
ALONGSIDE = ("json", "md", "sarif", "junit", "summary")  # streams of the document alone: safe to write elsewhere


class SideError(Exception):
    """The forked writer failed in a way that is not a writer's exception (killed, no reply)."""


@dataclass
class _Reply:
    files: dict[str, str]
    sizes: dict[str, int]
    error: tuple[str, str, str, str, str] | None = None  # (kind: output|writer, format, file, type, message)


def worth_it(doc: dict, formats: list[str], min_findings: int | None = None) -> bool:
    """Write the ALONGSIDE formats in a child: the HTML is written too, and the document is large."""
    least = MIN_FINDINGS if min_findings is None else min_findings
    return ("html" in formats and any(f in ALONGSIDE for f in formats) and len(doc.get("findings", [])) >= least
            and forkpool.can_fork() and forkpool.default_workers() > 1)


def split(formats: list[str]) -> tuple[list[str], list[str]]:
    """(formats for the child, in their order; formats for this process, in their order)."""
    return [f for f in formats if f in ALONGSIDE], [f for f in formats if f not in ALONGSIDE]


def _child(conn, out, formats: list[str], doc: dict, result, write_format, fresh: bool = True) -> None:
    """Write `formats` and send the reply. `fresh` (more than one format): each format but the
    last in a grandchild of its own, one after the other (`_fresh`); the last here, which then
    starts from the same state (nothing comes after it, so a fork would buy nothing)."""
    before = set(out.files)
    reply = _Reply({}, {})
    if fresh and len(formats) > 1:
        _stop_grandchild_with_me()
        for i, fmt in enumerate(formats[:-1]):
            sub = _fresh(out, fmt, doc, result, write_format)
            if sub is None:  # no process to be had (fork failed): the rest here, one after the other
                reply.error = _write(out, formats[i:], doc, result, write_format)
                break
            out.files.update(sub.files)
            out.sizes.update(sub.sizes)
            if sub.error is not None:
                reply.error = sub.error
                break
        else:
            reply.error = _write(out, formats[-1:], doc, result, write_format)
    else:
        reply.error = _write(out, formats, doc, result, write_format)
    reply.files = {k: v for k, v in out.files.items() if k not in before}
    reply.sizes = {k: out.sizes[k] for k in reply.files}
    conn.send(reply)
    conn.close()


def _write(out, formats: list[str], doc: dict, result, write_format) -> tuple | None:
    """Write `formats` in this process: None, or the error that stopped it (`_Reply.error`)."""
    from plancheck.report.writers import WriterError

    try:
        for fmt in formats:
            write_format(out, fmt, doc, result)
    except OutputError as e:
        return ("output", "", "", "", str(e))
    except WriterError as e:
        return ("writer", e.fmt, e.name, type(e.exc).__name__, str(e.exc))
    except BaseException as e:  # noqa: BLE001 - whatever it is, the parent must hear of it
        return ("writer", formats[0] if formats else "", "", type(e).__name__, str(e))
    return None


_GRANDCHILD = [0]  # the grandchild writing now (`_fresh`), 0 for none


def _stop_grandchild_with_me() -> None:
    """In the writer child: SIGTERM (the parent abandoning the set: `Alongside.__exit__`) kills
    the grandchild writing now too, then this process (no writer outlives an abandoned set)."""
    def stop(_sig, _frame):
        if _GRANDCHILD[0]:
            os.kill(_GRANDCHILD[0], signal.SIGKILL)
        os._exit(128 + signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)


def _fresh(out, fmt: str, doc: dict, result, write_format) -> _Reply | None:
    """One format written by a grandchild forked from the writer child, its reply read back.
    What a format's writer keeps (the UTF-8 copy report.json's encoder caches in each of the
    document's strings, report.md's blocks and memos) ends with its grandchild, so the writer
    child is never the sum of the formats (issue 13: it grew ~130 MB over the document it
    inherits at 3,000 plans; now the largest format's growth). None if no process can be forked."""
    recv, send = multiprocessing.Pipe(duplex=False)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})  # no SIGTERM between the fork and the pid noted
    try:
        try:
            pid = os.fork()
        except OSError:  # no process to be had: None, the caller writes the format itself
            recv.close()
            send.close()
            return None
        if pid == 0:
            code = 1
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                recv.close()
                _child(send, out, [fmt], doc, result, write_format, fresh=False)
                code = 0
            finally:
                os._exit(code)
        _GRANDCHILD[0] = pid
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    send.close()
    try:
        reply = recv.recv()
    except (EOFError, OSError):
        reply = None
    finally:
        recv.close()
        _, status = os.waitpid(pid, 0)
        _GRANDCHILD[0] = 0
    if reply is None:
        return _Reply({}, {}, ("writer", fmt, WRITERS[fmt][0], "SideError", f"the writer process ended with exit code "
                                                              f"{os.waitstatus_to_exitcode(status)} before it replied"))
    return reply


def _as_raised(type_name: str, message: str) -> Exception:
    """The child's exception as this process reports it: the same type name and message (the
    exception itself need not be picklable)."""
    return type(type_name, (SideError,), {"__module__": __name__})(message)


class Alongside:
    """`with Alongside(out, formats, doc, result, write_format) as side: <write the rest here>`;
    on leaving, the child's files are added to `out` (or its error raised)."""

    def __init__(self, out, formats: list[str], doc: dict, result, write_format):
        self.out, self.formats = out, formats
        ctx = multiprocessing.get_context("fork")
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_child, args=(send, out, formats, doc, result, write_format), daemon=True)
        self._proc.start()
        send.close()  # the child holds its end: EOF here when it exits without replying

    def __enter__(self) -> Alongside:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:  # this process failed: the set is abandoned, so is the child's part
            self._proc.terminate()
            self._proc.join()
            self._recv.close()
            return
        self._collect()

    def _collect(self) -> None:
        from plancheck.report.writers import WriterError

        try:
            reply = self._recv.recv()
        except (EOFError, OSError):
            reply = None
        finally:
            self._recv.close()
            self._proc.join()
        if reply is None:
            raise WriterError(",".join(self.formats), "", SideError(f"the writer process ended with exit code "
                                                                  f"{self._proc.exitcode} before it replied"))
        if reply.error is not None:
            kind, fmt, name, type_name, message = reply.error
            if kind == "output":
                raise OutputError(message)
            raise WriterError(fmt, name, _as_raised(type_name, message))
        self.out.files.update(reply.files)
        self.out.sizes.update(reply.sizes)
