"""Prints, as JSON, the init tasks and `do` jobs that Tutor defines for a Tutor project, so Lanes runs them exactly
as `tutor k8s init` / `tutor k8s do` would, with Tutor (and its plugins' hooks) as the only source of truth.

Run by the Python of the virtualenv that holds the pinned Tutor and plugins (src/scripts/tutor.sh tasks ROOT, or zuul-steps deploy through
the Python of the `tutor` on PATH):

    python lanes_tutor_tasks.py --root ROOT

It boots Tutor the way its CLI does (CORE_READY, then PROJECT_ROOT_READY with the root, which enables the plugins
config.yml lists and fires PLUGINS_LOADED), loads the full configuration as `tutor k8s init` does, and renders each
task of the CLI_DO_INIT_TASKS filter as Tutor's K8sTaskRunner.run_task_from_str does
(`env.render_str(config, script).strip()`). Output (stdout, one JSON document):

    {"tutor": "22.0.3", "openedx_release": "verawood", "root": "...", "namespace": "openedx",
     "plugins": [{"name": "mfe", "version": "22.1.0"}],
     "init": [{"order": 1, "app": "mysql", "service": "mysql", "job": "mysql-job",
               "script": "...", "script_sha256": "..."}, ...],
     "do": [{"name": "createuser", "help": "...", "params": [...]}, ...]}

"app" is the hook context the task was declared in (`tutor k8s init --limit APP` selects by it): a core service
(mysql, lms, cms, meilisearch) or a plugin's name. "job" is the Job of the env's k8s/jobs.yml the task runs in
(`<service>-job`, Tutor's convention). Errors: one line on stderr, exit 2 (a project Tutor cannot load).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", required=True, help="the Tutor project root (holds config.yml)")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    try:
        # Imported here so a missing Tutor is one clear line, not a traceback.
        from tutor import __about__, env, exceptions, hooks, plugins
        from tutor import config as tutor_config
        from tutor.commands import cli  # noqa: F401  (registers the core commands, the k8s group and the do jobs)
    except ImportError as e:
        print(f"lanes-tutor: tutor is not importable from {sys.executable}: {e}", file=sys.stderr)
        return 2
    if not os.path.exists(tutor_config.config_path(root)):
        print(f"lanes-tutor: {tutor_config.config_path(root)}: no Tutor config (run `tutor config save` first)",
              file=sys.stderr)
        return 2
    try:
        hooks.Actions.CORE_READY.do()
        hooks.Actions.PROJECT_ROOT_READY.do(root)
        config = tutor_config.load(root)
        # Tutor only warns about a plugin config.yml enables but that is not installed; its tasks would be missing.
        missing = [p for p in tutor_config.get_enabled_plugins(config) if not plugins.is_loaded(p)]
        if missing:
            print(f"lanes-tutor: {tutor_config.config_path(root)}: PLUGINS: {', '.join(missing)} not installed with"
                  f" Tutor {__about__.__version__} (pin the package in TUTOR_PLUGINS, src/scripts/versions.env)",
                  file=sys.stderr)
            return 2
        init = list(_init_tasks(hooks, env, config))
        do = list(_do_jobs(hooks))
        release = env.get_current_open_edx_release_name()
    except exceptions.TutorError as e:
        print(f"lanes-tutor: {root}: {e.args[0] if e.args else e}", file=sys.stderr)
        return 2
    installed = dict(plugins.iter_info())
    document = {
        "tutor": __about__.__version__,
        "openedx_release": release,
        "root": root,
        "namespace": config.get("K8S_NAMESPACE"),
        "plugins": [{"name": name, "version": installed.get(name)} for name in plugins.iter_loaded()],
        "init": init,
        "do": do,
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def _init_tasks(hooks, env, config):
    """The init tasks in Tutor's order, each with the app (hook context) that declared it.

    Tutor iterates CLI_DO_INIT_TASKS by applying its callbacks in priority order; each callback appends its items.
    Applying the callbacks one at a time gives the same list, plus which context each item came from; the result is
    checked against Tutor's own iterate() so a change in Tutor's internals cannot reorder tasks silently.
    """
    flt = hooks.Filters.CLI_DO_INIT_TASKS
    items = []
    for callback in flt.callbacks:
        added = callback.apply([])
        apps = [c[len("app:"):] for c in callback.contexts if c.startswith("app:")]
        for item in added:
            items.append((apps[-1] if apps else None, item))
    expected = list(flt.iterate())
    if [item for _, item in items] != expected:
        items = [(None, item) for item in expected]
    for order, (app, (service, script)) in enumerate(items, start=1):
        rendered = env.render_str(config, script).strip()
        yield {
            "order": order,
            "app": app,
            "service": service,
            "job": f"{service}-job",
            "script": rendered,
            "script_sha256": hashlib.sha256(rendered.encode("utf-8")).hexdigest(),
        }


def _do_jobs(hooks):
    """Every `do` job (CLI_DO_COMMANDS: Tutor's and the plugins'), with its arguments and options."""
    for command in hooks.Filters.CLI_DO_COMMANDS.iterate():
        if command.name == "init":
            continue
        params = []
        for param in command.params:
            entry = {
                "name": param.name,
                "kind": "argument" if param.param_type_name == "argument" else "option",
                "required": bool(param.required),
                "flag": bool(getattr(param, "is_flag", False)),
                "multiple": bool(getattr(param, "multiple", False)),
                "secret": bool(getattr(param, "hide_input", False)),
            }
            if entry["kind"] == "option":
                entry["opts"] = list(param.opts)
            params.append(entry)
        yield {"name": command.name, "help": (command.help or command.short_help or "").strip().split("\n")[0],
               "params": params}


if __name__ == "__main__":
    sys.exit(main())
