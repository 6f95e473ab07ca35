# Sourced by bin/cio-sync, bin/cio-sync-upsert and bin/cio-sync-train once $jar is set. Sets
#   java          the JVM to run: $JAVA_HOME/bin/java, else java on the path
#   java_version  its feature version (21, 25, ...), read from the JDK's release file (no JVM started to ask it;
#                 `java -version` where there is no release file), empty if unknown
#   aot_cache     the start-up cache next to $jar that this JVM can use (bin/cio-sync-train writes it): app.aot on
#                 JDK 25+, app.jsa (AppCDS) on JDK 21-24; empty if there is none
#   jit_opts      the JIT's C1 tier alone (-XX:TieredStopAtLevel=1): on 2 cores the first job of a new process is
#                 1.5-1.9x the official client's time with it, 0.9-1.5x with C2 compiling beside the job; a warm
#                 million-user job costs a tenth more CPU (docs/benchmark.md, Issue 18). JAVA_OPTS come after it and
#                 win: JAVA_OPTS=-XX:TieredStopAtLevel=4 brings back C2
#   aot_opts      the JVM option that uses it (empty without one): the JVM ignores a cache from another build of the
#                 jar or of the JDK, so a stale one costs nothing but its benefit
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
java_home=${JAVA_HOME:-}
if [ -z "$java_home" ] && command -v java > /dev/null 2>&1; then
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
java_version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2> /dev/null || true)
if [ -z "$java_version" ]; then
  java_version=$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1)
fi
jit_opts=-XX:TieredStopAtLevel=1
aot_cache=
aot_opts=
if [ -n "$java_version" ] && [ "$java_version" -ge 25 ]; then
  aot_cache="$(dirname "$jar")/app.aot"
  if [ -f "$aot_cache" ]; then aot_opts="-XX:AOTCache=$aot_cache"; fi
elif [ -n "$java_version" ] && [ "$java_version" -ge 21 ]; then
  aot_cache="$(dirname "$jar")/app.jsa"
  if [ -f "$aot_cache" ]; then aot_opts="-XX:SharedArchiveFile=$aot_cache"; fi
fi
