#!/usr/bin/env python3
"""Writes N Tutor projects made from the sample (src/sample-platform) and the platform map naming them all, for the
render benchmark's Tutor rows.

Usage: generate-tutor-platforms.py DIR N. Writes DIR/lanes.config (N platforms on one cluster, each with its own
namespace, branch, registry prefix and backup) and, per platform, DIR/<name>/config.yml and DIR/<name>/plugins/ (a
Tutor root, before `tutor config save` writes its env/). Prints the platforms' names, one a line.

The first platform is the sample itself (acme: its config.yml and plugins, unchanged). The others are copies with
their own name everywhere the sample says acme (hosts, namespace, registry prefix, images, e-mail), their own ID and
passwords (derived from the name, so a run is repeatable; the JWT key is the sample's), and one of three plugin sets,
in turn:
  own+mfe   the platform's own image plugin (the sample's acme.py, renamed) and tutor-mfe: acme's set
  mfe       tutor-mfe only (the platform builds Tutor's own openedx image)
  own       its own image plugin only (no micro-frontends)
Every root has a plugins/ directory (empty without an own plugin), so render and the anchor both point
TUTOR_PLUGINS_ROOT at it.
"""
import hashlib
import os
import re
import shutil
import sys

NAMES = ["acme", "globex", "initech", "umbrella", "hooli", "wonka", "stark", "wayne", "tyrell", "cyberdyne"]
PLUGIN_SETS = [("own+mfe", True, True), ("mfe", False, True), ("own", True, False)]
SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "sample-platform")
# The config keys whose values are the platform's own secrets or identity, and each one's length.
SECRETS = {"CMS_OAUTH2_SECRET": 24, "ID": 24, "MEILISEARCH_API_KEY": 64, "MEILISEARCH_MASTER_KEY": 24,
           "MYSQL_ROOT_PASSWORD": 8, "OPENEDX_MYSQL_PASSWORD": 8, "OPENEDX_SECRET_KEY": 24}


def derived(name, key, length):
    """A repeatable stand-in for a secret Tutor would generate: letters and digits from the name and key."""
    digest = hashlib.sha256(f"{name}/{key}".encode()).hexdigest()
    return (digest * 2)[:length]


def config(sample_text, name, plugins):
    text = sample_text.replace("acme", name).replace("Acme", name.capitalize())
    for key, length in SECRETS.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {derived(name, key, length)}", text, flags=re.M)
    text = re.sub(r"^PLUGINS:\n(?:- .*\n)+", "PLUGINS:\n" + "".join(f"- {p}\n" for p in plugins), text, flags=re.M)
    return text


def own_plugin(plugins_dir, name):
    """The sample's acme.py and its templates, renamed to the platform (module, template root and target)."""
    source = os.path.join(SAMPLE, "plugins")
    with open(os.path.join(source, "acme.py"), encoding="utf-8") as f:
        module = f.read().replace("acme", name)
    with open(os.path.join(plugins_dir, f"{name}.py"), "w", encoding="utf-8") as f:
        f.write(module)
    shutil.copytree(os.path.join(source, "acme", "templates", "acme"),
                    os.path.join(plugins_dir, name, "templates", name))


def map_entry(name):
    return (f'[platform "{name}"]\n\tbranch = platform/{name}\n\tnamespace = openedx-{name}\n\tcluster = prod\n'
            f'\tregistry = localhost:5000\n\tbackup = nightly-{name}\n'
            f'[backup "nightly-{name}"]\n\tendpoint = http://127.0.0.1:8082\n\tbucket = openedx-backups\n'
            f'\tschedule = 30 1 * * *\n\tkeep = 7\n\tcredentialSecret = backup-s3-{name}\n')


def main(argv):
    if len(argv) != 3 or not argv[2].isdigit() or not 1 <= int(argv[2]) <= len(NAMES):
        print(f"usage: generate-tutor-platforms.py DIR N (N from 1 to {len(NAMES)})", file=sys.stderr)
        return 2
    root, count = argv[1], int(argv[2])
    with open(os.path.join(SAMPLE, "config.yml"), encoding="utf-8") as f:
        sample_config = f.read()
    entries = []
    for i, name in enumerate(NAMES[:count]):
        platform = os.path.join(root, name)
        plugins_dir = os.path.join(platform, "plugins")
        if name == "acme":
            shutil.copytree(os.path.join(SAMPLE, "plugins"), plugins_dir)
            shutil.copy(os.path.join(SAMPLE, "config.yml"), platform)
        else:
            _, own, mfe = PLUGIN_SETS[i % len(PLUGIN_SETS)]
            os.makedirs(plugins_dir)
            if own:
                own_plugin(plugins_dir, name)
            plugins = ([name] if own else []) + (["mfe"] if mfe else [])
            with open(os.path.join(platform, "config.yml"), "w", encoding="utf-8") as f:
                f.write(config(sample_config, name, plugins))
        entries.append(map_entry(name))
        print(name)
    with open(os.path.join(root, "lanes.config"), "w", encoding="utf-8") as f:
        f.write(f"# {count} platforms made from the sample by bench/render/generate-tutor-platforms.py.\n")
        f.write("".join(entries))
        f.write("[cluster \"prod\"]\n\tserver = https://10.0.0.10:6443\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
