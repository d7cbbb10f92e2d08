"""A TEST DOUBLE of the few Nova and Neutron reads magnum-api makes while it validates a cluster template or a
cluster (magnum/api/attr_validator.py): flavors, one keypair, external networks. Nova and Neutron cannot run on
this machine within the project's means (hypervisor, placement, an ML2 agent), so magnum.sh registers this server
in Keystone's catalog as the `compute` and `network` services. Its answers follow the Compute API v2.1 ("List
Flavors With Details", "Show Keypair Details") and Networking API v2.0 ("List networks") references; any token is
accepted (Magnum sends the user's). Standard library only.

    python3 compute_network_double.py PORT
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

FLAVORS = [
    {"id": "1", "name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
    {"id": "2", "name": "m1.large", "vcpus": 4, "ram": 8192, "disk": 80},
    {"id": "3", "name": "m1.xlarge", "vcpus": 8, "ram": 16384, "disk": 160},
]
KEYPAIRS = {"lanes-ops": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeKeyOfTheComputeDouble lanes-ops"}
NETWORKS = [
    {"id": "5c3d0f4a-1b2e-4c9d-8f00-000000000001", "name": "public", "router:external": True, "status": "ACTIVE"},
    {"id": "5c3d0f4a-1b2e-4c9d-8f00-000000000002", "name": "private", "router:external": False, "status": "ACTIVE"},
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        path = url.path.rstrip("/")
        if path in ("", "/v2.1"):
            return self.reply(200, {"version": {"id": "v2.1", "status": "CURRENT"}})
        if not self.headers.get("X-Auth-Token"):
            return self.reply(401, {"error": {"code": 401, "message": "no token"}})
        if path in ("/v2.1/flavors/detail", "/v2.1/flavors"):
            return self.reply(200, {"flavors": [dict(f, links=[], **{"os-flavor-access:is_public": True})
                                                for f in FLAVORS]})
        if path.startswith("/v2.1/os-keypairs/"):
            name = path.rsplit("/", 1)[1]
            if name in KEYPAIRS:
                return self.reply(200, {"keypair": {"name": name, "public_key": KEYPAIRS[name], "type": "ssh"}})
            return self.reply(404, {"itemNotFound": {"code": 404, "message": f"Keypair {name} not found."}})
        if path == "/v2.0/networks":
            networks = NETWORKS
            external = query.get("router:external")
            if external:
                wanted = external[0].lower() == "true"
                networks = [n for n in NETWORKS if n["router:external"] == wanted]
            return self.reply(200, {"networks": networks})
        return self.reply(404, {"error": f"{path}: not part of this double"})

    def log_message(self, fmt, *args):
        sys.stderr.write("compute-network-double: " + (fmt % args) + "\n")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
