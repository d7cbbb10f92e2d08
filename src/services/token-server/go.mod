// The distribution project's own reference token server (docker/distribution v2.8.3, contrib/token-server), built
// by src/services/registry.sh for LANES_REGISTRY_AUTH=token: the Docker registry token flow, served for real. These
// requires are its pins (built with `go build github.com/docker/distribution/contrib/token-server` in this folder;
// never `go mod tidy`: the module has no Go file of its own).
module lanes.local/tokenserver

go 1.26.0

require (
	github.com/distribution/reference v0.6.0
	github.com/docker/distribution v2.8.3+incompatible
	github.com/docker/libtrust v0.0.0-20160708172513-aabc10ec26b7
	github.com/gorilla/mux v1.8.1
	github.com/opencontainers/go-digest v1.0.0
	github.com/opencontainers/image-spec v1.1.1
	github.com/sirupsen/logrus v1.10.2
	golang.org/x/crypto v0.59.0
	golang.org/x/sys v0.50.0
)
