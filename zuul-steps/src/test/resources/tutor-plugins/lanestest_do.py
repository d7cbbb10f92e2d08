"""Test plugin: `do` jobs whose task fails (exit 1) or never ends, the latter with a secret option (README.md)."""
import typing as t

import click
from tutor import hooks

JOB = """
---
apiVersion: batch/v1
kind: Job
metadata:
  name: lanestest-do{fail}-job
  labels:
    app.kubernetes.io/component: job
spec:
  template:
    metadata:
      labels:
        lanes.test/fail: {fail}
    spec:
      restartPolicy: Never
      containers:
      - name: lanestest-do{fail}
        image: {{{{ DOCKER_IMAGE_OPENEDX }}}}
"""

hooks.Filters.ENV_PATCHES.add_items([("k8s-jobs", JOB.format(fail="exit")), ("k8s-jobs", JOB.format(fail="hang"))])


@click.command(name="lanestest-fail", help="A task that exits 1")
def lanestest_fail() -> t.Iterable[tuple[str, str]]:
    yield ("lanestest-doexit", "exit 1")


@click.command(name="lanestest-hang", help="A task that never ends, given a secret token")
@click.option("--token", prompt=True, hide_input=True, help="A secret")
def lanestest_hang(token: str) -> t.Iterable[tuple[str, str]]:
    yield ("lanestest-dohang", f"test -n '{token}'\nsleep infinity")


hooks.Filters.CLI_DO_COMMANDS.add_items([lanestest_fail, lanestest_hang])
