# syntax=docker/dockerfile:1
#
# The llm-cache service image. The jar is built outside the image, never inside it:
#
#   ./mvnw -DskipTests package && docker build -t llm-cache:0.1.0 .
#
# Stage 1 splits the Spring Boot jar into its layers (dependencies change rarely, the
# application on every commit), stage 2 copies them layer by layer into a JRE image and
# makes the JVM's AOT cache from a training run, so that a new pod serves its first
# request about a second sooner (10.2 s instead of 11.3 s on 2 cores:
# bench/README.md#warm-up). A new build of the application pushes and pulls its small
# application layer and the cache layer (about 90 MB).
#
# The service is compiled for Java 17 and runs on Java 25 here. To bump the JRE, take the
# newest `<version>_<build>-jre-noble` tag of eclipse-temurin (for example 25.0.3_9-jre-noble)
# and change JRE_IMAGE below; for a byte-for-byte reproducible build append its digest
# (`eclipse-temurin:25.0.2_10-jre-noble@sha256:...`, from `docker buildx imagetools inspect`).
# The Temurin noble JRE images carry neither curl nor wget.
ARG JRE_IMAGE=eclipse-temurin:25.0.2_10-jre-noble

FROM ${JRE_IMAGE} AS extract
WORKDIR /workspace
ARG JAR_FILE=target/llm-cache-*.jar
COPY ${JAR_FILE} app.jar
# Spring Boot 4's layer tools: dependencies (lib/*.jar), spring-boot-loader (empty without
# the launcher), snapshot-dependencies and application (app.jar, whose manifest names
# lib/), each a directory tree to copy over the working directory. Plain jars on the class
# path rather than the Boot launcher: the AOT cache holds only classes that the JVM's own
# class loaders load.
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM ${JRE_IMAGE}
# A fixed, numeric, unprivileged user (Kubernetes' runAsNonRoot can check a number only).
RUN groupadd --system --gid 10001 llmcache \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin llmcache
WORKDIR /app
# Least to most often changed. The files stay owned by root: the service cannot change them.
COPY --from=extract /workspace/extracted/dependencies/ ./
COPY --from=extract /workspace/extracted/spring-boot-loader/ ./
COPY --from=extract /workspace/extracted/snapshot-dependencies/ ./
COPY --from=extract /workspace/extracted/application/ ./
# The training run of the JVM's AOT cache (JEP 514, Java 25): the application starts up to
# its refreshed context, with no Redis (nothing connects before the context is refreshed)
# and the ENTRYPOINT's own JVM options, which the cache must match, and the JVM writes the
# classes it loaded and linked, and the profiles it gathered, to app.aot. A JVM that cannot
# use the cache (another JVM version) starts without it.
RUN java -XX:AOTCacheOutput=app.aot -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp \
        --add-modules=ALL-SYSTEM -Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=25 \
        -Dspring.context.exit=onRefresh -jar app.jar
USER 10001:10001
# 8080: the API; 9090: Actuator (probes, metrics), never to be published to callers
EXPOSE 8080 9090
# Runs with a read-only root filesystem: the only writes go to /tmp (Tomcat's work files,
# JVM temporary files), which Kubernetes mounts as an emptyDir. The heap is 75% of the
# container's memory limit; an OutOfMemoryError ends the JVM so that the pod is restarted
# instead of limping on. More JVM options: the JDK_JAVA_OPTIONS environment variable (they
# come before these; -Xmx wins over MaxRAMPercentage).
# The semantic index compares vectors with SIMD instructions when Lucene can use the JDK's
# Vector API: its incubator module must be resolved (ALL-SYSTEM resolves it where the
# runtime has it and never fails where it does not; the JVM then prints "Using incubator
# modules" once), and Lucene 9.12 must be told that Java 25 is fine. On Java 17 the flags
# change nothing. Measured on 100,000 vectors: searches about 15 % faster, graph builds and
# compactions about a third faster (bench/README.md). On a newer Java than 25 Lucene falls
# back to plain Java until the property is raised.
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "--add-modules=ALL-SYSTEM", "-Dorg.apache.lucene.vectorization.upperJavaFeatureVersion=25", "-jar", "app.jar"]
