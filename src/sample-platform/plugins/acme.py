"""
acme's own Tutor plugin (Tutor loads it from $TUTOR_PLUGINS_ROOT: Lanes points that at this directory).

It adds the platform's image to the env Tutor writes: env/plugins/acme/build/openedx/, the build context that
`zuul-steps build-image --build-dir env/plugins/acme/build` builds as acme's `openedx` image (DOCKER_IMAGE_OPENEDX in
config.yml). A stand-in: Tutor's own env/build/openedx/Dockerfile clones edx-platform from GitHub and installs it
with pip and npm, which the machines this sample runs on cannot reach; this image is built from scratch from what
Tutor renders here, so its content still follows the platform's config (release, hosts).
"""
import os

from tutor import hooks

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "acme", "templates")

hooks.Filters.ENV_TEMPLATE_ROOTS.add_item(TEMPLATES)
# templates/acme/build/... is written to env/plugins/acme/build/..., as Tutor's own plugins (mfe) lay out theirs.
hooks.Filters.ENV_TEMPLATE_TARGETS.add_item(("acme/build", "plugins"))
