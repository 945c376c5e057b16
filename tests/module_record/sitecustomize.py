"""On ``PYTHONPATH`` while the tests run (``tests/conftest.py`` puts it there): a Python process that the tests
start notes each ``kg`` module it loads, as it loads it, in its own file in the folder named by
``KOTACERDAS_TEST_MODULES``. ``tests/test_fast_run_reach.py`` reads them to tell whether the fast run reached
every module of ``src/kg`` (a server still running at that moment has already noted its modules).

Nothing else: no output, no file kept open (a test may start a process with stdout closed), no import beyond
what Python has loaded by now, and a failure to write is ignored (a full disk is some tests' subject)."""

import os
import sys

_FOLDER = os.environ.get("KOTACERDAS_TEST_MODULES")


def _note(line: str) -> None:
    try:
        with open(os.path.join(_FOLDER, f"{os.getpid()}.txt"), "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    except BaseException:  # noqa: BLE001 - never a message or an exit code of its own
        pass


def _ours(name: object) -> bool:
    return isinstance(name, str) and (name == "kg" or name.startswith("kg."))


def _note_import(event: str, args: tuple) -> None:
    # Python raises the "import" event once per module, when it is first looked for
    if event == "import" and _ours(args[0]):
        _note(args[0])


if _FOLDER:
    sys.addaudithook(_note_import)
    # ``python -m NAME`` runs NAME (or the package's __main__) as "__main__", which is no import: noted apart
    _argv = getattr(sys, "orig_argv", [])
    if "-m" in _argv[:-1] and _ours(_argv[_argv.index("-m") + 1]):
        _note("-m " + _argv[_argv.index("-m") + 1])
