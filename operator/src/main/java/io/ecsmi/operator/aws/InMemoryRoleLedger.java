package io.ecsmi.operator.aws;

/**
 * A {@link RoleLedger} in this process's memory: for an operator that has nowhere to keep state in
 * the cluster, and for tests. A restart forgets it.
 */
public final class InMemoryRoleLedger implements RoleLedger {

  private Entry entry = Entry.EMPTY;
  private long version;

  @Override
  public synchronized Versioned read() {
    return new Versioned(entry, version == 0 ? null : Long.toString(version));
  }

  @Override
  public synchronized boolean write(Entry next, String expected) {
    String current = version == 0 ? null : Long.toString(version);
    if (!java.util.Objects.equals(current, expected)) {
      return false;
    }
    entry = next;
    version++;
    return true;
  }
}
