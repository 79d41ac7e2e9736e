package io.ecsmi.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecsmi.operator.testing.KubeVersions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** config/gitops/argocd-health.lua, run by a Lua interpreter on statuses the operator writes. */
class ArgoCdHealthTest {

  private static LuaTable condition(String type, String status, String reason, String message) {
    LuaTable c = new LuaTable();
    c.set("type", type);
    c.set("status", status);
    c.set("reason", reason);
    c.set("message", message);
    return c;
  }

  /** A CapacityProvider as Argo CD hands it to the script. */
  private static LuaTable resource(long generation, long observed, String state, boolean deleting) {
    LuaTable metadata = new LuaTable();
    metadata.set("generation", generation);
    if (deleting) {
      metadata.set("deletionTimestamp", "2026-01-01T00:00:00Z");
    }
    LuaTable obj = new LuaTable();
    obj.set("metadata", metadata);
    if (state.equals("none")) {
      return obj;
    }
    LuaTable conditions = new LuaTable();
    boolean ready = state.equals("ready");
    boolean stalled = state.equals("stalled");
    conditions.set(
        1,
        condition(
            "Ready",
            ready ? "True" : "False",
            ready ? "Ready" : stalled ? "AccessDeniedException" : "Updating",
            ready
                ? "matches the spec"
                : stalled ? "grant ecs:CreateCapacityProvider" : "updating monitoring"));
    conditions.set(
        2,
        condition(
            "Reconciling",
            state.equals("reconciling") ? "True" : "False",
            "Updating",
            "updating monitoring"));
    conditions.set(
        3,
        condition(
            "Stalled",
            stalled ? "True" : "False",
            "AccessDeniedException",
            stalled ? "grant ecs:CreateCapacityProvider" : "not stalled"));
    LuaTable status = new LuaTable();
    status.set("observedGeneration", observed);
    status.set("conditions", conditions);
    obj.set("status", status);
    return obj;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ready for its generation|2|2|ready|false|Healthy|matches the spec",
        "updating|2|2|reconciling|false|Progressing|updating monitoring",
        "stalled|2|2|stalled|false|Degraded|grant ecs:CreateCapacityProvider",
        "a newer spec not yet reconciled|3|2|ready|false|Progressing|latest spec",
        "no status yet|1|0|none|false|Progressing|Waiting for the operator",
        "being deleted|2|2|ready|true|Progressing|Deleting"
      })
  void mapsConditionsToArgoCdHealth(
      String name,
      long generation,
      long observed,
      String state,
      boolean deleting,
      String health,
      String message)
      throws Exception {
    Path script = KubeVersions.projectRoot().resolve("config/gitops/argocd-health.lua");
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", resource(generation, observed, state, deleting));

    LuaValue result = globals.load(Files.readString(script), "argocd-health.lua").call();

    assertThat(result.get("status").tojstring()).isEqualTo(health);
    assertThat(result.get("message").tojstring()).contains(message);
  }
}
