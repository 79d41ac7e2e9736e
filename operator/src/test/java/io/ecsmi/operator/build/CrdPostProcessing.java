package io.ecsmi.operator.build;

import io.ecsmi.operator.api.v1alpha1.SetSemantics;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A build step (run by the operator module at process-test-classes) that finishes the generated CRD
 * where crd-generator cannot:
 *
 * <ul>
 *   <li>puts the printer columns in the order the resource class declares them (crd-generator sorts
 *       them by JSON path, which would print AGE first; kubectl users expect NAME, CLUSTER, READY,
 *       ..., AGE);
 *   <li>marks every list annotated {@link SetSemantics} {@code x-kubernetes-list-type: set}.
 * </ul>
 *
 * <p>Usage: {@code CrdPostProcessing <crd.yml> <custom resource class>}.
 */
public final class CrdPostProcessing {

  private CrdPostProcessing() {}

  public static void main(String[] args) throws IOException, ClassNotFoundException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: CrdPostProcessing <crd.yml> <resource class>");
    }
    Path file = Path.of(args[0]);
    Class<?> resource = Class.forName(args[1]);
    var serialization = new KubernetesSerialization();
    String yaml = Files.readString(file);
    CustomResourceDefinition crd = serialization.unmarshal(yaml, CustomResourceDefinition.class);
    for (var version : crd.getSpec().getVersions()) {
      orderPrinterColumns(version.getAdditionalPrinterColumns(), resource);
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      markSets(root.getProperties().get("spec"), specType(resource));
    }
    String header =
        yaml.lines()
            .takeWhile(l -> l.startsWith("#"))
            .map(l -> l + "\n")
            .reduce("", String::concat);
    Files.writeString(file, header + serialization.asYaml(crd));
  }

  private static void orderPrinterColumns(
      List<CustomResourceColumnDefinition> columns, Class<?> resource) {
    List<String> declared =
        Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (CustomResourceColumnDefinition column : columns) {
      if (!declared.contains(column.getName())) {
        throw new IllegalStateException("column " + column.getName() + " is not declared");
      }
    }
    columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
  }

  /** The spec's class: the first type argument of CustomResource<Spec, Status>. */
  private static Class<?> specType(Class<?> resource) {
    var type = (ParameterizedType) resource.getGenericSuperclass();
    return (Class<?>) type.getActualTypeArguments()[0];
  }

  /** Walks the schema along the record's components; marks the lists that are sets. */
  private static void markSets(JSONSchemaProps schema, Type type) {
    if (schema == null) {
      return;
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (List.class.isAssignableFrom(raw)) {
        markSets(
            schema.getItems() == null ? null : schema.getItems().getSchema(),
            p.getActualTypeArguments()[0]);
      } else if (Map.class.isAssignableFrom(raw) && schema.getAdditionalProperties() != null) {
        markSets(schema.getAdditionalProperties().getSchema(), p.getActualTypeArguments()[1]);
      }
      return;
    }
    if (!(type instanceof Class<?> c) || !c.isRecord()) {
      return;
    }
    for (RecordComponent component : c.getRecordComponents()) {
      JSONSchemaProps property = schema.getProperties().get(component.getName());
      if (property == null) {
        throw new IllegalStateException(
            c.getSimpleName() + "." + component.getName() + " is not in the generated schema");
      }
      if (component.isAnnotationPresent(SetSemantics.class)) {
        if (!"array".equals(property.getType())) {
          throw new IllegalStateException(component + " is marked a set but is not a list");
        }
        property.setXKubernetesListType("set");
      }
      markSets(property, component.getGenericType());
    }
  }
}
