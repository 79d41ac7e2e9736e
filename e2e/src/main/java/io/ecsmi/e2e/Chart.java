package io.ecsmi.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.ecsmi.operator.testing.KubeVersions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The Helm chart in helm/ecs-mi-operator, rendered and linted by real Helm (helm-java). */
public final class Chart {

  public static final String NAME = "ecs-mi-operator";

  private Chart() {}

  public static Path path() {
    return KubeVersions.projectRoot().resolve("helm").resolve(NAME);
  }

  /** {@code helm template} with these {@code --set} values. */
  public static String render(String release, String namespace, Map<String, Object> values) {
    var template = new Helm(path()).template().withName(release).withNamespace(namespace);
    values.forEach(template::set);
    return template.call();
  }

  /** The rendered objects, parsed. */
  public static List<HasMetadata> objects(
      String release, String namespace, Map<String, Object> values) {
    return parse(render(release, namespace, values));
  }

  public static List<HasMetadata> parse(String yaml) {
    KubernetesSerialization serialization = new KubernetesSerialization();
    return Arrays.stream(yaml.split("(?m)^---\\s*$"))
        .filter(doc -> doc.lines().anyMatch(l -> l.startsWith("kind:")))
        .map(doc -> (HasMetadata) serialization.unmarshal(doc))
        .toList();
  }

  /** {@code helm lint --strict}. */
  public static LintResult lint() {
    return new Helm(path()).lint().strict().call();
  }
}
