"""The sub-commands of ``crackdown``, one module each."""

from __future__ import annotations

import importlib

# module name -> attribute holding the click command or group
_MODULES = {
    "config": "config",
    "crawl": "crawl",
    "sources": "sources",
    "extract": "extract",
    "facts": "facts",
    "text": "text",
    "publish": "publish",
    "serve": "serve",
    "export": "export",
    "demo": "demo",
    "nightly": "nightly",
    "bench": "bench",
    "eval_": "eval_",  # module eval_.py (``eval`` would shadow the builtin), command name "eval"
}

COMMANDS = []
for _module, _attr in _MODULES.items():
    try:
        _mod = importlib.import_module(f"crackdown.commands.{_module}")
    except ModuleNotFoundError as exc:  # a command not written yet must not break the others
        if exc.name != f"crackdown.commands.{_module}":
            raise
        continue
    COMMANDS.append(getattr(_mod, _attr))
