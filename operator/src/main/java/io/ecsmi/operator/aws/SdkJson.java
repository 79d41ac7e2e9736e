package io.ecsmi.operator.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * SDK model objects to and from JSON in the ECS wire shape (awsJson1_1), through the SDK's own
 * field metadata ({@link SdkPojo#sdkFields()}): the member names, nesting and types are the AWS
 * model's, not a copy of them. Enum members travel as their wire strings, so a value this SDK
 * version does not know (ECS added one) is carried as is instead of failing.
 */
final class SdkJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private SdkJson() {}

  /** {@code pojo} as the wire JSON; absent members (and lists the service did not send) omitted. */
  static ObjectNode toJson(SdkPojo pojo) {
    ObjectNode json = JSON.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      JsonNode node = value(field, value);
      if (node != null) {
        json.set(field.locationName(), node);
      }
    }
    return json;
  }

  /**
   * Builds the SDK object whose builder {@code builder} supplies from wire JSON. A member the shape
   * does not have is a bug in the caller, not something to drop silently.
   */
  @SuppressWarnings("unchecked")
  static <T> T fromJson(JsonNode json, Supplier<? extends SdkPojo> builder) {
    return (T) build(json, builder.get(), "");
  }

  private static Object build(JsonNode json, SdkPojo builder, String path) {
    if (!json.isObject()) {
      throw new IllegalArgumentException(path + " must be an object, not " + json);
    }
    Map<String, SdkField<?>> fields = byLocationName(builder);
    json.properties()
        .forEach(
            member -> {
              SdkField<?> field = fields.get(member.getKey());
              String at = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
              if (field == null) {
                throw new IllegalArgumentException(
                    at + " is not a member of " + builder.getClass().getSimpleName());
              }
              if (!member.getValue().isNull()) {
                field.set(builder, fromValue(field, member.getValue(), at));
              }
            });
    return ((Buildable) builder).build();
  }

  private static Map<String, SdkField<?>> byLocationName(SdkPojo pojo) {
    Map<String, SdkField<?>> fields = new java.util.HashMap<>();
    pojo.sdkFields().forEach(f -> fields.put(f.locationName(), f));
    return fields;
  }

  private static JsonNode value(SdkField<?> field, Object value) {
    if (value == null || value instanceof SdkAutoConstructList) {
      return null;
    }
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return toJson((SdkPojo) value);
    }
    if (type == MarshallingType.LIST) {
      SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
      ArrayNode array = JSON.arrayNode();
      for (Object item : (List<?>) value) {
        JsonNode node = value(member, item);
        array.add(node == null ? JSON.nullNode() : node);
      }
      return array;
    }
    if (value instanceof String s) {
      return JSON.textNode(s);
    }
    if (value instanceof Integer i) {
      return JSON.numberNode(i);
    }
    if (value instanceof Long l) {
      return JSON.numberNode(l);
    }
    if (value instanceof Double d) {
      return JSON.numberNode(d);
    }
    if (value instanceof Boolean b) {
      return JSON.booleanNode(b);
    }
    throw new IllegalArgumentException(
        "no JSON form for " + field.memberName() + " of type " + type + ": " + value);
  }

  private static Object fromValue(SdkField<?> field, JsonNode value, String path) {
    MarshallingType<?> type = field.marshallingType();
    if (type == MarshallingType.SDK_POJO) {
      return build(value, field.constructor().get(), path);
    }
    if (type == MarshallingType.LIST) {
      if (!value.isArray()) {
        throw new IllegalArgumentException(path + " must be a list, not " + value);
      }
      SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
      List<Object> items = new ArrayList<>();
      int i = 0;
      for (JsonNode item : value) {
        items.add(fromValue(member, item, path + "[" + i++ + "]"));
      }
      return items;
    }
    if (type == MarshallingType.STRING && value.isTextual()) {
      return value.asText();
    }
    if (type == MarshallingType.INTEGER && value.canConvertToInt() && value.isIntegralNumber()) {
      return value.intValue();
    }
    if (type == MarshallingType.LONG && value.isIntegralNumber()) {
      return value.longValue();
    }
    if (type == MarshallingType.DOUBLE && value.isNumber()) {
      return value.doubleValue();
    }
    if (type == MarshallingType.BOOLEAN && value.isBoolean()) {
      return value.booleanValue();
    }
    throw new IllegalArgumentException(path + " must be of type " + type + ", not " + value);
  }
}
