#!/usr/bin/python3
"""Test double of Zuul's zuul_return module: appends the data of each call, as one JSON line, to the file named
by the environment variable ZUUL_RETURN_RECORD. Only for tests; Zuul provides the real module."""
import json
import os

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(data=dict(type='dict', default=None), file=dict(type='path', default=None)),
        supports_check_mode=True)
    record = os.environ.get('ZUUL_RETURN_RECORD')
    if not record:
        module.fail_json(msg='zuul_return test double: ZUUL_RETURN_RECORD is not set')
    data = module.params['data']
    if module.params['file']:
        with open(module.params['file']) as source:
            data = json.load(source)
    with open(record, 'a') as out:
        out.write(json.dumps(data, sort_keys=True) + '\n')
    module.exit_json(changed=False)


if __name__ == '__main__':
    main()
