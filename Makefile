# The two commands a newcomer needs are `make demo` and `make test`; see README.md.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
MVN := ./mvnw -B
CRD := capacityproviders.ecsmi.io-v1.yml
CHART := helm/ecs-mi-operator

.PHONY: test kube-binaries crds fmt clean

## test: provision the local Kubernetes binaries (once), then build and run every test tier
test: kube-binaries
	$(MVN) verify

## kube-binaries: build kube-apiserver, kubectl and etcd into ~/.kubeapitest unless present
kube-binaries:
	scripts/provision-kube-binaries.sh

## fmt: format the Java sources (the build fails on unformatted code)
fmt:
	$(MVN) -q spotless:apply

## clean: remove build output
clean:
	$(MVN) -q clean
