# The two commands a newcomer needs are `make demo` and `make test`; see README.md.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
MVN := ./mvnw -B
CRD := capacityproviders.ecsmi.io-v1.yml
CHART := helm/ecs-mi-operator

.PHONY: demo test bench reliability tools kube-binaries moto crds manifests fmt clean

## demo: the whole product on this machine in about a minute (ARGS=--keep leaves it running)
demo: kube-binaries
	$(MVN) -q -pl e2e -am package -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
	java -cp "e2e/target/classes:$$(cat e2e/target/demo.classpath)" io.ecsmi.e2e.Demo $(ARGS)

## test: provision the test tools (once), then build and run every test tier
test: tools
	$(MVN) verify

## bench: the operator at N=100 and 1000 (and the naive baseline) against the emulator configured
## like AWS; prints the table, writes e2e/target/bench/bench.{md,json} (ARGS=--sizes 100 for less)
bench: kube-binaries
	$(MVN) -q -pl e2e -am package -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
	java -cp "e2e/target/classes:$$(cat e2e/target/demo.classpath)" io.ecsmi.e2e.bench.Bench $(ARGS)

## reliability: faults, crashes and races with the invariants checked after each; prints the table
## (ARGS="--scenarios faults --size 50" for less)
reliability: kube-binaries
	$(MVN) -q -pl e2e -am package -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
	java -cp "e2e/target/classes:$$(cat e2e/target/demo.classpath)" io.ecsmi.e2e.reliability.Reliability $(ARGS)

## tools: everything the tests need beyond the JDK, installed once and cached
tools: kube-binaries moto

## kube-binaries: build kube-apiserver, kubectl and etcd into ~/.kubeapitest unless present
kube-binaries:
	scripts/provision-kube-binaries.sh

## moto: install moto's server (the IAM cross-check) into ~/.cache/ecs-mi-operator unless present
moto:
	scripts/provision-moto.sh >/dev/null

## crds: regenerate the CRD from the Java model into crds/ and the Helm chart (commit the result)
crds:
	$(MVN) -q -pl operator -am process-test-classes
	mkdir -p crds $(CHART)/crds
	cp operator/target/classes/META-INF/fabric8/$(CRD) crds/$(CRD)
	cp operator/target/classes/META-INF/fabric8/$(CRD) $(CHART)/crds/$(CRD)

## manifests: render config/install.yaml (namespace, CRD, chart with default values) for users without Helm
manifests:
	$(MVN) -q -pl e2e -am package -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
	java -cp "e2e/target/classes:$$(cat e2e/target/demo.classpath)" io.ecsmi.e2e.InstallManifest

## fmt: format the Java sources (the build fails on unformatted code)
fmt:
	$(MVN) -q spotless:apply

## clean: remove build output
clean:
	$(MVN) -q clean
