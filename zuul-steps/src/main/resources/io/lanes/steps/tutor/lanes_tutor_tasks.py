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

    python lanes_tutor_tasks.py --root ROOT --do

runs one `do` job the way `tutor k8s do JOB ARGS` does, with Lanes as its task runner: the request is the first line
of stdin, {"job": "createuser", "args": ["--staff", "--password", "...", "admin", "admin@example.org"]} (on stdin, so
a secret argument is never in a process's argv). Tutor parses the arguments with the job's own click command and runs
its callback (with the DO_JOB action plugins may hook); each task the job yields is rendered as Tutor's
BaseTaskRunner.run_task_from_str does and written to stdout as one JSON line {"task": {"service", "script",
"script_sha256"}}; the helper then waits for one line on stdin, {"ok": true} or {"ok": false, "error": "..."}, before
Tutor goes on (so a job that does local work between tasks, like `tests`, sees each task done). Anything else Tutor
or a job prints goes to stderr. The end: {"done": true}. A usage error (unknown option, missing argument) is exit 2
before any task; a task Lanes reports failed is exit 1.

    python lanes_tutor_tasks.py --root ROOT --upgrade-from RELEASE

prints, as JSON, what `tutor k8s upgrade --from RELEASE` would do, by running Tutor's own upgrade_from with its
Kubernetes actions captured instead of run: {"from": "ulmo", "to": "verawood", "releases": [...],
"steps": [{"kind": "task", "service": "lms", "script": "..."}, {"kind": "manual", "message": "..."},
{"kind": "unsupported", "action": "kubectl_exec", "detail": "..."}, {"kind": "message", "message": "..."}]}.
"task": a job Tutor runs through its task runner (Lanes runs it as a Job, as an init task); "mongodb": a MongoDB
major-version hop Tutor only prints instructions for on Kubernetes, read from Tutor's own upgrade_mongodb
({"version": "5.0.26", "fcv": "5.0", "command": <Tutor's admin command, as JSON>, "binary": "mongo" or "mongosh"});
"mysql": a MySQL hop ({"version": "5.7", "script": "mysql_upgrade"} from juniper, {"version": "8.1.0", "image":
<Tutor's>, "script": "start"} from olive, as Tutor's get_intermediate_mysql_upgrade decides), with "user" (Tutor's
MYSQL_ROOT_USERNAME); "external": Tutor's words when RUN_MONGODB/RUN_MYSQL is false (the operator's database);
"manual": other instructions Tutor only prints on Kubernetes; and Tutor's direct actions on the cluster:
"exec": a command Tutor runs with kubectl exec in a running pod of a service ({"service": "lms", "script": the
command, without Tutor's `sh -e -c`}); "apply": Tutor's kubectl apply of the env's objects named by a service
({"service": "mysql"}); "wait": Tutor waiting for a service's Deployment ({"service": "mysql"}); "delete": Tutor
deleting the platform's objects of some kinds ({"resources": "deployments services", "databases": the databases Tutor
runs, "mysql mongodb", which the deletion stops}); "env": Tutor saving the env (`tutor config save`);
"unsupported": any other action Tutor takes directly (kubectl apply of other objects, a `tutor k8s` command, enabling
a plugin); "message": anything else Tutor says.
Nothing is written: Tutor's env.save and plugin saves are captured too.
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
    parser.add_argument("--do", action="store_true", help="run the `do` job the first line of stdin asks for")
    parser.add_argument("--upgrade-from", metavar="RELEASE", help="print what `tutor k8s upgrade --from RELEASE` does")
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    # The protocol owns the real stdout and stdin; whatever Tutor, a plugin or a job's subprocess prints goes to stderr,
    # and a prompt reads an empty stdin (a secret must come with the request, never from a prompt).
    protocol_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    protocol_in = os.fdopen(os.dup(0), "r", encoding="utf-8") if args.do else None
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if args.do:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        sys.stdin = open(os.devnull, "r", encoding="utf-8")
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
    if args.do:
        return _run_do(root, protocol_in, protocol_out)
    if args.upgrade_from:
        return _upgrade_plan(root, args.upgrade_from, release, protocol_out)
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
    json.dump(document, protocol_out, indent=1)
    protocol_out.write("\n")
    protocol_out.flush()
    return 0


def _run_do(root, protocol_in, protocol_out) -> int:
    """Runs the requested `do` job through its own click command, with a task runner that hands each task to Lanes."""
    import click
    from tutor import env, exceptions, hooks
    from tutor.commands.context import BaseTaskContext
    from tutor.tasks import BaseTaskRunner

    request = json.loads(protocol_in.readline() or "{}")
    name = request.get("job")
    commands = {c.name: c for c in hooks.Filters.CLI_DO_COMMANDS.iterate() if c.name != "init"}
    if name not in commands:
        print(f"lanes-tutor: do job {name!r} is not defined (defined: {', '.join(sorted(commands))})", file=sys.stderr)
        return 2

    def send(message):
        protocol_out.write(json.dumps(message) + "\n")
        protocol_out.flush()

    class LanesTaskRunner(BaseTaskRunner):
        def run_task(self, service: str, command: str) -> int:
            # `command` is rendered already (BaseTaskRunner.run_task_from_str), as Tutor's K8sTaskRunner receives it.
            send({"task": {"service": service, "script": command,
                           "script_sha256": hashlib.sha256(command.encode("utf-8")).hexdigest()}})
            answer = json.loads(protocol_in.readline() or '{"ok": false, "error": "no answer from Lanes"}')
            if not answer.get("ok"):
                raise exceptions.TutorError(answer.get("error") or "task failed")
            return 0

    class LanesContext(BaseTaskContext):
        def job_runner(self, config):
            return LanesTaskRunner(self.root, config)

    command = commands[name]
    try:
        command.main(args=list(request.get("args", [])), prog_name=f"do {name}", standalone_mode=False,
                     obj=LanesContext(root))
    except click.exceptions.Abort:
        print(f"lanes-tutor: do {name}: Tutor asked for input (a prompt): give every value it needs", file=sys.stderr)
        return 2
    except click.ClickException as e:
        print(f"lanes-tutor: do {name}: {e.format_message()}", file=sys.stderr)
        return 2
    except exceptions.TutorError as e:
        print(f"lanes-tutor: do {name}: {e.args[0] if e.args else e}", file=sys.stderr)
        return 1
    send({"done": True})
    return 0


def _upgrade_plan(root, from_release, to_release, protocol_out) -> int:
    """Runs Tutor's own `tutor k8s upgrade --from` code with every Kubernetes action and write captured, not done."""
    import click
    from tutor import config as tutor_config
    from tutor import env as tutor_env
    from tutor import fmt
    import shlex

    from tutor.commands import k8s
    from tutor.commands.context import BaseTaskContext
    from tutor.commands.upgrade import OPENEDX_RELEASE_NAMES
    from tutor.commands.upgrade import k8s as k8s_upgrade
    from tutor.tasks import BaseTaskRunner

    if from_release not in OPENEDX_RELEASE_NAMES:
        print(f"lanes-tutor: --from {from_release}: not an Open edX release Tutor knows"
              f" ({', '.join(OPENEDX_RELEASE_NAMES)})", file=sys.stderr)
        return 2
    steps = []

    def message(text, *args, **kwargs):
        text = str(text)
        kind = "manual" if "unsupported in Kubernetes" in text else "message"
        steps.append({"kind": kind, "message": text.strip()})

    def unsupported(action):
        def capture(*args, **kwargs):
            steps.append({"kind": "unsupported", "action": action,
                          "detail": " ".join(str(a) for a in args if not isinstance(a, dict)) or action})
        return capture

    class CapturingRunner(BaseTaskRunner):
        def run_task(self, service, command):
            steps.append({"kind": "task", "service": service, "script": command.strip()})
            return 0

    class CapturingContext(BaseTaskContext):
        def job_runner(self, config):
            return CapturingRunner(self.root, config)

    class CapturingClickContext(click.Context):
        def invoke(self, callback, *args, **kwargs):
            unsupported("tutor k8s " + getattr(callback, "name", str(callback)))(**kwargs)

    from tutor.commands.upgrade import common as common_upgrade

    def mongodb_hop(config, to_docker_version, to_compatibility_version):
        if not config["RUN_MONGODB"]:
            steps.append({"kind": "external", "service": "mongodb",
                          "message": "You are not running MongoDB (RUN_MONGODB=false). It is your responsibility to"
                                     f" upgrade your MongoDb instance to {to_docker_version}."})
            return
        version, command = common_upgrade.get_mongo_upgrade_parameters(to_docker_version, to_compatibility_version)
        steps.append({"kind": "mongodb", "service": "mongodb", "version": to_docker_version,
                      "fcv": to_compatibility_version, "command": json.dumps(command),
                      "binary": "mongosh" if version >= 6 else "mongo"})

    def juniper_hop(config):
        if not config["RUN_MYSQL"]:
            steps.append({"kind": "external", "service": "mysql",
                          "message": "You are not running MySQL (RUN_MYSQL=false). It is your responsibility to"
                                     " upgrade your MySQL instance to v5.7."})
            return
        steps.append({"kind": "mysql", "service": "mysql", "version": "5.7", "script": "mysql_upgrade",
                      "user": str(config["MYSQL_ROOT_USERNAME"])})

    original_intermediate = common_upgrade.get_intermediate_mysql_upgrade

    def intermediate_mysql(config):
        if not config["RUN_MYSQL"]:
            steps.append({"kind": "external", "service": "mysql",
                          "message": "You are not running MySQL (RUN_MYSQL=false). It is your responsibility to"
                                     " upgrade your MySQL instance to v8.4."})
            return None
        image = original_intermediate(config)
        if image:
            steps.append({"kind": "mysql", "service": "mysql", "version": image.split(":")[-1], "image": image,
                          "script": "start", "user": str(config["MYSQL_ROOT_USERNAME"])})
        # Lanes runs the hop as one Job; what Tutor does with the image next (a mysql-81 Deployment, init) is not
        # captured as steps: deploy's own mysql init task runs on 8.4 afterwards, as Tutor's second init does.
        return None

    def kubectl_apply(root, *args, **kwargs):
        # Tutor's upgrades apply the env's objects of one service: --selector app.kubernetes.io/name=<service>
        selector = "app.kubernetes.io/name="
        if len(args) == 2 and args[0] == "--selector" and str(args[1]).startswith(selector) and not kwargs:
            steps.append({"kind": "apply", "service": str(args[1])[len(selector):]})
        else:
            unsupported("kubectl_apply")(*args)

    def wait_for_deployment_ready(config, service):
        steps.append({"kind": "wait", "service": service})

    def kubectl_exec(config, service, command):
        words = [str(word) for word in command]
        script = words[3] if len(words) == 4 and words[:3] == ["sh", "-e", "-c"] else shlex.join(words)
        steps.append({"kind": "exec", "service": service, "script": script.strip()})
        return 0

    def delete_resources(config, resources=None, name=None):
        if name or not resources:
            unsupported("delete_resources")(*(resources or []), *([name] if name else []))
            return
        databases = [d for d, run in (("mysql", "RUN_MYSQL"), ("mongodb", "RUN_MONGODB")) if config.get(run)]
        steps.append({"kind": "delete", "resources": " ".join(resources), "databases": " ".join(databases)})

    def save_env(root, config):
        steps.append({"kind": "env", "message": "tutor config save"})

    k8s_upgrade.upgrade_mongodb = mongodb_hop
    k8s_upgrade.upgrade_from_juniper = juniper_hop
    common_upgrade.get_intermediate_mysql_upgrade = intermediate_mysql
    fmt.echo_info = message
    fmt.echo_alert = message
    k8s.kubectl_apply = kubectl_apply
    k8s.kubectl_exec = kubectl_exec
    k8s.wait_for_deployment_ready = wait_for_deployment_ready
    k8s.delete_resources = delete_resources
    tutor_env.save = save_env
    tutor_config.save_enabled_plugins = unsupported("tutor plugins enable")
    context = CapturingClickContext(click.Command("upgrade"), obj=CapturingContext(root))
    with context:
        k8s_upgrade.upgrade_from(context, from_release)
    start = OPENEDX_RELEASE_NAMES.index(from_release)
    end = OPENEDX_RELEASE_NAMES.index(to_release) if to_release in OPENEDX_RELEASE_NAMES else len(OPENEDX_RELEASE_NAMES) - 1
    json.dump({"from": from_release, "to": to_release, "releases": OPENEDX_RELEASE_NAMES[start:end + 1],
               "steps": steps}, protocol_out, indent=1)
    protocol_out.write("\n")
    protocol_out.flush()
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
                "prompt": bool(getattr(param, "prompt", None)),
            }
            if entry["kind"] == "option":
                entry["opts"] = list(param.opts)
            params.append(entry)
        yield {"name": command.name, "help": (command.help or command.short_help or "").strip().split("\n")[0],
               "params": params}


if __name__ == "__main__":
    sys.exit(main())
