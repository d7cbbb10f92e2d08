"""Test plugin: Tutor's own `k8s-override` patch (kustomize patches over the env's objects) from the setting
LANESTEST_K8S_OVERRIDE (README.md). A change of that setting is a change of the env the way a platform's plugin makes one."""
from tutor import hooks

hooks.Filters.CONFIG_DEFAULTS.add_item(("LANESTEST_K8S_OVERRIDE", ""))
hooks.Filters.ENV_PATCHES.add_item(("k8s-override", "{{ LANESTEST_K8S_OVERRIDE }}"))
