"""Decrypts every secret of a zuul.d file with Zuul's own code, as the executor does; prints {name.key: plaintext}."""
import json
import sys

from cryptography.hazmat.primitives import serialization
from zuul.lib import yamlutil

private_key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
values = {}
for stanza in yamlutil.encrypted_load(open(sys.argv[2]).read()):
    secret = stanza.get("secret")
    if secret:
        for key, value in secret["data"].items():
            values[secret["name"] + "." + key] = value.decrypt(private_key)
print(json.dumps(values))
