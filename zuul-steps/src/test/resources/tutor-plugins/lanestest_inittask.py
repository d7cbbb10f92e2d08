"""Test plugin (README.md): an init task in Tutor's lms-job whose script says the setting LANESTEST_INIT_MESSAGE. A
change of the setting changes that one task's script, and nothing else of the env: what render must call changed."""
from tutor import hooks

hooks.Filters.CONFIG_DEFAULTS.add_item(("LANESTEST_INIT_MESSAGE", "first"))
hooks.Filters.CLI_DO_INIT_TASKS.add_item(("lms", "echo 'lanestest: {{ LANESTEST_INIT_MESSAGE }}'"))
