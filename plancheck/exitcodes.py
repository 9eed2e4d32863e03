"""The exit codes of every `plancheck` command: the one definition (README "Exit codes").

    0  OK        nothing to gate on
    1  FINDINGS  unwaived findings at or above --fail-on (a result, not a failure of the tool)
    2  INPUT     bad input or usage: a plan file, a setting, a selector, a flag, an unusable path
    3  INTERNAL  a bug in plancheck (an uncaught exception): never 1, so CI can tell them apart
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    INPUT = 2
    INTERNAL = 3


EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL = ExitCode.OK, ExitCode.FINDINGS, ExitCode.INPUT, ExitCode.INTERNAL
