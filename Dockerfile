# syntax=docker/dockerfile:1
#
# One image per service of the fleet, from one parameterised file (BuildKit required: Docker 23+
# builds with it by default). Run from the repository root:
#
#   one service:  docker build --build-arg SERVICE=orders-service --build-arg PORT=8101 \
#                   -t bakery-ia/orders-service:dev .
#   all 14:       for entry in tenant-service:8081 orchestrator-service:8082 orders-service:8101 \
#                     inventory-service:8102 recipes-service:8103 sales-service:8104 \
#                     production-service:8105 suppliers-service:8106 pos-service:8107 \
#                     external-service:8108 forecasting-service:8109 training-service:8110 \
#                     alert-processor-service:8111 notification-service:8112; do
#                   docker build --build-arg SERVICE="${entry%%:*}" --build-arg PORT="${entry##*:}" \
#                     -t "bakery-ia/${entry%%:*}:dev" . || break
#                 done
#   key generator: docker build --target keygen -t bakery-ia/keygen:dev .
#   the whole set-up (PostgreSQL, keys, 14 services, Prometheus, Grafana):
#                 docker compose up --build
#
# The Maven build (stage `build`) does not use SERVICE, so BuildKit runs it once and every
# service image reuses it. docs/deployment.md describes the images and the compose set-up.
# Base images are pinned to a release; bump them together with the JDK and Maven of the build.

# ---- build: the whole reactor, once -------------------------------------------------------------
FROM maven:3.9.11-eclipse-temurin-21-noble AS build
# The maven image sets MAVEN_CONFIG=/root/.m2 for its entrypoint, which RUN does not go through;
# some Maven wrapper scripts pass that variable on as a goal ("Unknown lifecycle phase /root/.m2").
ENV MAVEN_CONFIG=""
WORKDIR /src
COPY . .
# JDK: the root pom runs maven-toolchains-plugin select-jdk-toolchain with version [21,) and its
# default useJdk=IfMatch, so the JDK that runs Maven here (the image's JAVA_HOME, Temurin 21) is
# used as it is: no toolchains.xml and no property needed (its discovery would also find that JDK).
# Spotless is skipped: it is the format gate of CI (.ci/run), and .git is not in the build context.
# The cache mount keeps ~/.m2 (the wrapper's Maven 3.9.11 and the dependencies) between builds;
# `locked` serialises builds that would otherwise write to it at the same time.
RUN --mount=type=cache,id=bakery-ia-m2,target=/root/.m2,sharing=locked \
    ./mvnw -B -q -DskipTests -Dskip.e2e=true -Dspotless.check.skip=true package -pl '!e2e-tests'

# ---- layers: one service's jar, extracted into Spring Boot's layers ------------------------------
FROM eclipse-temurin:21.0.9_10-jre-noble AS layers
ARG SERVICE
ARG PORT
RUN test -n "$SERVICE" && test -n "$PORT" \
    || { echo "build with --build-arg SERVICE=<module> --build-arg PORT=<its port> (see the top of the Dockerfile)" >&2; exit 1; }
WORKDIR /layers
COPY --from=build /src/${SERVICE}/target/${SERVICE}-*.jar app.jar
# `extract` only prints an error when the jar has no BOOT-INF/layers.idx, so check for the four
# layers; and check that PORT is the port the service's own application.yml defaults to.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /extracted \
    && for layer in dependencies spring-boot-loader snapshot-dependencies application; do \
         test -d "/extracted/$layer" || { echo "$SERVICE: no layer $layer (is layers.idx in the jar?)" >&2; exit 1; }; \
       done \
    && { grep -qF "\${PORT:${PORT}}" /extracted/application/BOOT-INF/classes/application.yml \
         || { echo "$SERVICE does not default to port $PORT (server.port in its application.yml)" >&2; exit 1; }; }

# ---- keygen: dev-only signing keys for docker compose (deploy/keygen/keygen.sh) -----------------
FROM alpine:3.22 AS keygen
RUN apk add --no-cache openssl
COPY --chmod=0755 deploy/keygen/keygen.sh /usr/local/bin/keygen.sh
ENTRYPOINT ["/usr/local/bin/keygen.sh"]
CMD ["/secrets"]

# ---- service: the runtime image (last stage, so a plain `docker build` gives it) ----------------
FROM eclipse-temurin:21.0.9_10-jre-noble AS service
# The user and training-service's artifact directory come first: this layer is the same in all 14
# images. curl is in the Temurin Ubuntu images; the health check below needs it.
RUN groupadd --gid 10001 bakery \
    && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
         --shell /usr/sbin/nologin bakery \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/bakery/training-artifacts \
    && command -v curl >/dev/null
WORKDIR /opt/bakery/app
# Least to most often changed: third-party jars, the Boot loader, deletion-core (a SNAPSHOT), the
# service's own classes. Owned by root: the service cannot change its own code.
COPY --from=layers /extracted/dependencies/ ./
COPY --from=layers /extracted/spring-boot-loader/ ./
COPY --from=layers /extracted/snapshot-dependencies/ ./
COPY --from=layers /extracted/application/ ./

# The flags measured on the local fleet (scripts/fleet, docs/benchmarks.md): SerialGC, C1 only,
# small stacks, code cache and metaspace. The heap follows the container's memory limit (40 %:
# about 150 MiB at 384M, 200 MiB at 512M, the -Xmx128m/-Xmx192m of the local fleet); an
# OutOfMemoryError ends the JVM so that the orchestrator (compose, Kubernetes) restarts it.
ENV JDK_JAVA_OPTIONS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m -XX:MaxRAMPercentage=40 -XX:+ExitOnOutOfMemoryError"

ARG SERVICE
ARG PORT
LABEL org.opencontainers.image.title="${SERVICE}" \
      org.opencontainers.image.description="Bakery-IA tenant deletion fleet: ${SERVICE}"
ENV PORT=${PORT}
EXPOSE ${PORT}

USER 10001:10001
STOPSIGNAL SIGTERM
# Readiness, on the management port when MANAGEMENT_SERVER_PORT is set (Kubernetes), else on the
# app port (compose). The 14 JVMs take 25 to 60 s to start together on 2 cores.
HEALTHCHECK --interval=10s --timeout=3s --start-period=180s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT:-$PORT}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
