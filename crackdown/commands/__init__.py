"""The sub-commands of ``crackdown``, one module each."""

from __future__ import annotations

import importlib

# module name -> attribute holding the click command or group
_MODULES = {
    "config": "config",
    "crawl": "crawl",
    "extract": "extract",
    "facts": "facts",
    "text": "text",
    "serve": "serve",
    "demo": "demo",
    "eval": "eval_",
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
