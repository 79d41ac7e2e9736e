package io.ecsmi.operator.build;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A build step (run by the operator module at process-test-classes): puts the generated CRD's
 * printer columns in the order the resource class declares them. crd-generator sorts them by JSON
 * path, which would print AGE first; kubectl users expect NAME, CLUSTER, READY, ..., AGE.
 *
 * <p>Usage: {@code PrinterColumnOrder <crd.yml> <custom resource class>}.
 */
public final class PrinterColumnOrder {

  private PrinterColumnOrder() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: PrinterColumnOrder <crd.yml> <resource class>");
    }
    Path file = Path.of(args[0]);
    List<String> declared =
        Arrays.stream(Class.forName(args[1]).getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    var serialization = new KubernetesSerialization();
    String yaml = Files.readString(file);
    CustomResourceDefinition crd = serialization.unmarshal(yaml, CustomResourceDefinition.class);
    for (var version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
      for (CustomResourceColumnDefinition column : columns) {
        if (!declared.contains(column.getName())) {
          throw new IllegalStateException("column " + column.getName() + " is not declared");
        }
      }
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
    }
    String header =
        yaml.lines()
            .takeWhile(l -> l.startsWith("#"))
            .map(l -> l + "\n")
            .reduce("", String::concat);
    Files.writeString(file, header + serialization.asYaml(crd));
  }
}
