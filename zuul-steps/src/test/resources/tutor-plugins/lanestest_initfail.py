"""Test plugin: an init task whose script exits 1, in a Job whose pods kwok fails with exit code 1 (README.md)."""
from tutor import hooks

hooks.Filters.ENV_PATCHES.add_item(
    (
        "k8s-jobs",
        """
---
apiVersion: batch/v1
kind: Job
metadata:
  name: lanestest-exit-job
  labels:
    app.kubernetes.io/component: job
spec:
  template:
    metadata:
      labels:
        lanes.test/fail: exit
    spec:
      restartPolicy: Never
      containers:
      - name: lanestest-exit
        image: {{ DOCKER_IMAGE_OPENEDX }}
""",
    )
)
hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lanestest-exit", "exit 1"))
