"""Test plugin (README.md): Tutor's own `k8s-override` patch (kustomize patches over the env's objects) from the
setting LANESTEST_K8S_OVERRIDE, and more objects (in k8s/services.yml, through Tutor's `k8s-services` patch) from
LANESTEST_K8S_EXTRA. A change of either setting changes the env the way a platform's own plugin would."""
from tutor import hooks

hooks.Filters.CONFIG_DEFAULTS.add_items([("LANESTEST_K8S_OVERRIDE", ""), ("LANESTEST_K8S_EXTRA", "")])
hooks.Filters.ENV_PATCHES.add_items(
    [("k8s-override", "{{ LANESTEST_K8S_OVERRIDE }}"), ("k8s-services", "{{ LANESTEST_K8S_EXTRA }}")]
)
