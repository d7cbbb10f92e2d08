"""Test plugin: an init task that never ends, in a Job whose pods kwok keeps running (README.md)."""
from tutor import hooks

hooks.Filters.ENV_PATCHES.add_item(
    (
        "k8s-jobs",
        """
---
apiVersion: batch/v1
kind: Job
metadata:
  name: lanestest-hang-job
  labels:
    app.kubernetes.io/component: job
spec:
  template:
    metadata:
      labels:
        lanes.test/fail: hang
    spec:
      restartPolicy: Never
      containers:
      - name: lanestest-hang
        image: {{ DOCKER_IMAGE_OPENEDX }}
""",
    )
)
hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lanestest-hang", "sleep infinity"))
